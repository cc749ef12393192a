"""Geodesic areas and lengths on the WGS84 ellipsoid."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

if TYPE_CHECKING:
    from pyproj import Geod


@cache
def wgs84() -> Geod:
    """The WGS84 ellipsoid, built on first use: pyproj takes a while to import and a cached statistics run
    measures nothing."""
    from pyproj import Geod

    return Geod(ellps="WGS84")


def __getattr__(name: str):
    if name == "WGS84":  # the old module-level name, kept for callers that import it
        return wgs84()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _ring_coordinates(rings) -> list[np.ndarray]:
    """The coordinate arrays of many rings or lines, in one pass through GEOS."""
    coords, index = shapely.get_coordinates(rings, return_index=True)
    cuts = np.flatnonzero(np.diff(index)) + 1
    return np.split(coords, cuts)


def area_km2(geom: BaseGeometry | None) -> float:
    """Geodesic area in km² of a (Multi)Polygon in lon/lat (unwrapped longitudes allowed)."""
    if geom is None or geom.is_empty:
        return 0.0
    polygons = shapely.get_parts(geom)
    polygons = polygons[shapely.get_type_id(polygons) == 3]
    exteriors = shapely.get_exterior_ring(polygons)
    n_holes = shapely.get_num_interior_rings(polygons)
    holes = [shapely.get_interior_ring(p, i) for p, n in zip(polygons, n_holes) for i in range(n)]
    # Each ring's area is taken unsigned and holes are subtracted: an unoriented hole (wrong winding in the
    # input) is still a hole, where Geod.geometry_area_perimeter would add it.
    geod = wgs84()
    total = sum(abs(geod.polygon_area_perimeter(c[:, 0], c[:, 1])[0]) for c in _ring_coordinates(exteriors))
    if holes:
        total -= sum(abs(geod.polygon_area_perimeter(c[:, 0], c[:, 1])[0]) for c in _ring_coordinates(holes))
    return total / 1e6


def length_km(geom: BaseGeometry | None) -> float:
    """Geodesic length in km of a (Multi)LineString, or of a polygon's boundary."""
    if geom is None or geom.is_empty:
        return 0.0
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = geom.boundary
    return float(lines_length_km(np.array([geom], dtype=object))[0])


def lines_length_km(lines) -> np.ndarray:
    """Geodesic length in km of each of many (Multi)LineStrings, in one vectorised call to pyproj."""
    parts, owner = shapely.get_parts(lines, return_index=True)
    lengths = np.zeros(len(lines))
    if not len(parts):
        return lengths
    coords, part_of = shapely.get_coordinates(parts, return_index=True)
    same = part_of[1:] == part_of[:-1]  # consecutive points of one line form a segment
    start, end = coords[:-1][same], coords[1:][same]
    _, _, dist = wgs84().inv(start[:, 0], start[:, 1], end[:, 0], end[:, 1])
    per_part = np.bincount(part_of[:-1][same], weights=dist, minlength=len(parts))
    np.add.at(lengths, owner, per_part)
    return lengths / 1e3
