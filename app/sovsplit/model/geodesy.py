"""Geodesic areas and lengths on the WGS84 ellipsoid."""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

WGS84 = Geod(ellps="WGS84")


def area_km2(geom: BaseGeometry | None) -> float:
    """Geodesic area in km² of a (Multi)Polygon in lon/lat (unwrapped longitudes allowed)."""
    if geom is None or geom.is_empty:
        return 0.0
    # Geod.geometry_area_perimeter signs each ring by its orientation: an unoriented hole would be
    # added instead of subtracted, so orient exteriors counter-clockwise and holes clockwise first.
    oriented = shapely.orient_polygons(geom, exterior_cw=False)
    area, _ = WGS84.geometry_area_perimeter(oriented)
    return abs(area) / 1e6


def areas_km2(geoms) -> np.ndarray:
    """Geodesic areas in km² of many geometries."""
    return np.array([area_km2(g) for g in geoms], dtype=float)


def length_km(geom: BaseGeometry | None) -> float:
    """Geodesic length in km of a (Multi)LineString, or of a polygon's boundary."""
    if geom is None or geom.is_empty:
        return 0.0
    return WGS84.geometry_length(geom) / 1e3
