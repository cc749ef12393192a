"""Many outlines (regions, neighbours, territories, coast) projected and simplified for print at once, kept on
disk by content.

A first export in a fresh process spent about a sixth of its time projecting, densifying and simplifying the
same ~120 shipped outlines as the last one; the simplified shapes are small, so they are stored (in the
parse cache, model/io/parse_cache.py, keyed by a hash of the geometry, projection, tolerance and this code)
and read back in milliseconds. The shapes are exactly those render/geometry.py's `simplified` makes; the
territories' frontiers united for the label tests (`frontier_lines`) are kept the same way.
"""

from __future__ import annotations

import hashlib
import threading

import numpy as np
import pyproj
import shapely
from matplotlib.path import Path as MplPath

from sovsplit.model import projections
from sovsplit.model.io.code_digest import source_digest
from sovsplit.model.io.parse_cache import cached_result
from sovsplit.model.projections import get_projection
from sovsplit.render import geometry
from sovsplit.render.geometry import polygon_path, remember_simplified, simplified

_VERSION = b"sovsplit-print-outlines-1"
# Per process: the last few batches by the identity of their geometries (kept alive by the entry).
_memory: dict[tuple, tuple[list, list]] = {}
_lock = threading.Lock()


def polygon_paths(geoms: list, projection_key: str, tolerance: float) -> list[MplPath]:
    """[polygon_path(g, projection_key, tolerance) for g in geoms], the simplification read from disk when
    these very shapes were simplified so before."""
    if tolerance <= 0 or not geoms:
        return [polygon_path(g, projection_key, tolerance) for g in geoms]
    return _remembered("paths", geoms, projection_key, tolerance, lambda: _paths(geoms, projection_key, tolerance))


def simplified_all(geoms: list, projection_key: str, tolerance: float) -> list:
    """[simplified(g, projection_key, tolerance) for g in geoms], read from disk when these very shapes were
    simplified so before (and then remembered where `simplified` looks)."""
    if tolerance <= 0 or not geoms:
        return [simplified(g, projection_key, tolerance) for g in geoms]
    return _remembered("shapes", geoms, projection_key, tolerance, lambda: _shapes(geoms, projection_key, tolerance))


def _remembered(kind: str, geoms: list, projection_key: str, tolerance: float, build):
    key = (kind, projection_key, tolerance, tuple(id(g) for g in geoms))
    with _lock:
        hit = _memory.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], geoms)):
        return hit[1]
    value = build()
    with _lock:
        _memory[key] = (list(geoms), value)
        while len(_memory) > 48:  # a page looks up about twenty batches
            _memory.pop(next(iter(_memory)))
    return value


def _shapes(geoms: list, projection_key: str, tolerance: float) -> list:
    shapes = print_outlines(geoms, projection_key, tolerance)
    for geom, shape in zip(geoms, shapes):
        remember_simplified(geom, projection_key, tolerance, shape)
    return shapes


def _paths(geoms: list, projection_key: str, tolerance: float) -> list[MplPath]:
    _shapes(geoms, projection_key, tolerance)
    return [polygon_path(g, projection_key, tolerance) for g in geoms]


def print_outlines(geoms: list, projection_key: str, tolerance: float) -> list:
    """[simplified(g, projection_key, tolerance) for g in geoms], from the disk cache when it holds them."""

    def compute():
        return {"count": len(geoms)}, [simplified(g, projection_key, tolerance) for g in geoms]

    meta, shapes = cached_result(_digest(geoms, projection_key, tolerance), "print-outlines", compute)
    if meta.get("count") != len(geoms) or len(shapes) != len(geoms):
        return [simplified(g, projection_key, tolerance) for g in geoms]
    return shapes


def frontier_lines(geoms: list, projection_key: str, tolerance: float):
    """The boundaries of simplified_all(geoms, …) united into one set of lines (the frontiers between the shapes
    and their outer edges), from the disk cache when these very shapes were joined so before."""
    shapes = simplified_all(geoms, projection_key, tolerance)

    def compute():
        return {"count": 1}, [
            shapely.union_all([s.boundary for s in shapes]) if shapes else shapely.GeometryCollection()
        ]

    def build():
        meta, lines = cached_result(_digest(geoms, projection_key, tolerance), "print-frontiers", compute)
        return lines[0] if meta.get("count") == 1 and len(lines) == 1 else compute()[1][0]

    return _remembered("frontiers", geoms, projection_key, tolerance, build)


def _digest(geoms: list, projection_key: str, tolerance: float) -> bytes:
    """A hash of everything the simplified shapes depend on: the shapes, projection, tolerance, libraries, code."""
    digest = hashlib.sha256(_VERSION)
    for part in (
        source_digest(__file__),
        source_digest(geometry.__file__),
        source_digest(projections.__file__),
        get_projection(projection_key).proj.encode(),
        repr(tolerance).encode(),
        pyproj.__version__.encode(),
        pyproj.proj_version_str.encode(),
        shapely.geos_version_string.encode(),
    ):
        digest.update(part)
    digest.update(_content_digest(geoms))
    return digest.digest()


def _content_digest(geoms: list) -> bytes:
    """The hash of the shapes' WKB, once per process for a list of these very shapes (one list is looked up
    at several tolerances: the neighbours at print, label-test and label-spot scales)."""
    return _remembered(
        "content",
        geoms,
        "",
        0.0,
        lambda: hashlib.sha256(b"".join(shapely.to_wkb(np.array(geoms, dtype=object)))).digest(),
    )
