"""Vertex edits on a border line: move, insert and delete a vertex exactly, by sweeping overlay faces.

Moving a vertex p between its neighbours a and b to q sweeps the area between the paths a-p-b and a-q-b; every
parcel piece inside that area changes to the polity on the other side. Only ownership of exact overlay faces
changes, so the parcels stay a partition of the USSR by construction.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from sovsplit.model.editing.border import BorderLine
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
