"""A lon/lat raster grid on the WGS84 ellipsoid, GeoTIFF reading, and exact partial-cell zonal sums."""

from __future__ import annotations

import math
import pathlib
from dataclasses import dataclass, field
from functools import cache
from typing import Iterable

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

# WGS84 ellipsoid.
_A_M = 6378137.0
_F = 1.0 / 298.257223563
_E2 = _F * (2.0 - _F)
_E = math.sqrt(_E2)

# The USSR window in the model's unwrapped longitudes.
USSR_WEST, USSR_EAST, USSR_SOUTH, USSR_NORTH = 19.0, 191.0, 35.0, 82.0


class RasterError(ValueError):
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
    linear in λ, so Simpson's rule integrates S exactly up to its fourth derivative (~1e-12 of a 1° cell).
    """
    oriented = shapely.orient_polygons(np.asarray(geometries, dtype=object), exterior_cw=False)
    rings, owner = shapely.get_rings(oriented, return_index=True)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    lon, lat = coords[:, 0], coords[:, 1]
    same_ring = ring_of[1:] == ring_of[:-1]
    mean_s = (authalic_integral_km2(lat[:-1]) + 4.0 * authalic_integral_km2(0.5 * (lat[:-1] + lat[1:]))
              + authalic_integral_km2(lat[1:])) / 6.0
    edge = np.where(same_ring, -(lon[1:] - lon[:-1]) * mean_s, 0.0)
    ring_area = np.bincount(ring_of[:-1], weights=edge, minlength=len(rings))
    return np.bincount(owner, weights=ring_area, minlength=len(oriented)) * (math.pi / 180.0)


def _polygonal(geom: BaseGeometry | None) -> BaseGeometry | None:
    """The polygonal part of a geometry, or None if it has none."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else None


def _window(grid: LonLatGrid, bounds) -> tuple[int, int, int, int] | None:
    """Rows r0:r1 and columns c0:c1 of the cells that the bounds touch, or None if outside the grid."""
    minx, miny, maxx, maxy = bounds
    rows, cols = grid.shape
    c0 = max(math.floor((minx - grid.west) / grid.dx), 0)
    c1 = min(math.ceil((maxx - grid.west) / grid.dx), cols)
    r0 = max(math.floor((grid.north - maxy) / grid.dy), 0)
    r1 = min(math.ceil((grid.north - miny) / grid.dy), rows)
    if c0 >= c1 or r0 >= r1:
        return None
    return r0, r1, c0, c1


