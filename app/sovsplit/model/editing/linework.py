"""Overlay a drawn line on the parcels it touches, exactly: the shared machinery of cuts and border edits.

Where the line crosses a parcel edge, the crossing point is computed once and inserted into every ring that
has that edge, so the parcels on both sides get the very same vertex and stay an exact coverage (no gap, no
overlap, matching edges) without any snapping tolerance. Only polygon parts near the line are touched, which
keeps edits on huge regions (Sakha, Krasnoyarsk with hundreds of islands) fast.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from sovsplit.model.scenario import Parcel, Scenario

# Faces smaller than this (square degrees, about 0.01 m²) are numerical dust from a point snapped onto an edge.
DUST_DEG2 = 1e-12


@dataclass
class TouchedPart:
    """A polygon part of a parcel that the line touches, before and after the crossings were inserted."""

    parcel: Parcel
    index: int
    before: Polygon
    after: Polygon = field(init=False)  # the part as it is until the crossings are inserted

    def __post_init__(self) -> None:
        self.after = self.before


def parcels_near(scenario: Scenario, geom: BaseGeometry) -> list[Parcel]:
    """Parcels whose geometry intersects `geom` (touching counts), in parcel order."""
    parcels = list(scenario.parcels.values())
    tree = shapely.STRtree([p.geometry for p in parcels])
    hits = tree.query(geom, predicate="intersects")
    return [parcels[int(i)] for i in sorted(hits)]


def touched_parts(scenario: Scenario, geom: BaseGeometry) -> list[TouchedPart]:
    """Polygon parts of parcels that intersect `geom`."""
    touched: list[TouchedPart] = []
    parcels = list(scenario.parcels.values())
    # Parcels by bounding box only: their parts are tested exactly below, and testing a whole huge region
    # (Sakha has 270 parts) first would do that work twice.
    hits = shapely.STRtree([p.geometry for p in parcels]).query(geom)
    shapely.prepare(geom)
    for parcel in (parcels[int(i)] for i in sorted(hits)):
        parts, tree = _parts_of(parcel.geometry)
        touching = np.sort(tree.query(geom, predicate="intersects"))
        touched.extend(TouchedPart(parcel, int(i), parts[int(i)]) for i in touching)
    return touched


# The parts (and their index) of the last parcel geometries edited: a drag edits the same parcels over and
# over, and a huge region has hundreds of parts. Keyed by identity, holding the geometry so ids stay unique.
_PARTS: OrderedDict[int, tuple[BaseGeometry, np.ndarray, shapely.STRtree]] = OrderedDict()
_PARTS_KEPT = 16
_PARTS_LOCK = threading.Lock()


def _parts_of(geometry: BaseGeometry) -> tuple[np.ndarray, shapely.STRtree]:
    with _PARTS_LOCK:
        known = _PARTS.get(id(geometry))
        if known is None or known[0] is not geometry:
            parts = shapely.get_parts(geometry)
            known = (geometry, parts, shapely.STRtree(parts))
            _PARTS[id(geometry)] = known
            while len(_PARTS) > _PARTS_KEPT:
                _PARTS.popitem(last=False)
        return known[1], known[2]


def node_line(parts: list[TouchedPart], line: BaseGeometry) -> np.ndarray:
    """Node `line` with the edges of `parts`: fill each part's `after` (crossings inserted) and return the
    noded linework near the line: the line and every edge its bounding box meets, split at each crossing."""
    minx, miny, maxx, maxy = line.bounds
    segments, owners = [], []  # owners: (part number, ring number, segment index) per segment occurrence
    rings_of = []
    for k, part in enumerate(parts):
        rings = [shapely.get_coordinates(part.before.exterior)] + [
            shapely.get_coordinates(r) for r in part.before.interiors
        ]
        rings_of.append(rings)
        for r, xy in enumerate(rings):
            a, b = xy[:-1], xy[1:]
            near = (
                (np.minimum(a[:, 0], b[:, 0]) <= maxx)
                & (np.maximum(a[:, 0], b[:, 0]) >= minx)
                & (np.minimum(a[:, 1], b[:, 1]) <= maxy)
                & (np.maximum(a[:, 1], b[:, 1]) >= miny)
            )
            for hit in np.nonzero(near)[0]:
                segments.append((a[hit], b[hit]))
                owners.append((k, r, int(hit)))
    # One geometry per undirected edge, so an edge shared by two parts is noded once.
    key_of: dict[tuple, int] = {}
    unique: list[tuple] = []
    for a, b in segments:
        key = (tuple(a), tuple(b)) if tuple(a) <= tuple(b) else (tuple(b), tuple(a))
        if key not in key_of:
            key_of[key] = len(unique)
            unique.append(key)
    edge_lines = shapely.linestrings(np.array(unique, dtype=float)) if unique else np.array([], dtype=object)
    crossing = np.nonzero(shapely.intersects(edge_lines, line))[0] if len(unique) else np.array([], int)
    noded = shapely.union_all(np.concatenate([edge_lines[crossing], [line]]))
    untouched = np.ones(len(unique), dtype=bool)
    untouched[crossing] = False
    linework = np.concatenate([shapely.get_parts(noded), edge_lines[untouched]])
    known = {tuple(c) for c in shapely.get_coordinates(line)}
    for edge in crossing:
        known.update(unique[int(edge)])
    new_points = [tuple(c) for c in np.unique(shapely.get_coordinates(noded), axis=0) if tuple(c) not in known]
    # Each new point lies on one crossed edge: record it there, ordered along the edge.
    on_edge: dict[int, list[tuple[float, tuple]]] = {}
    if new_points and len(crossing):
        pts = shapely.points(np.array(new_points))
        for point, xy in zip(pts, new_points):
            d = shapely.distance(edge_lines[crossing], point)
            j = int(crossing[int(np.argmin(d))])
            (ax, ay), (bx, by) = unique[j]
            t = ((xy[0] - ax) * (bx - ax) + (xy[1] - ay) * (by - ay)) / max((bx - ax) ** 2 + (by - ay) ** 2, 1e-300)
            on_edge.setdefault(j, []).append((t, xy))
    inserts: dict[tuple[int, int], dict[int, list[tuple]]] = {}
    for (a, b), (k, r, i) in zip(segments, owners):
        key = (tuple(a), tuple(b)) if tuple(a) <= tuple(b) else (tuple(b), tuple(a))
        j = key_of[key]
        if j in on_edge:
            points = [xy for _, xy in sorted(on_edge[j])]
            if key[0] != tuple(a):
                points.reverse()
            inserts.setdefault((k, r), {})[i] = points
    for k, part in enumerate(parts):
        if not any(kk == k for kk, _ in inserts):
            part.after = part.before
            continue
        rings = []
        for r, xy in enumerate(rings_of[k]):
            add = inserts.get((k, r))
            if add:
                pieces, last = [], 0
                for i in sorted(add):
                    pieces.append(xy[last : i + 1])
                    pieces.append(np.array(add[i], dtype=float))
                    last = i + 1
                pieces.append(xy[last:])
                xy = np.vstack(pieces)
            rings.append(xy)
        part.after = Polygon(rings[0], rings[1:])
    return linework


def assign_faces(faces, parts: list[TouchedPart]) -> np.ndarray:
    """For each face, the index of the part that holds it (-1: none of them, e.g. the sea)."""
    faces = np.asarray(faces, dtype=object)
    owner = np.full(len(faces), -1)
    if not len(faces):
        return owner
    probes = shapely.point_on_surface(faces)
    xy = shapely.get_coordinates(probes)
    for k, part in enumerate(parts):
        free = owner < 0
        if not free.any():
            break
        inside = shapely.contains_xy(part.after, xy[free, 0], xy[free, 1])
        owner[np.nonzero(free)[0][inside]] = k
    return owner


def rebuild(parcel: Parcel, replaced: dict[int, list[Polygon]]) -> BaseGeometry | None:
    """The parcel's geometry with some parts replaced by others (an empty list drops the part)."""
    parts, _ = _parts_of(parcel.geometry)
    polygons: list = []
    kept_from = 0
    # Runs of untouched parts are copied whole: a huge region has hundreds of parts and an edit replaces one.
    for i in sorted(replaced):
        polygons.extend(parts[kept_from:i])
        polygons.extend(replaced[i])
        kept_from = i + 1
    polygons.extend(parts[kept_from:])
    if not polygons:
        return None
    return polygons[0] if len(polygons) == 1 else shapely.multipolygons(polygons)


