"""Projected geometry as matplotlib Paths, cached so repeated exports of one scenario project it once."""

from __future__ import annotations

import math
import threading
from collections import OrderedDict

import numpy as np
import shapely
from matplotlib.path import Path as MplPath
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from sovsplit.model.projections import get_projection, project_geometry

# Straight lon/lat edges longer than this (degrees) are split so they curve properly once projected.
DENSIFY_DEG = 0.5
_CACHE_SIZE = 4096  # ~100 regions × a few projections and tolerances
_cache: OrderedDict = OrderedDict()
_lock = threading.Lock()


def forward(projection_key: str) -> Transformer:
    return get_projection(projection_key).transformer()


def inverse(projection_key: str) -> Transformer:
    return get_projection(projection_key).inverse_transformer()


def project_xy(projection_key: str, lon, lat) -> tuple[np.ndarray, np.ndarray]:
    x, y = forward(projection_key).transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


def _project(geom: BaseGeometry, projection_key: str) -> BaseGeometry:
    return project_geometry(geom, forward(projection_key), densify_deg=DENSIFY_DEG)


def _cached(kind: str, geom: BaseGeometry, projection_key: str, build):
    # Keyed by object identity; the entry holds the geometry itself so its id cannot be reused meanwhile.
    key = (kind, id(geom), projection_key)
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] is geom:
            _cache.move_to_end(key)
            return hit[1]
    value = build()
    with _lock:
        _cache[key] = (geom, value)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return value


def projected(geom: BaseGeometry, projection_key: str) -> BaseGeometry:
    """The geometry in the projection's metres (lon/lat edges densified first)."""
    return _cached("geom", geom, projection_key, lambda: _project(geom, projection_key))


def detail_for(metres_per_pixel: float) -> float:
    """A simplification tolerance (metres) well under a pixel, rounded to a power of two so it caches well."""
    return 2.0 ** math.floor(math.log2(max(metres_per_pixel * 0.4, 1.0)))


def simplified(geom: BaseGeometry, projection_key: str, tolerance: float) -> BaseGeometry:
    """The projected geometry without detail finer than `tolerance` metres (invisible at that scale)."""
    if tolerance <= 0:
        return projected(geom, projection_key)
    return _cached(
        f"simple{tolerance}",
        geom,
        projection_key,
        lambda: shapely.simplify(projected(geom, projection_key), tolerance, preserve_topology=False),
    )


def remember_projected(geom: BaseGeometry, projection_key: str, shape: BaseGeometry) -> None:
    """Record `shape` as `projected(geom, projection_key)` (render/print_territory.py read it from disk)."""
    _cached("geom", geom, projection_key, lambda: shape)


def remember_simplified(geom: BaseGeometry, projection_key: str, tolerance: float, shape: BaseGeometry) -> None:
    """Record `shape` as `simplified(geom, projection_key, tolerance)` (render/path_batch.py read it from disk)."""
    _cached(f"simple{tolerance}", geom, projection_key, lambda: shape)


def polygon_path(geom: BaseGeometry, projection_key: str, tolerance: float = 0.0) -> MplPath:
    """One compound Path of all polygons of a geometry, holes wound against their shells."""
    return _cached(
        f"poly{tolerance}", geom, projection_key, lambda: _polygon_path(simplified(geom, projection_key, tolerance))
    )


def line_path(geom: BaseGeometry, projection_key: str, tolerance: float = 0.0) -> MplPath:
    """One Path of all lines of a geometry (polygons give their rings)."""
    return _cached(
        f"line{tolerance}", geom, projection_key, lambda: _line_path(simplified(geom, projection_key, tolerance))
    )


def _polygon_path(geom: BaseGeometry) -> MplPath:
    parts = shapely.get_parts(shapely.get_parts(geom))  # twice: collections of multipolygons
    parts = parts[np.isin(shapely.get_type_id(parts), [shapely.GeometryType.POLYGON])]
    if not len(parts):
        return MplPath(np.zeros((0, 2)))
    rings = shapely.get_rings(shapely.orient_polygons(parts, exterior_cw=False))
    return _path_of(rings, closed=True)


def _line_path(geom: BaseGeometry) -> MplPath:
    parts = shapely.get_parts(shapely.get_parts(geom))
    types = shapely.get_type_id(parts)
    lines = list(parts[types == shapely.GeometryType.LINESTRING])
    lines += list(parts[types == shapely.GeometryType.LINEARRING])
    polys = parts[types == shapely.GeometryType.POLYGON]
    if len(polys):
        lines += list(shapely.get_rings(polys))
    if not lines:
        return MplPath(np.zeros((0, 2)))
    return _path_of(np.array(lines, dtype=object), closed=False)


def _path_of(lines: np.ndarray, closed: bool) -> MplPath:
    coords, owner = shapely.get_coordinates(lines, return_index=True)
    codes = np.full(len(coords), MplPath.LINETO, dtype=MplPath.code_type)
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    codes[starts] = MplPath.MOVETO
    if closed:
        ends = np.r_[starts[1:] - 1, len(coords) - 1]
        codes[ends] = MplPath.CLOSEPOLY
    return MplPath(coords, codes)
