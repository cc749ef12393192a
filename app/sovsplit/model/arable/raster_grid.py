"""A lon/lat raster grid on the WGS84 ellipsoid and the exact areas of its cells (reading: geotiff.py)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import shapely

from sovsplit.model.io.problems import InputError

# WGS84 ellipsoid.
_A_M = 6378137.0
_F = 1.0 / 298.257223563
_E2 = _F * (2.0 - _F)
_E = math.sqrt(_E2)

# The USSR window in the model's unwrapped longitudes.
USSR_WEST, USSR_EAST, USSR_SOUTH, USSR_NORTH = 19.0, 191.0, 35.0, 82.0


class RasterError(InputError):
    """A raster that cannot serve as an arable layer; the message is one line naming the file."""


def authalic_integral_km2(lat_deg) -> np.ndarray:
    """Ellipsoid area (km²) between the equator and latitude φ, per radian of longitude.

    This is the Lambert cylindrical equal-area ordinate: the area of any lon/lat rectangle is
    Δλ[rad] × (S(φ_north) − S(φ_south)), exactly, on the WGS84 ellipsoid.
    """
    s = np.sin(np.radians(np.asarray(lat_deg, dtype=np.float64)))
    scale = _A_M * _A_M * (1.0 - _E2) / 2.0 / 1e6
    return scale * (s / (1.0 - _E2 * s * s) + np.arctanh(_E * s) / _E)


@dataclass(eq=False)
class LonLatGrid:
    """Cell values on a regular lon/lat grid: row 0 is the northernmost row, column 0 the westernmost.

    Longitudes may run past 180° (the model's unwrapped Far East). NaN means no data and counts as 0.
    """

    values: np.ndarray
    west: float
    north: float
    dx: float
    dy: float
    note: str = ""
    _row_areas: np.ndarray | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.values = np.asarray(self.values, dtype=np.float64)
        if self.values.ndim != 2:
            raise ValueError(f"grid values must be 2-D, got shape {self.values.shape}")
        if not (self.dx > 0 and self.dy > 0):
            raise ValueError(f"cell size must be positive, got dx={self.dx}, dy={self.dy}")

    @property
    def shape(self) -> tuple[int, int]:
        return self.values.shape

    @property
    def east(self) -> float:
        return self.west + self.shape[1] * self.dx

    @property
    def south(self) -> float:
        return self.north - self.shape[0] * self.dy

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) in degrees."""
        return (self.west, self.south, self.east, self.north)

    @property
    def row_edges(self) -> np.ndarray:
        """Latitudes of the row edges, north to south (nrows + 1 values)."""
        return self.north - self.dy * np.arange(self.shape[0] + 1)

    @property
    def cell_area_km2(self) -> np.ndarray:
        """Area in km² of one cell of each row (every cell of a row has the same area), on WGS84."""
        if self._row_areas is None:
            edges = np.clip(self.row_edges, -90.0, 90.0)
            band = authalic_integral_km2(edges[:-1]) - authalic_integral_km2(edges[1:])
            self._row_areas = band * math.radians(self.dx)
            self._row_areas.setflags(write=False)
        return self._row_areas


def lonlat_area_km2(geometries) -> np.ndarray:
    """Ellipsoidal km² of polygons whose edges are straight lines in lon/lat (not geodesics).

    Green's theorem in the equal-area ordinate S(φ): area = −∮ S(φ) dλ. Along a lon/lat-straight edge φ is
    linear in λ, so Simpson's rule on edges cut to ≤ 0.25° integrates S to ~1e-12 relative.
    """
    geometries = np.atleast_1d(np.asarray(geometries, dtype=object))
    # Collections may mix polygons with lines or points; only polygons have area.
    parts, part_owner = shapely.get_parts(geometries, return_index=True)
    polygons = shapely.get_type_id(parts) == shapely.GeometryType.POLYGON
    oriented = shapely.orient_polygons(shapely.segmentize(parts[polygons], 0.25), exterior_cw=False)
    rings, ring_owner = shapely.get_rings(oriented, return_index=True)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    lon, lat = coords[:, 0], coords[:, 1]
    same_ring = ring_of[1:] == ring_of[:-1]
    mean_s = (
        authalic_integral_km2(lat[:-1])
        + 4.0 * authalic_integral_km2(0.5 * (lat[:-1] + lat[1:]))
        + authalic_integral_km2(lat[1:])
    ) / 6.0
    edge = np.where(same_ring, -(lon[1:] - lon[:-1]) * mean_s, 0.0)
    ring_area = np.bincount(ring_of[:-1], weights=edge, minlength=len(rings))
    part_area = np.bincount(ring_owner, weights=ring_area, minlength=len(oriented))
    owner = part_owner[polygons]
    return np.bincount(owner, weights=part_area, minlength=len(geometries)) * (math.pi / 180.0)