def _crossing_cells(grid: LonLatGrid, geom: BaseGeometry, r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
    """Boolean mask of window cells the polygon boundary may pass through (a superset, never missing one).

    The boundary is densified to segments shorter than half a cell, so a segment crossing a cell has an
    endpoint in that cell or one of its eight neighbours: marking the cells of all vertices and growing
    the marks by one cell covers every crossed cell.
    """
    step = 0.5 * min(grid.dx, grid.dy)
    xy = shapely.get_coordinates(shapely.segmentize(shapely.boundary(geom), step))
    nrows, ncols = r1 - r0, c1 - c0
    col = np.floor((xy[:, 0] - grid.west) / grid.dx).astype(np.int64) - c0 + 1
    row = np.floor((grid.north - xy[:, 1]) / grid.dy).astype(np.int64) - r0 + 1
    near = (col >= 0) & (col <= ncols + 1) & (row >= 0) & (row <= nrows + 1)
    marks = np.zeros((nrows + 2, ncols + 2), dtype=bool)
    marks[row[near], col[near]] = True
    grown = marks.copy()
    grown[1:] |= marks[:-1]
    grown[:-1] |= marks[1:]
    wide = grown.copy()
    wide[:, 1:] |= grown[:, :-1]
    wide[:, :-1] |= grown[:, 1:]
    return wide[1:-1, 1:-1]


def _inside_cells(grid: LonLatGrid, geom: BaseGeometry, crossing: np.ndarray, r0: int, c0: int) -> np.ndarray:
    """Boolean mask of window cells wholly inside the polygon, testing one centre per run of clear cells.

    A run of neighbouring cells in a row that the boundary never enters is wholly inside or wholly outside,
    so one point-in-polygon test per run decides all of its cells.
    """
    clear = ~crossing
    before = np.ones_like(crossing)
    before[:, 1:] = crossing[:, :-1]
    starts = clear & before
    if not starts.any():
        return np.zeros_like(crossing)
    start_rows, start_cols = np.nonzero(starts)
    x = grid.west + (c0 + start_cols + 0.5) * grid.dx
    y = grid.north - (r0 + start_rows + 0.5) * grid.dy
    run_inside = shapely.contains_xy(geom, x, y)
    run_of_cell = np.maximum(np.cumsum(starts.ravel()).reshape(crossing.shape) - 1, 0)
    return clear & run_inside[run_of_cell]


def _crossing_areas_km2(grid: LonLatGrid, geom: BaseGeometry, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Exact km² of the polygon inside each given cell (absolute grid rows and columns)."""
    row_ids, row_of = np.unique(rows, return_inverse=True)
    # Cut the polygon into row strips first, so that each cell is then cut from a small piece.
    # (shapely.clip_by_rect is faster but may return self-touching rings that break the next overlay.)
    strip_west = grid.west + np.minimum.reduceat(cols[np.argsort(rows, kind="stable")],
                                                 np.searchsorted(np.sort(rows), row_ids)) * grid.dx
    strip_east = grid.west + (np.maximum.reduceat(cols[np.argsort(rows, kind="stable")],
                                                  np.searchsorted(np.sort(rows), row_ids)) + 1) * grid.dx
    strip_north = grid.north - row_ids * grid.dy
    strips = shapely.box(strip_west, strip_north - grid.dy, strip_east, strip_north)
    pieces = shapely.intersection(geom, strips)
    west = grid.west + cols * grid.dx
    north = grid.north - rows * grid.dy
    cells = shapely.box(west, north - grid.dy, west + grid.dx, north)
    return lonlat_area_km2(shapely.intersection(pieces[row_of], cells))


def _zonal_one(grid: LonLatGrid, values: np.ndarray, geom: BaseGeometry) -> float:
    """Σ value × km² of the polygon inside each cell."""
    window = _window(grid, geom.bounds)
    if window is None:
        return 0.0
    r0, r1, c0, c1 = window
    shapely.prepare(geom)
    crossing = _crossing_cells(grid, geom, r0, r1, c0, c1)
    inside = _inside_cells(grid, geom, crossing, r0, c0)
    block = values[r0:r1, c0:c1]
    row_area = grid.cell_area_km2[r0:r1, None]
    total = float(np.sum(block * row_area, where=inside))
    cross_rows, cross_cols = np.nonzero(crossing & (block != 0.0))
    if len(cross_rows):
        km2 = _crossing_areas_km2(grid, geom, cross_rows + r0, cross_cols + c0)
        total += float(np.dot(block[cross_rows, cross_cols], km2))
    return total


def zonal_sum(grid: LonLatGrid, geometries: BaseGeometry | Iterable[BaseGeometry | None]) -> np.ndarray:
    """For each (Multi)Polygon in lon/lat, Σ over cells of value × cell km² × fraction of the cell inside.

    Fractions are exact for partly covered cells (polygon edges are taken as straight in lon/lat, the way
    the model's geometry is drawn). NaN cells count as 0; parts of a polygon off the grid add nothing.
    Returns one float per geometry (0 for None or empty).
    """
    if isinstance(geometries, BaseGeometry):
        geometries = [geometries]
    values = np.nan_to_num(grid.values, nan=0.0)
    sums = []
    for geom in geometries:
        poly = _polygonal(geom)
        sums.append(0.0 if poly is None else _zonal_one(grid, values, poly))
    return np.array(sums, dtype=np.float64)
