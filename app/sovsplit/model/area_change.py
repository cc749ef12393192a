"""Geodesic area of an edited geometry from the known area of what it was made of and the edges that changed.

A polygon's geodesic area is a sum over its edges (Karney's algorithm sums, per edge, the area between the
geodesic and the equator). With exteriors counter-clockwise and holes clockwise, the area of a parcel is the
sum over all its directed edges, so the area of an edited parcel is the old area, plus the edges it gained,
minus the edges it lost. Polygons an edit did not touch are skipped by comparing coordinates; a ring with one
stretch replaced (a border drag) changes by the loop along the new stretch and back along the old one; any
other change is measured as fans from one fixed point over the runs of changed edges (the legs to that point
cancel because both edge sets close up into rings). What cannot be matched is measured afresh.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from sovsplit.model.geodesy import area_km2, wgs84

# Odd 64-bit constants mixing the four coordinate words of an edge into one key (splitmix64 style).
_MIX = np.array([0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 0xD6E8FEB86659FD93], dtype=np.uint64)


@dataclass(frozen=True)
class _Outline:
    """A geometry's polygons, and where each one's coordinates end in shapely.get_coordinates(geometry)."""

    coords: np.ndarray
    polygons: np.ndarray
    ends: np.ndarray
    holes: np.ndarray  # interior rings per polygon


@dataclass(frozen=True)
class _EdgeTable:
    """The directed edges of some polygons, exteriors counter-clockwise and holes clockwise."""

    edges: np.ndarray  # n × 4: x0, y0, x1, y1
    coords: np.ndarray  # the rings' coordinates
    at: np.ndarray  # index in coords of each edge's first point (consecutive numbers: a run along one ring)
    keys: np.ndarray  # a 64-bit key per edge, sorted
    order: np.ndarray  # edge index of each sorted key


def _outline(geometry: BaseGeometry) -> _Outline | None:
    """None for anything but (Multi)Polygons, which area_km2 measures by their polygons alone."""
    if shapely.get_type_id(geometry) not in (3, 6):
        return None
    polygons = shapely.get_parts(geometry)
    return _Outline(
        shapely.get_coordinates(geometry),
        polygons,
        np.cumsum(shapely.get_num_coordinates(polygons)),
        shapely.get_num_interior_rings(polygons),
    )


def _edge_table(polygons: np.ndarray) -> _EdgeTable:
    coords, ring = shapely.get_coordinates(shapely.get_rings(shapely.orient_polygons(polygons)), return_index=True)
    at = np.flatnonzero(ring[1:] == ring[:-1])
    edges = np.hstack([coords[at], coords[at + 1]])
    keys = _keys(edges)
    order = np.argsort(keys)
    return _EdgeTable(edges, coords, at, keys[order], order)


def _keys(edges: np.ndarray) -> np.ndarray:
    words = np.ascontiguousarray(edges).view(np.uint64)
    with np.errstate(over="ignore"):
        key = (words * _MIX).sum(axis=1, dtype=np.uint64)
        key ^= key >> np.uint64(31)
        key *= np.uint64(0x94D049BB133111EB)
        key ^= key >> np.uint64(29)
    return key


def _common_polygons(new: _Outline, old: _Outline) -> tuple[int, int]:
    """How many leading and trailing polygons the two outlines share exactly.

    Equal coordinates over equal spans with as many holes are the same polygon: in a valid polygon each ring
    closes at the first return to its first point, so the coordinates alone say where its rings end.
    """
    head, tail = _shared_ends(_points(new.coords), _points(old.coords))
    k = min(len(new.ends), len(old.ends))
    fits = (new.ends[:k] == old.ends[:k]) & (new.ends[:k] <= head) & (new.holes[:k] == old.holes[:k])
    lead = k if fits.all() else int(np.argmin(fits))
    # From the end: a polygon's span counted back from the last coordinate.
    new_back = len(new.coords) - np.concatenate([[0], new.ends[:-1]])[::-1][:k]
    old_back = len(old.coords) - np.concatenate([[0], old.ends[:-1]])[::-1][:k]
    fits = (new_back == old_back) & (new_back <= tail) & (new.holes[::-1][:k] == old.holes[::-1][:k])
    trail = k if fits.all() else int(np.argmin(fits))
    return lead, min(trail, k - lead)


def _points(coords: np.ndarray) -> np.ndarray:
    """Coordinates (n × 2) as n complex numbers x + iy, so comparing points is one comparison each."""
    return np.ascontiguousarray(coords).view(np.complex128).ravel()


def _shared_ends(new: np.ndarray, old: np.ndarray) -> tuple[int, int]:
    """How many leading and (not overlapping those) trailing points two point sequences share."""
    n = min(len(new), len(old))
    same = new[:n] == old[:n]
    head = n if same.all() else int(np.argmin(same))
    same = new[::-1][: n - head] == old[::-1][: n - head]
    tail = (n - head) if same.all() else int(np.argmin(same))
    return head, tail


def _fan_m2(coords: np.ndarray, starts: np.ndarray, origin: np.ndarray) -> float:
    """Σ of the signed areas of fans from `origin` over runs of consecutive edges beginning at `starts`."""
    if not len(starts):
        return 0.0
    breaks = np.flatnonzero(np.diff(starts) != 1) + 1
    total = 0.0
    for run in np.split(starts, breaks):
        ring = np.vstack([origin, coords[run[0] : run[-1] + 2]])
        total += wgs84().polygon_area_perimeter(ring[:, 0], ring[:, 1])[0]
    return total


def _change_m2(new: _EdgeTable, old: _EdgeTable) -> float | None:
    """Σ over the edges only `new` has − Σ over the edges only `old` has; None when they cannot be matched one
    to one or most of them differ (measuring afresh is then as cheap)."""
    if not len(new.keys) or not len(old.keys) or not (_distinct(new.keys) and _distinct(old.keys)):
        return None
    # Each new edge's place among the old keys; a match is an equal key holding the very same edge.
    pos = np.minimum(np.searchsorted(old.keys, new.keys), len(old.keys) - 1)
    hit = old.keys[pos] == new.keys
    new_hit, old_hit = new.order[hit], old.order[pos[hit]]
    if not np.array_equal(new.edges[new_hit], old.edges[old_hit]):
        return None
    gained = np.ones(len(new.edges), dtype=bool)
    gained[new_hit] = False
    lost = np.ones(len(old.edges), dtype=bool)
    lost[old_hit] = False
    gained, lost = np.flatnonzero(gained), np.flatnonzero(lost)
    if len(gained) + len(lost) > len(new.edges) // 2:
        return None
    if not len(gained) and not len(lost):
        return 0.0
    origin = (new.edges[gained[0], :2] if len(gained) else old.edges[lost[0], :2])[None, :]
    return _fan_m2(new.coords, new.at[gained], origin) - _fan_m2(old.coords, old.at[lost], origin)


def _distinct(sorted_keys: np.ndarray) -> bool:
    return bool(np.all(sorted_keys[1:] != sorted_keys[:-1]))


def _ring_change_m2(new: np.ndarray, old: np.ndarray) -> float | None:
    """Signed area gained by a closed ring `old` becoming `new`, where `new` is `old` with one stretch replaced
    (any start point): the loop along the new stretch and back along the old one. None when it is not so."""
    new_body, old_body = _points(new)[:-1], _points(old)[:-1]
    n = min(len(new_body), len(old_body))
    if n < 3:
        return None
    # Start both rings at a vertex they share, tried at a few places in case one lies in the changed stretch.
    for start in (0, len(old_body) // 2, len(old_body) // 4, 3 * len(old_body) // 4):
        found = np.flatnonzero(new_body == old_body[start])
        if len(found) == 1:
            break
    else:
        return None
    new_body = np.roll(new_body, -int(found[0]))
    old_body = np.roll(old_body, -start)
    head, tail = _shared_ends(new_body, old_body)
    if head == len(new_body) == len(old_body):
        return 0.0
    if (len(new_body) - head - tail) + (len(old_body) - head - tail) > n // 2:
        return None
    # Both stretches run from the last shared vertex before the change to the first one after it.
    new_closed = np.concatenate([new_body, new_body[:1]])
    old_closed = np.concatenate([old_body, old_body[:1]])
    loop = np.concatenate(
        [new_closed[head - 1 : len(new_body) - tail + 1], old_closed[head - 1 : len(old_body) - tail + 1][::-1]]
    )
    return wgs84().polygon_area_perimeter(loop.real, loop.imag)[0]


def _polygons_change_m2(new: np.ndarray, old: np.ndarray) -> float | None:
    """Area gained by polygons `old` becoming `new`, paired in order, when each exterior had one stretch
    replaced and the holes stayed as they were; None otherwise."""
    holes = shapely.get_num_interior_rings(new)
    if len(new) != len(old) or not np.array_equal(holes, shapely.get_num_interior_rings(old)):
        return None
    for a, b in zip(new[holes > 0], old[holes > 0]):
        if not np.array_equal(
            shapely.get_coordinates(shapely.get_rings(a)[1:]), shapely.get_coordinates(shapely.get_rings(b)[1:])
        ):
            return None
    rings_new, rings_old = shapely.get_exterior_ring(new), shapely.get_exterior_ring(old)
    ccw = shapely.is_ccw(rings_old)
    if not np.array_equal(shapely.is_ccw(rings_new), ccw):
        return None
    total = 0.0
    for ring_a, ring_b, counter_clockwise in zip(rings_new, rings_old, ccw):
        change = _ring_change_m2(shapely.get_coordinates(ring_a), shapely.get_coordinates(ring_b))
        if change is None:
            return None
        # An exterior counts by its unsigned area: a clockwise ring's signed area is negative.
        total += change if counter_clockwise else -change
    return total


class EditedAreas:
    """Measures edited geometries by their changed edges, keeping the outlines of the last geometries seen."""

    def __init__(self, keep: int = 64):
        self._keep = keep
        self._outlines: OrderedDict[int, tuple[BaseGeometry, _Outline | None]] = OrderedDict()

    def _outline(self, geometry: BaseGeometry) -> _Outline | None:
        known = self._outlines.get(id(geometry))
        if known is not None and known[0] is geometry:
            self._outlines.move_to_end(id(geometry))
            return known[1]
        outline = _outline(geometry)
        self._outlines[id(geometry)] = (geometry, outline)
        while len(self._outlines) > self._keep:
            self._outlines.popitem(last=False)
        return outline

    def area_km2(self, geometry: BaseGeometry, before: tuple[BaseGeometry, ...], before_km2: float) -> float:
        """Geodesic area of `geometry`, an edit of the geometries `before` whose areas sum to `before_km2`.

        Equal to area_km2(geometry) up to rounding (a millionth of a square metre on a region), at the cost of
        the polygons that changed; measured whole when most edges changed or edges cannot be matched one to one.
        """
        if geometry.is_empty or not before:
            return area_km2(geometry)
        new = self._outline(geometry)
        olds = [self._outline(g) for g in before]
        known = [o for o in olds if o is not None]
        if new is None or len(known) < len(olds):
            return area_km2(geometry)
        if len(known) == 1:
            # An edit rebuilds a region's outline with the polygons it did not touch as they were: only the
            # ones between the unchanged first and last polygons are compared edge by edge.
            lead, trail = _common_polygons(new, known[0])
            new_polygons = new.polygons[lead : len(new.polygons) - trail]
            old_polygons = known[0].polygons[lead : len(known[0].polygons) - trail]
        else:
            new_polygons = new.polygons
            old_polygons = np.concatenate([o.polygons for o in known])
        if not len(new_polygons) and not len(old_polygons):
            return before_km2
        change = _polygons_change_m2(new_polygons, old_polygons)
        if change is None:
            change = _change_m2(_edge_table(new_polygons), _edge_table(old_polygons))
        return area_km2(geometry) if change is None else before_km2 + change / 1e6
