"""Cut regions along a drawn line: every parcel the line crosses from side to side becomes separate pieces."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import shapely
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from sovsplit.model.editing.edits import EditRefused, ReplaceParcels, replace_parcels
from sovsplit.model.editing.linework import DUST_DEG2, assign_faces, node_line, polygons_of, touched_parts
from sovsplit.model.scenario import Parcel, Scenario


def cut(scenario: Scenario, coords) -> ReplaceParcels:
    """The edit that splits the parcels crossed by the polyline `coords` (lon, lat pairs) into pieces.

    Islands of a cut parcel go with the nearest piece. Each piece keeps the parcel's owner and gets its own
    id, so it can then be given to another polity on its own.
    """
    coords = np.asarray(coords, dtype=float)
    if len(coords) < 2:
        raise EditRefused("A cut needs at least two points")
    line = LineString(coords)
    if line.length == 0:
        raise EditRefused("A cut needs two different points")
    if not line.is_simple:
        raise EditRefused("The cut line crosses itself")
    parts = touched_parts(scenario, line)
    if not parts:
        raise EditRefused("The cut line does not touch the USSR")
    linework = node_line(parts, line)
    # The linework already holds every crossing as a vertex of both the edge and the line, so this union
    # only merges coincident vertices and computes no new coordinates.
    rings = [r for part in parts for r in (part.after.exterior, *part.after.interiors)]
    noded = shapely.union_all([*rings, *linework])
    faces = np.array(shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))), dtype=object)
    faces = faces[shapely.area(faces) > DUST_DEG2] if len(faces) else faces
    holder = assign_faces(faces, parts)
    faces_of: dict[int, list[BaseGeometry]] = defaultdict(list)
    for face, k in zip(faces, holder):
        if k >= 0:
            faces_of[int(k)].append(face)
    removed: list[str] = []
    added: list[tuple[Parcel, str | None]] = []
    split_regions: list[str] = []
    by_parcel: dict[str, list[int]] = defaultdict(list)
    for k, part in enumerate(parts):
        by_parcel[part.parcel.id].append(k)
    for pid, ks in by_parcel.items():
        parcel = scenario.parcels[pid]
        owner = scenario.owner[pid]
        split = [k for k in ks if len(faces_of[k]) > 1]
        changed = [k for k in ks if parts[k].after is not parts[k].before]
        if not split and not changed:
            continue
        all_parts = list(shapely.get_parts(parcel.geometry))
        if not split:
            for k in changed:
                all_parts[parts[k].index] = parts[k].after
            removed.append(pid)
            added.append((Parcel(pid, parcel.region_id, _collect(all_parts)), owner))
            continue
        pieces: list[list[BaseGeometry]] = [[face] for k in split for face in faces_of[k]]
        cut_indexes = {parts[k].index for k in split}
        after = {parts[k].index: parts[k].after for k in ks}
        heads = np.array([p[0] for p in pieces], dtype=object)
        for i, polygon in enumerate(all_parts):
            if i in cut_indexes:
                continue
            polygon = after.get(i, polygon)
            nearest = int(np.argmin(shapely.distance(heads, polygon)))
            pieces[nearest].append(polygon)
        geoms = [_collect(p) for p in pieces]
        largest = int(np.argmax([g.area for g in geoms]))
        others = tuple(g for n, g in enumerate(geoms) if n != largest)
        removed.append(pid)
        split_regions.append(parcel.region_id)
        for n, geom in enumerate(geoms):
            made_of = ((parcel.geometry,), others) if n == largest else None
            added.append((Parcel(scenario.new_piece_id(parcel.region_id), parcel.region_id, geom, made_of), owner))
    if not split_regions:
        raise EditRefused("Draw the cut across a region, from one side to the other")
    if not all(shapely.is_valid([p.geometry for p, _ in added])):
        raise EditRefused("The cut would make an invalid shape")
    names = list(dict.fromkeys(scenario.regions[r].name for r in split_regions))
    label = f"Cut {names[0]}" if len(names) == 1 else f"Cut {len(names)} regions"
    return replace_parcels(scenario, removed, added, label)


def _collect(polygons: list[BaseGeometry]) -> BaseGeometry:
    flat = [p for g in polygons for p in polygons_of(g)]
    return flat[0] if len(flat) == 1 else shapely.multipolygons(flat)