def polygons_of(geom: BaseGeometry) -> list[Polygon]:
    return [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and not g.is_empty]


def merge_faces(faces: list[BaseGeometry]) -> BaseGeometry:
    """Faces of one overlay as one (Multi)Polygon; they share exact edges, so a coverage union is exact."""
    if len(faces) == 1:
        return faces[0]
    return shapely.coverage_union_all(faces)


def same_shape(a: BaseGeometry, b: BaseGeometry) -> bool:
    """Whether two polygons have exactly the same vertices (ring start and orientation aside)."""
    if shapely.get_num_coordinates(a) != shapely.get_num_coordinates(b):
        return False
    return bool(shapely.equals_exact(shapely.normalize(a), shapely.normalize(b), tolerance=0.0))


def cut_away(part: Polygon, piece: Polygon) -> list[Polygon]:
    """`part` minus `piece`, where `piece` is a face of the same overlay lying inside `part`.

    In the usual case (the piece shares one stretch of the part's outline and touches its outline nowhere
    else) the outline is spliced in O(n) without an overlay; anything else goes through GEOS.
    """
    spliced = _splice(part, piece)
    if spliced is not None:
        return [spliced]
    return polygons_of(shapely.difference(part, piece))


def _splice(part: Polygon, piece: BaseGeometry) -> Polygon | None:
    if piece.geom_type != "Polygon" or len(piece.interiors):
        return None
    ring = shapely.get_coordinates(part.exterior)[:-1]
    face = shapely.get_coordinates(piece.exterior)[:-1]
    n, m = len(ring), len(face)
    # Where each vertex of the piece sits on the part's outline (-1: inside the part).
    at = np.full(m, -1)
    for k, xy in enumerate(face):
        hits = np.nonzero((ring[:, 0] == xy[0]) & (ring[:, 1] == xy[1]))[0]
        if len(hits) > 1:
            return None
        if len(hits):
            at[k] = hits[0]
    # A piece edge lies on the outline when both ends do and they are neighbours on it.
    on = np.zeros(m, dtype=bool)
    for k in range(m):
        i, j = at[k], at[(k + 1) % m]
        on[k] = i >= 0 and j >= 0 and ((j - i) % n in (1, n - 1))
    if on.all() or not on.any():
        return None
    # Exactly one run of outline edges, and the rest of the piece strictly inside.
    starts = [k for k in range(m) if on[k] and not on[k - 1]]
    if len(starts) != 1:
        return None
    first = starts[0]
    last_edge = (first + int(on.sum()) - 1) % m  # one run, so all the outline edges follow each other
    begin, end = first, (last_edge + 1) % m  # piece vertices where the shared stretch starts and ends
    inner = [(end + s) % m for s in range(1, (begin - end) % m)]
    if any(at[k] >= 0 for k in inner):
        return None
    step = (at[(first + 1) % m] - at[first]) % n  # 1: the run follows the outline forwards
    i_begin, i_end = int(at[begin]), int(at[end])
    path = face[[end, *inner, begin]] if inner else face[[end, begin]]
    if step == 1:
        # Outline runs begin → … → end; replace it by end → inner → begin reversed: begin ← … ← end.
        kept = np.roll(ring, -i_end, axis=0)[: (i_begin - i_end) % n + 1]  # end … begin the other way round
        new = np.vstack([kept, path[::-1][1:-1]]) if len(path) > 2 else kept
    else:
        kept = np.roll(ring, -i_begin, axis=0)[: (i_end - i_begin) % n + 1]  # begin … end the other way
        new = np.vstack([kept, path[1:-1]]) if len(path) > 2 else kept
    if len(new) < 3:
        return None
    holes = [shapely.get_coordinates(r) for r in part.interiors]
    result = Polygon(np.vstack([new, new[:1]]), holes)
    return result if abs(result.area - (part.area - piece.area)) <= 1e-9 * part.area + DUST_DEG2 else None
