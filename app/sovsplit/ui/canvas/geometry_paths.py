"""Project shapely geometries once and turn them into QPainterPaths quickly (numpy, no per-vertex Python)."""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QByteArray, QDataStream
from PySide6.QtGui import QPainterPath

from sovsplit.model import projections

# Mercator cannot show the poles; every projection gets latitudes inside this band.
_MAX_LAT = 85.0
_MOVE_TO, _LINE_TO = 0, 1
# QDataStream's layout of one QPainterPath element: type, x, y, big-endian.
_ELEMENT = np.dtype([("type", ">i4"), ("x", ">f8"), ("y", ">f8")])


def project_geometry(geometry, transformer):
    """The geometry in projected metres, latitudes kept inside the canvas's band (model.projections)."""
    return projections.project_geometry(geometry, transformer, max_lat=_MAX_LAT)


def project_points(features, projection_key: str) -> np.ndarray:
    """Projected metres (n × 2) of point features, in a named projection: safe on a worker thread, where a
    layer's prepare() projects them so the first paint makes no pyproj call on the GUI thread."""
    lons = np.array([f.geometry.x for f in features], dtype=float)
    lats = np.clip(np.array([f.geometry.y for f in features], dtype=float), -_MAX_LAT, _MAX_LAT)
    xs, ys = projections.get_projection(projection_key).transformer().transform(lons, lats)
    return np.column_stack([xs, ys])


def _parts(geometries) -> np.ndarray:
    """Every ring (polygons) or line (linear geometries) of the geometries, as one flat array."""
    parts = shapely.get_parts(np.asarray(geometries, dtype=object))
    kinds = shapely.get_type_id(parts)
    polygons = parts[kinds == 3]
    lines = parts[(kinds == 1) | (kinds == 2)]
    rings = shapely.get_rings(polygons) if len(polygons) else np.empty(0, dtype=object)
    return np.concatenate([rings, lines]) if len(lines) else rings


def path_from_geometries(geometries) -> QPainterPath:
    """One QPainterPath (odd-even fill) holding every ring and line of the given projected geometries."""
    parts = _parts(geometries)
    path = QPainterPath()
    if not len(parts):
        return path
    counts = shapely.get_num_coordinates(parts)
    coords = shapely.get_coordinates(parts)
    keep = np.isfinite(coords).all(axis=1)
    if not keep.all():
        # Drop unprojectable vertices; a part that loses its start still starts with a MoveTo below.
        owners = np.repeat(np.arange(len(counts)), counts)[keep]
        coords = coords[keep]
        counts = np.bincount(owners, minlength=len(counts))
    if not len(coords):
        return path
    return _stream_path(coords, np.concatenate([[0], np.cumsum(counts)[:-1]])[counts > 0])


def _stream_path(coords: np.ndarray, starts: np.ndarray) -> QPainterPath:
    """A path from vertices (n × 2) whose subpaths begin at `starts`, through QDataStream's layout."""
    path = QPainterPath()
    if not len(coords):
        return path
    elements = np.empty(len(coords), dtype=_ELEMENT)
    elements["type"] = _LINE_TO
    elements["type"][starts] = _MOVE_TO
    elements["x"] = coords[:, 0]
    elements["y"] = coords[:, 1]
    header = np.array([len(elements)], dtype=">i4").tobytes()
    trailer = np.array([int(starts[-1]), 0], dtype=">i4").tobytes()  # cStart, Qt::OddEvenFill
    stream = QDataStream(QByteArray(header + elements.tobytes() + trailer))
    stream >> path
    return path


def line_pieces(lines, most: int) -> list[QPainterPath]:
    """The lines of a projected geometry cut into open pieces of at most `most` segments, one path each
    (neighbouring pieces share a vertex; a closed line becomes two pieces or more).

    Why: Qt's antialiasing rasteriser works in a fixed memory pool, and the outline of one long stroked line
    overflows it, after which Qt renders it again band by band; filled one piece at a time, a polity's border
    outline cost a sixth as much at a new zoom level (measured at 1600×1000)."""
    pieces = []
    for part in shapely.get_parts(np.asarray([lines], dtype=object)):
        coords = shapely.get_coordinates(part)
        coords = coords[np.isfinite(coords).all(axis=1)]
        segments = len(coords) - 1
        if segments < 1:
            continue
        closed = bool((coords[0] == coords[-1]).all()) and segments > 1
        step = min(most, (segments + 1) // 2) if closed else most
        pieces.extend(coords[start : start + step + 1] for start in range(0, segments, step))
    return [_stream_path(piece, np.array([0])) for piece in pieces]


class ProjectedCache:
    """Projected copies of geometries, keyed by a name and the geometry object itself.

    Parcels keep their ids and geometry objects across edits, so an entry stays valid until the key is given
    another geometry object (or the projection changes and the whole cache is dropped).
    """

    def __init__(self, transformer=None):
        self.transformer = transformer
        self._entries: dict[object, tuple[object, object, dict]] = {}

    def reset(self, transformer) -> None:
        self.transformer = transformer
        self._entries.clear()

    def _entry(self, key, geometry):
        entry = self._entries.get(key)
        if entry is None or entry[0] is not geometry:
            # A callable gives the calling thread's transformer (see MapCanvas.transformer).
            transformer = self.transformer() if callable(self.transformer) else self.transformer
            entry = (geometry, project_geometry(geometry, transformer), {})
            self._entries[key] = entry
        return entry

    def projected(self, key, geometry):
        return self._entry(key, geometry)[1]

    def path(self, key, geometry, tolerance: float = 0.0) -> QPainterPath:
        """The geometry's path, simplified to `tolerance` projected metres (0: every vertex)."""
        _, projected, paths = self._entry(key, geometry)
        if tolerance not in paths:
            shape = shapely.simplify(projected, tolerance, preserve_topology=True) if tolerance else projected
            paths[tolerance] = path_from_geometries([shape])
        return paths[tolerance]

    def put_path(self, key, geometry, tolerance: float, path: QPainterPath) -> None:
        """Store a path computed elsewhere (e.g. from a jointly simplified coverage)."""
        self._entry(key, geometry)[2][tolerance] = path

    def has_path(self, key, geometry, tolerance: float) -> bool:
        entry = self._entries.get(key)
        return entry is not None and entry[0] is geometry and tolerance in entry[2]

    def forget(self, keep_keys) -> None:
        """Drop entries whose keys are no longer in use (parcels removed by an edit)."""
        for key in [k for k in self._entries if k not in keep_keys]:
            del self._entries[key]
