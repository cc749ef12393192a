"""The land that changed hands between a baseline and another scenario: pieces by region or by overlay."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from sovsplit.model import reference
from sovsplit.model.geodesy import area_km2
from sovsplit.model.polygons import polygon_list
from sovsplit.model.scenario import Scenario
from sovsplit.model.stats import StatsEngine

# Overlay pieces smaller than this are noise where two drawings of the same border disagree, not territory.
SLIVER_KM2 = 1.0


@dataclass(frozen=True)
class RegionShare:
    id: str
    name: str
    area_km2: float
    whole: bool


@dataclass
class Transfer:
    """Territory held by `from_id` in the baseline and by `to_id` in scenario `scenario_index`."""

    scenario: str
    scenario_index: int
    from_id: str | None
    to_id: str | None
    area_km2: float
    arable_km2: float
    ports: list[str]
    regions: list[RegionShare]
    geometry: BaseGeometry = field(repr=False)

    @property
    def region_names(self) -> list[str]:
        return [r.name for r in self.regions]


@dataclass
class _Piece:
    geometry: BaseGeometry
    region_id: str
    area_km2: float
    arable_km2: float | None  # known when the piece is a whole parcel with cached statistics


def find_transfers(
    name: str, index: int, engine_a: StatsEngine, engine_b: StatsEngine, key_a, key_b, use_regions: bool
) -> tuple[list[Transfer], float]:
    """The land scenario `index` moved between polities (keys: the matched polity ids), and the km² of
    slivers dropped as drawing noise."""
    a, b = engine_a.scenario, engine_b.scenario
    if use_regions:
        pieces, dropped, dropped_geoms = _pieces_by_region(engine_a, engine_b, key_a, key_b)
    else:
        pieces, dropped, dropped_geoms = _pieces_by_overlay(a, b, key_a, key_b)
    moved_ports = _moved_ports(engine_a, engine_b, key_a, key_b)
    # A port on a sliver still changes owner: keep that sliver so the port has a piece to travel with.
    for pair in moved_ports:
        if pair not in pieces and pair in dropped_geoms:
            pieces[pair] = dropped_geoms[pair]
            dropped -= sum(p.area_km2 for p in dropped_geoms[pair])
    unknown = [p for group in pieces.values() for p in group if p.arable_km2 is None]
    if unknown:
        arable = (
            engine_a.arable_source.zonal([p.geometry for p in unknown])
            if engine_a.arable_source is not None
            else np.zeros(len(unknown))
        )
        for piece, value in zip(unknown, arable):
            piece.arable_km2 = float(value)
    order = {rid: n for n, rid in enumerate(a.regions.ids)}
    transfers = []
    for (from_id, to_id), group in pieces.items():
        per_region: dict[str, float] = defaultdict(float)
        for piece in group:
            per_region[piece.region_id] += piece.area_km2
        regions = [
            RegionShare(rid, a.regions[rid].name, km2, km2 >= a.regions.area_km2[rid] * (1 - 1e-6))
            for rid, km2 in sorted(per_region.items(), key=lambda kv: order.get(kv[0], 0))
        ]
        transfers.append(
            Transfer(
                name,
                index,
                from_id,
                to_id,
                area_km2=float(sum(p.area_km2 for p in group)),
                arable_km2=float(sum(p.arable_km2 for p in group)),
                ports=[reference.ports()[i]["name"] for i in sorted(moved_ports.get((from_id, to_id), []))],
                regions=regions,
                geometry=shapely.union_all([p.geometry for p in group]),
            )
        )
    transfers.sort(key=lambda t: -t.area_km2)
    return transfers, max(dropped, 0.0)


def _pieces_by_region(engine_a: StatsEngine, engine_b: StatsEngine, key_a, key_b):
    """Both scenarios partition the same regions, so overlay them region by region, parcel by parcel."""
    a, b = engine_a.scenario, engine_b.scenario
    stats_a, stats_b = engine_a.parcel_stats(), engine_b.parcel_stats()
    in_a, in_b = defaultdict(list), defaultdict(list)
    for parcel in a.parcels.values():
        in_a[parcel.region_id].append(parcel)
    for parcel in b.parcels.values():
        in_b[parcel.region_id].append(parcel)
    pieces: dict[tuple, list[_Piece]] = defaultdict(list)
    slivers: dict[tuple, list[_Piece]] = defaultdict(list)
    dropped = 0.0
    for rid in a.regions.ids:
        parcels_a, parcels_b = in_a.get(rid, []), in_b.get(rid, [])
        for pa in parcels_a:
            for pb in parcels_b:
                pair = (key_a[a.owner[pa.id]], key_b[b.owner[pb.id]])
                if pair[0] == pair[1]:
                    continue
                # A whole region on one side contains every piece of it on the other: no overlay needed.
                if len(parcels_a) == 1:
                    s = stats_b[pb.id]
                    pieces[pair].append(_Piece(pb.geometry, rid, s.area_km2, s.arable_km2))
                    continue
                if len(parcels_b) == 1:
                    s = stats_a[pa.id]
                    pieces[pair].append(_Piece(pa.geometry, rid, s.area_km2, s.arable_km2))
                    continue
                if not shapely.intersects(pa.geometry, pb.geometry):
                    continue
                kept, lost = _without_slivers(shapely.intersection(pa.geometry, pb.geometry), rid, pa.geometry)
                pieces[pair] += kept
                slivers[pair] += lost
                dropped += sum(p.area_km2 for p in lost)
    return dict(pieces), dropped, dict(slivers)


def _pieces_by_overlay(a: Scenario, b: Scenario, key_a, key_b):
    """Intersect every polity's territory in one scenario with every other polity's in the other."""
    pieces: dict[tuple, list[_Piece]] = defaultdict(list)
    slivers: dict[tuple, list[_Piece]] = defaultdict(list)
    dropped = 0.0
    owners_a = list(a.polities) + [None]
    owners_b = list(b.polities) + [None]
    regions = a.regions
    for pa in owners_a:
        geom_a = a.geometry_of(pa)
        if geom_a.is_empty:
            continue
        for pb in owners_b:
            pair = (key_a[pa], key_b[pb])
            if pair[0] == pair[1]:
                continue
            geom_b = b.geometry_of(pb)
            if geom_b.is_empty or not shapely.intersects(geom_a, geom_b):
                continue
            kept, lost = _without_slivers(shapely.intersection(geom_a, geom_b), "", geom_a)
            slivers[pair] += lost
            dropped += sum(p.area_km2 for p in lost)
            if not kept:
                continue
            # Name the regions each piece covers: split what changed hands along the region boundaries.
            overlap = shapely.MultiPolygon([p.geometry for p in kept])
            for index in regions.tree.query(overlap, predicate="intersects"):
                region = regions.regions[int(index)]
                for part in polygon_list(shapely.intersection(overlap, region.geometry)):
                    if part.area > 0:
                        pieces[pair].append(_Piece(part, region.id, area_km2(part), None))
    return dict(pieces), dropped, dict(slivers)


def _without_slivers(geom: BaseGeometry, region_id: str, source: BaseGeometry) -> tuple[list[_Piece], list[_Piece]]:
    """The polygons of an overlay result, split into territory and slivers: parts under SLIVER_KM2 that are
    not whole islands of `source` (a small island that changes hands is territory, not overlay noise)."""
    kept: list[_Piece] = []
    lost: list[_Piece] = []
    islands = None
    for part in polygon_list(geom):
        piece = _Piece(part, region_id, area_km2(part), None)
        if piece.area_km2 >= SLIVER_KM2:
            kept.append(piece)
            continue
        if islands is None:
            islands = shapely.STRtree(polygon_list(source))
        whole = [islands.geometries[int(i)] for i in islands.query(part.representative_point(), predicate="intersects")]
        is_island = any(abs(g.area - part.area) <= 1e-6 * g.area for g in whole)
        (kept if is_island else lost).append(piece)
    return kept, lost


def _moved_ports(engine_a: StatsEngine, engine_b: StatsEngine, key_a, key_b) -> dict[tuple, list[int]]:
    """Ports (indexes into reference.ports()) whose holder differs, by (from, to)."""
    held_a, held_b = _port_holders(engine_a, key_a), _port_holders(engine_b, key_b)
    moved: dict[tuple, list[int]] = defaultdict(list)
    for port in held_a.keys() | held_b.keys():
        pair = (held_a.get(port), held_b.get(port))
        if pair[0] != pair[1]:
            moved[pair].append(port)
    return dict(moved)


def _port_holders(engine: StatsEngine, key) -> dict[int, str | None]:
    owner = engine.scenario.owner
    return {port: key[owner[pid]] for pid, stats in engine.parcel_stats().items() for port in stats.ports}
