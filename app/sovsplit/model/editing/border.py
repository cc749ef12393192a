"""Borders between polities as editable lines: find them, move, insert and delete their vertices exactly.

A border is where a parcel of one polity shares an edge with a parcel of another. Moving a vertex p between
its neighbours a and b to q sweeps the area between the paths a-p-b and a-q-b; every parcel piece inside
that area changes to the polity on the other side. Only ownership of exact overlay faces changes, so the
parcels stay a partition of the USSR by construction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from sovsplit.model.editing.edits import EditRefused, ReplaceParcels, replace_parcels
from sovsplit.model.editing.linework import (
    DUST_DEG2,
    assign_faces,
    cut_away,
    merge_faces,
    node_line,
    parcels_near,
    rebuild,
    same_shape,
    touched_parts,
)
from sovsplit.model.scenario import Parcel, Scenario


@dataclass(frozen=True)
class BorderLine:
    """One stretch of border between two polities (None: unclaimed land), as a chain of vertices."""

    left: str | None
    right: str | None
    coords: np.ndarray  # (n, 2) lon/lat; a closed border repeats its first vertex last

    @property
    def closed(self) -> bool:
        return len(self.coords) > 3 and bool(np.array_equal(self.coords[0], self.coords[-1]))

    def movable(self, index: int) -> bool:
        """Ends of an open border are where three borders or the coast meet: those stay put."""
        return self.closed or 0 < index < len(self.coords) - 1

    def neighbours(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        n = len(self.coords)
        if self.closed:
            last = n - 1  # the repeated closing vertex
            i = index % last
            return self.coords[(i - 1) % last], self.coords[(i + 1) % last]
        return self.coords[index - 1], self.coords[index + 1]


# --- finding borders ------------------------------------------------------------------------------------------
def _segments(scenario: Scenario):
    """Every ring segment of every parcel: (x1, y1, x2, y2) with the owner code of its parcel."""
    ids = list(scenario.parcels)
    geoms = np.array([scenario.parcels[pid].geometry for pid in ids], dtype=object)
    parts, part_of = shapely.get_parts(geoms, return_index=True)
    rings, ring_of = shapely.get_rings(parts, return_index=True)
    coords, coord_of = shapely.get_coordinates(rings, return_index=True)
    same = coord_of[1:] == coord_of[:-1]
    start = coords[:-1][same]
    end = coords[1:][same]
    parcel_index = part_of[ring_of[coord_of[:-1][same]]]
    return ids, start, end, parcel_index


def _twins(start: np.ndarray, end: np.ndarray):
    """Segments as undirected (lo, hi) sorted so that the two copies of a shared edge are neighbours.

    Returns lo, hi (sorted), the sort order, and `twin[i]`: row i and row i + 1 are the same edge.
    """
    swap = (start[:, 0] > end[:, 0]) | ((start[:, 0] == end[:, 0]) & (start[:, 1] > end[:, 1]))
    lo = np.where(swap[:, None], end, start)
    hi = np.where(swap[:, None], start, end)
    # Sort by a hash of the four coordinates' bits (a full lexsort is three times slower); the exact
    # comparison afterwards rejects any hash collision.
    bits = np.hstack([lo, hi]).view(np.uint64)
    mixed = bits * np.array(
        [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5], dtype=np.uint64
    )
    digest = (
        mixed[:, 0] ^ (mixed[:, 1] >> np.uint64(7)) ^ (mixed[:, 2] << np.uint64(3)) ^ (mixed[:, 3] >> np.uint64(11))
    )
    order = np.argsort(digest, kind="stable")
    lo, hi = lo[order], hi[order]
    twin = np.all(lo[1:] == lo[:-1], axis=1) & np.all(hi[1:] == hi[:-1], axis=1)
    return lo, hi, order, twin


def border_lines(scenario: Scenario) -> list[BorderLine]:
    """All borders between different owners, each merged into maximal lines."""
    ids, start, end, parcel_index = _segments(scenario)
    polity_codes = {pid: n for n, pid in enumerate([None, *scenario.polities])}
    owner_code = np.array([polity_codes.get(scenario.owner[pid], 0) for pid in ids])[parcel_index]
    lo, hi, order, twin = _twins(start, end)
    owner_code = owner_code[order]
    differs = twin & (owner_code[1:] != owner_code[:-1])
    first = np.nonzero(differs)[0]
    by_pair: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i in first:
        pair = tuple(sorted((int(owner_code[i]), int(owner_code[i + 1]))))
        by_pair[pair].append(int(i))
    names = [None, *scenario.polities]
    lines: list[BorderLine] = []
    for (code_a, code_b), rows in sorted(by_pair.items()):
        segs = shapely.linestrings(np.stack([lo[rows], hi[rows]], axis=1))
        merged = shapely.line_merge(shapely.multilinestrings(segs))
        for part in shapely.get_parts(merged):
            lines.append(BorderLine(names[code_a], names[code_b], shapely.get_coordinates(part)))
    return lines


# --- editing ------------------------------------------------------------------------------------------------
def _name(scenario: Scenario, polity_id: str | None) -> str:
    return scenario.polities[polity_id].name if polity_id is not None else "unclaimed land"


def _border_label(scenario: Scenario, line: BorderLine, verb: str) -> str:
    return f"{verb} the {_name(scenario, line.left)}–{_name(scenario, line.right)} border"


def move_vertex(scenario: Scenario, line: BorderLine, index: int, to) -> ReplaceParcels:
    """The edit that moves vertex `index` of a border to `to` (lon, lat); EditRefused if it would break anything."""
    if not line.movable(index):
        raise EditRefused("The ends of a border, where it meets another border or the coast, stay put")
    p = line.coords[index]
    q = np.asarray(to, dtype=float)
    a, b = line.neighbours(index)
    if np.array_equal(p, q):
        raise EditRefused("The vertex did not move")
    _check_simple(line, index, q)
    return _sweep(scenario, line, LineString([a, p, b]), LineString([a, q, b]), _border_label(scenario, line, "Move"))


def delete_vertex(scenario: Scenario, line: BorderLine, index: int) -> ReplaceParcels:
    """The edit that removes vertex `index`: the border runs straight between its neighbours."""
    if not line.movable(index):
        raise EditRefused("The ends of a border, where it meets another border or the coast, cannot be deleted")
    if len(line.coords) <= (4 if line.closed else 2):
        raise EditRefused("A border needs at least its two ends")
    p = line.coords[index]
    a, b = line.neighbours(index)
    if Polygon([a, p, b]).area <= DUST_DEG2:
        return _drop_straight_vertex(scenario, line, p, a, b)
    _check_simple(line, index, None)
    return _sweep(
        scenario, line, LineString([a, p, b]), LineString([a, b]), _border_label(scenario, line, "Straighten")
    )


def insert_vertex(scenario: Scenario, line: BorderLine, segment: int, t: float) -> tuple[ReplaceParcels, np.ndarray]:
    """The edit that adds a vertex at fraction `t` of border segment `segment` (the territory does not change).

    The vertex goes into the rings of both parcels sharing that edge, with the same coordinates, so it can
    then be dragged like any other vertex. Returns the edit and the new vertex.
    """
    a, b = line.coords[segment], line.coords[segment + 1]
    t = min(max(t, 0.05), 0.95)
    p = a + (b - a) * t
    changed = []
    for parcel in parcels_near(scenario, LineString([a, b])):
        geom = _with_vertex(parcel.geometry, a, b, p)
        if geom is not None:
            changed.append((parcel, geom))
    if len(changed) < 2:
        raise EditRefused("That border segment is not shared by two parcels")
    edit = replace_parcels(
        scenario,
        [c.id for c, _ in changed],
        [(Parcel(c.id, c.region_id, g), scenario.owner[c.id]) for c, g in changed],
        _border_label(scenario, line, "Add a vertex to"),
    )
    return edit, p


def _check_simple(line: BorderLine, index: int, q) -> None:
    """Refuse a border that would cross itself."""
    coords = line.coords.copy()
    if q is None:
        coords = np.delete(coords, index, axis=0)
        if line.closed and index == 0:
            coords[-1] = coords[0]
    else:
        coords[index] = q
        if line.closed and index == 0:
            coords[-1] = q
    if not shapely.is_simple(LineString(coords)):
        raise EditRefused("The border would cross itself")


def _sweep(
    scenario: Scenario, line: BorderLine, old_path: LineString, new_path: LineString, label: str
) -> ReplaceParcels:
    """Give every piece of land between the old and the new path to the polity on the other side."""
    sides = {line.left, line.right}
    swept = shapely.union_all(
        shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.union_all([old_path, new_path]))))
    )
    if swept.is_empty or swept.area <= DUST_DEG2:
        raise EditRefused("The border did not move")
    shapely.prepare(swept)
    parts = touched_parts(scenario, shapely.union_all([swept, new_path]))
    linework = node_line(parts, new_path)
    faces = np.array(shapely.get_parts(shapely.polygonize(linework)), dtype=object)
    if len(faces):
        probes = shapely.point_on_surface(faces)
        faces = faces[shapely.contains(swept, probes)]
    holder = assign_faces(faces, parts)
    flipped: dict[int, list[BaseGeometry]] = defaultdict(list)
    for face, k in zip(faces, holder):
        dust = face.area <= DUST_DEG2
        owner = scenario.owner[parts[k].parcel.id] if k >= 0 else None
        if k < 0 or owner not in sides:
            if dust:
                continue  # a speck left where a snapped point sits a hair off an edge: it stays put
            if k < 0:
                raise EditRefused("The border would leave the USSR (into the sea or abroad)")
            raise EditRefused(f"The border would cross into {_name(scenario, owner)}")
        flipped[int(k)].append(face)
    if not flipped:
        raise EditRefused("The border did not move")
    # Per parcel: its new geometry (parts replaced) and the land it hands over.
    replaced: dict[str, dict[int, list[Polygon]]] = defaultdict(dict)
    handed: dict[str, list[BaseGeometry]] = defaultdict(list)
    torn: set[str | None] = set()
    for k, part in enumerate(parts):
        pid = part.parcel.id
        if k in flipped:
            given = merge_faces(flipped[k])
            kept = cut_away(part.after, given)
            if len(kept) > 1:
                torn.add(scenario.owner[pid])
            # The kept part is the old part with a face of the same exact overlay taken out; the new pieces
            # are what a drawn line can spoil.
            if not given.is_valid:
                raise EditRefused("The new border would make an invalid shape here")
            replaced[pid][part.index] = kept
            handed[pid].append(given)
        elif part.after is not part.before:
            replaced[pid][part.index] = [part.after]
    new_pieces: list[tuple[str, BaseGeometry, str | None, tuple | None]] = []
    changed: list[Parcel] = []
    for parcel in dict.fromkeys(part.parcel for part in parts):
        if parcel.id not in replaced:
            continue
        owner = scenario.owner[parcel.id]
        rest = rebuild(parcel, replaced[parcel.id])
        given = handed.get(parcel.id, [])
        if rest is not None:
            new_pieces.append((parcel.region_id, rest, owner, ((parcel.geometry,), tuple(given))))
        if given:
            other = line.right if owner == line.left else line.left
            new_pieces.append((parcel.region_id, merge_faces(given), other, None))
        changed.append(parcel)
    removed, added = _consolidate(scenario, changed, new_pieces)
    _check_result(scenario, removed, added)
    for polity in torn:
        _refuse_tearing(scenario, polity, swept, removed, added)
    return replace_parcels(scenario, [p.id for p in removed], added, label)


def _refuse_tearing(
    scenario: Scenario,
    polity: str | None,
    swept: BaseGeometry,
    removed: list[Parcel],
    added: list[tuple[Parcel, str | None]],
) -> None:
    """A parcel of `polity` fell apart: refuse if the polity itself falls apart around the edit.

    A region pinched at one point by the new border still hangs together through its neighbours; that is
    fine. Counted in a window three times the size of the swept area, before and after.
    """
    x0, y0, x1, y1 = swept.bounds
    w, h = x1 - x0, y1 - y0
    window = (x0 - w, y0 - h, x1 + w, y1 + h)
    gone = {p.id for p in removed}
    window_box = shapely.box(*window)
    nearby = [p for p in parcels_near(scenario, window_box) if scenario.owner[p.id] == polity]
    before = [p.geometry for p in nearby] + [
        p.geometry for p in removed if scenario.owner[p.id] == polity and p not in nearby
    ]
    after = [p.geometry for p in nearby if p.id not in gone] + [p.geometry for p, o in added if o == polity]

    def pieces(geoms) -> int:
        clipped = [g for g in shapely.clip_by_rect(np.array(geoms, dtype=object), *window) if not g.is_empty]
        return shapely.get_num_geometries(shapely.union_all(clipped)) if clipped else 0

    if pieces(after) > pieces(before):
        raise EditRefused(f"That would cut {_name(scenario, polity)} into separate pieces")


def _consolidate(
    scenario: Scenario, changed: list[Parcel], pieces: list[tuple[str, BaseGeometry, str | None, tuple | None]]
):
    """Per region, merge new pieces with the same owner (and same-owner pieces they border), or make it whole."""
    removed = {p.id: p for p in changed}
    added: list[tuple[Parcel, str | None]] = []
    by_region: dict[str, list[tuple[BaseGeometry, str | None, tuple]]] = defaultdict(list)
    for region_id, geom, owner, made_of in pieces:
        by_region[region_id].append((geom, owner, made_of or ((geom,), ())))
    for region_id, region_pieces in by_region.items():
        region = scenario.regions[region_id]
        others = [p for p in scenario.parcels.values() if p.region_id == region_id and p.id not in removed]
        owners = {o for _, o, _ in region_pieces} | {scenario.owner[p.id] for p in others}
        if len(owners) == 1:
            merged = merge_faces([g for g, _, _ in region_pieces] + [p.geometry for p in others])
            removed.update({p.id: p for p in others})
            if same_shape(merged, region.geometry):
                added.append((Parcel(region_id, region_id, region.geometry), owners.pop()))
            else:
                made_of = _sum([m for _, _, m in region_pieces] + [((p.geometry,), ()) for p in others])
                added.append((Parcel(region_id, region_id, merged, made_of), owners.pop()))
            continue
        for owner in dict.fromkeys(o for _, o, _ in region_pieces):
            group = [(g, m) for g, o, m in region_pieces if o == owner]
            merged = merge_faces([g for g, _ in group])
            made = [m for _, m in group]
            for neighbour in others:
                if (
                    scenario.owner[neighbour.id] == owner
                    and neighbour.id not in removed
                    and shapely.relate_pattern(merged, neighbour.geometry, "****1****")
                ):
                    removed[neighbour.id] = neighbour
                    merged = merge_faces([merged, neighbour.geometry])
                    made.append(((neighbour.geometry,), ()))
            added.append((Parcel(scenario.new_piece_id(region_id), region_id, merged, _sum(made)), owner))
    # new_piece_id only avoids ids in use, so several new pieces of one region need distinct numbers.
    seen: set[str] = set()
    for n, (parcel, owner) in enumerate(added):
        while parcel.id in seen:
            parcel = Parcel(scenario.new_piece_id(parcel.region_id), parcel.region_id, parcel.geometry, parcel.made_of)
        seen.add(parcel.id)
        added[n] = (parcel, owner)
    return list(removed.values()), added


def _sum(made: list[tuple]) -> tuple:
    """Combine (plus, minus) recipes of pieces merged into one parcel."""
    return (tuple(g for plus, _ in made for g in plus), tuple(g for _, minus in made for g in minus))


def _check_result(scenario: Scenario, removed: list[Parcel], added: list[tuple[Parcel, str | None]]) -> None:
    """Refuse results with empty pieces or that lose or gain land (new polygons were checked for validity)."""
    if any(parcel.geometry.is_empty for parcel, _ in added):
        raise EditRefused("The new border would leave an empty piece of land")
    before = sum(p.geometry.area for p in removed)
    after = sum(p.geometry.area for p, _ in added)
    if abs(before - after) > 1e-9 * max(before, 1e-9) + DUST_DEG2:
        raise EditRefused("The new border could not be computed exactly here")


def _with_vertex(geom: BaseGeometry, a, b, p) -> BaseGeometry | None:
    """`geom` with `p` inserted into its edge a–b (either direction), or None if it has no such edge."""
    found = False

    def ring_with(ring):
        nonlocal found
        xy = shapely.get_coordinates(ring)
        hits = np.nonzero(
            (np.all(xy[:-1] == a, axis=1) & np.all(xy[1:] == b, axis=1))
            | (np.all(xy[:-1] == b, axis=1) & np.all(xy[1:] == a, axis=1))
        )[0]
        if not len(hits):
            return xy
        found = True
        return np.insert(xy, hits[0] + 1, p, axis=0)

    rebuilt = _map_rings(geom, ring_with)
    return rebuilt if found else None


def _without_vertex(geom: BaseGeometry, p, neighbours) -> tuple[BaseGeometry | None, bool]:
    """`geom` with vertex p removed where it sits between the two neighbours; (None, False) if p is absent.

    The flag is False when p is a vertex of this parcel with other neighbours (a junction, not removable).
    """
    state = {"found": False, "ok": True}
    a, b = neighbours

    def ring_without(ring):
        xy = shapely.get_coordinates(ring)
        body = xy[:-1]
        hits = np.nonzero(np.all(body == p, axis=1))[0]
        if not len(hits):
            return xy
        state["found"] = True
        i = int(hits[0])
        prev, nxt = body[i - 1], body[(i + 1) % len(body)]
        if not ({tuple(prev), tuple(nxt)} == {tuple(a), tuple(b)}) or len(body) <= 3:
            state["ok"] = False
            return xy
        body = np.delete(body, i, axis=0)
        return np.vstack([body, body[:1]])

    rebuilt = _map_rings(geom, ring_without)
    return (rebuilt if state["found"] else None), state["ok"]


def _map_rings(geom: BaseGeometry, fn) -> BaseGeometry:
    polys = []
    for poly in shapely.get_parts(geom):
        shell = fn(poly.exterior)
        holes = [fn(r) for r in poly.interiors]
        polys.append(Polygon(shell, holes))
    return polys[0] if geom.geom_type == "Polygon" else shapely.MultiPolygon(polys)


def _drop_straight_vertex(scenario: Scenario, line: BorderLine, p, a, b) -> ReplaceParcels:
    """Remove a vertex that lies on the straight line between its neighbours from every parcel using it."""
    changed = []
    for parcel in parcels_near(scenario, shapely.Point(p)):
        geom, ok = _without_vertex(parcel.geometry, p, (a, b))
        if not ok:
            raise EditRefused("That vertex is where region borders meet; it cannot be deleted")
        if geom is not None:
            changed.append((parcel, geom))
    if not changed:
        raise EditRefused("That vertex is not part of any parcel")
    return replace_parcels(
        scenario,
        [c.id for c, _ in changed],
        [(Parcel(c.id, c.region_id, g), scenario.owner[c.id]) for c, g in changed],
        _border_label(scenario, line, "Remove a vertex from"),
    )


# --- snapping -----------------------------------------------------------------------------------------------
@dataclass
class Snap:
    """Where a dragged point lands: a vertex, a point on an edge, or nowhere special (kind "free")."""

    lon: float
    lat: float
    kind: str  # "vertex", "coast vertex", "edge", "coast", "free"


class Snapper:
    """Every parcel edge and vertex (region boundaries, coast and borders all lie on them) for snapping.

    Distances are measured on screen by the caller's `to_screen` (lon/lat rows → pixel rows), so the
    tolerance is in pixels whatever the projection and zoom.
    """

    def __init__(self, scenario: Scenario):
        _, start, end, _ = _segments(scenario)
        lo, hi, _, twin = _twins(start, end)
        first = np.ones(len(lo), dtype=bool)
        first[1:] = ~twin
        shared = np.zeros(len(lo), dtype=bool)
        shared[:-1] |= twin
        self.a, self.b = lo[first], hi[first]
        # An edge only one parcel has is on the USSR's outline: the coast (or a frontier abroad).
        self.outer = ~shared[first]
        # Vertices once each: a lon/lat pair viewed as one complex number sorts fast.
        points = np.ascontiguousarray(np.vstack([self.a, self.b])).view(np.complex128).ravel()
        unique, where = np.unique(points, return_inverse=True)
        self.vertices = np.column_stack([unique.real, unique.imag])
        outer_vertex = np.zeros(len(unique), dtype=bool)
        outer_vertex[where[np.concatenate([self.outer, self.outer])]] = True
        self.outer_vertex = outer_vertex

    def snap(self, lon: float, lat: float, box, to_screen, cursor_xy, tolerance_px: float, exclude=None) -> Snap:
        """Snap to the nearest vertex within tolerance, else the nearest edge, else stay free.

        `box` (min lon, min lat, max lon, max lat) bounds the search; `exclude` is a vertex (lon, lat) that
        must not attract, with the edges that end at it (the vertex being dragged).
        """
        x0, y0, x1, y1 = box
        cursor = np.asarray(cursor_xy, dtype=float)
        v = self.vertices
        near = (v[:, 0] >= x0) & (v[:, 0] <= x1) & (v[:, 1] >= y0) & (v[:, 1] <= y1)
        if exclude is not None:
            near &= ~np.all(v == np.asarray(exclude), axis=1)
        idx = np.nonzero(near)[0]
        if len(idx):
            xy = to_screen(v[idx])
            d = np.hypot(xy[:, 0] - cursor[0], xy[:, 1] - cursor[1])
            k = int(np.argmin(d))
            if d[k] <= tolerance_px:
                i = idx[k]
                return Snap(float(v[i, 0]), float(v[i, 1]), "coast vertex" if self.outer_vertex[i] else "vertex")
        a, b = self.a, self.b
        near = (
            (np.minimum(a[:, 0], b[:, 0]) <= x1)
            & (np.maximum(a[:, 0], b[:, 0]) >= x0)
            & (np.minimum(a[:, 1], b[:, 1]) <= y1)
            & (np.maximum(a[:, 1], b[:, 1]) >= y0)
        )
        if exclude is not None:
            ex = np.asarray(exclude)
            near &= ~(np.all(a == ex, axis=1) | np.all(b == ex, axis=1))
        idx = np.nonzero(near)[0]
        if len(idx):
            sa, sb = to_screen(a[idx]), to_screen(b[idx])
            ab = sb - sa
            length2 = np.einsum("ij,ij->i", ab, ab)
            t = np.clip(np.einsum("ij,ij->i", cursor - sa, ab) / np.where(length2 > 0, length2, 1.0), 0.0, 1.0)
            closest = sa + ab * t[:, None]
            d = np.hypot(closest[:, 0] - cursor[0], closest[:, 1] - cursor[1])
            k = int(np.argmin(d))
            if d[k] <= tolerance_px:
                i = idx[k]
                # Edges are straight in lon/lat, so the same fraction along them is the same point.
                point = a[i] + (b[i] - a[i]) * t[k]
                return Snap(float(point[0]), float(point[1]), "coast" if self.outer[i] else "edge")
        return Snap(lon, lat, "free")
