"""Label spots deep inside shapes, kept on disk by the shapes' content so a fresh process need not find them again.

A first export spent about 35 ms finding where the neighbours' and polities' names fit (each shape's widest
inscribed circle, then a grid ranked by depth) for the very shapes the last export of that view had: the same
clipped outlines. The spots (model/polygons.py `interior_spots`) are kept in the parse cache under a hash of the
shape's WKB and the count, in one entry per version of that code and of GEOS; a new shape is a new key.
"""

from __future__ import annotations

import hashlib
import threading

import shapely

from sovsplit.model import polygons
from sovsplit.model.io.code_digest import source_digest
from sovsplit.model.io.parse_cache import store_result, stored_result

_VERSION = b"sovsplit-label-spots-1"
_KIND = "label-spots"
_LIMIT = 2048  # shapes remembered (a page has about twenty)
_spots: dict[str, list[tuple[float, float]]] = {}
_lock = threading.Lock()
_environment: bytes | None = None
_new = 0


def interior_spots(shape, count: int) -> list[tuple[float, float]]:
    """polygons.interior_spots(shape, count), from the disk when these spots were found before."""
    global _new
    key = hashlib.sha256(shapely.to_wkb(shape) + b"/%d" % count).hexdigest()[:40]
    if _environment is None:
        _load()
    hit = _spots.get(key)
    if hit is not None:
        return list(hit)
    spots = polygons.interior_spots(shape, count)
    with _lock:
        if len(_spots) >= _LIMIT:
            _spots.clear()
        _spots[key] = list(spots)
        _new += 1
    return spots


def save_spots() -> None:
    """Keep the spots found in this process on disk (after a page is laid out), if any are new."""
    global _new
    with _lock:
        if _environment is None or not _new:
            return
        spots, _new = dict(_spots), 0
    save(_environment, spots)


def environment_digest() -> bytes:
    """What the spots depend on besides the shape: the code that finds them and GEOS."""
    return hashlib.sha256(
        _VERSION
        + source_digest(polygons.__file__)
        + shapely.geos_version_string.encode()
        + shapely.__version__.encode()
    ).digest()


def load(environment: bytes) -> dict[str, list[tuple[float, float]]]:
    """The spots stored for this environment (empty when none are, or the entry is not well formed)."""
    hit = stored_result(environment, _KIND)
    rows = hit[0].get("spots") if hit is not None else None
    if not isinstance(rows, list):
        return {}
    out: dict[str, list[tuple[float, float]]] = {}
    for row in rows:
        if not (isinstance(row, list) and len(row) == 2 and isinstance(row[0], str) and isinstance(row[1], list)):
            return {}
        points = row[1]
        if not all(isinstance(p, list) and len(p) == 2 and all(_number(v) for v in p) for p in points):
            return {}
        out[row[0]] = [(float(x), float(y)) for x, y in points]
    return out


def save(environment: bytes, spots: dict[str, list[tuple[float, float]]]) -> None:
    store_result(environment, _KIND, {"spots": [[key, [list(p) for p in points]] for key, points in spots.items()]}, [])


def _load() -> None:
    global _environment
    environment = environment_digest()
    stored = load(environment)
    with _lock:
        if _environment is None:
            for key, points in list(stored.items())[-_LIMIT // 2 :]:
                _spots.setdefault(key, points)
            _environment = environment


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
