"""Compare scenarios: the same metrics per polity side by side, deltas against the first, and the land that changed hands."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from sovsplit.model import reference
from sovsplit.model.geodesy import area_km2
from sovsplit.model.polygons import polygon_list
from sovsplit.model.port_access import port_access
from sovsplit.model.scenario import Scenario
from sovsplit.model.stats import StatsEngine

# Overlay pieces smaller than this are noise where two drawings of the same border disagree, not territory.
SLIVER_KM2 = 1.0
UNCLAIMED_NAME = "Unclaimed"
# Unclaimed territory smaller than this (km²) in every scenario is rounding, not worth a row.
_UNCLAIMED_ROW_KM2 = 0.5


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    kind: str  # "number", "bool" or "list"


METRICS = [
    Metric("area_km2", "area km²", "number"),
    Metric("share_of_ussr_pct", "share of USSR %", "number"),
    Metric("coastline_km", "coastline km", "number"),
    Metric("arable_km2", "arable km²", "number"),
    Metric("arable_share_pct", "arable %", "number"),
    Metric("population", "population (1989)", "number"),
    Metric("ports", "ports", "number"),
    Metric("ports_year_round", "year-round ports", "number"),
    Metric("ice_free_pacific", "ice-free Pacific port", "bool"),
    Metric("ports_held", "ports held", "list"),
]
METRIC_BY_KEY = {m.key: m for m in METRICS}


@dataclass
class PolityComparison:
    """One polity across the scenarios; values are None where the polity is absent from a scenario."""

    id: str | None  # the baseline's id (or the id where it first appears); None is unclaimed land
    name: str
    colour: str
    ids: list[str | None]  # the polity's id in each scenario
    metrics: dict[str, list] = field(default_factory=dict)
    deltas: dict[str, list] = field(default_factory=dict)
    delta_percent: dict[str, list] = field(default_factory=dict)


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
class Comparison:
    scenarios: list[str]
    polities: list[PolityComparison]
    transfers: list[Transfer]
    unmatched: list[str]
    warnings: list[str]
    arable_model: str
    # Per scenario: km² of overlay slivers dropped from the transfers (0 for the baseline).
    sliver_km2: list[float]

    def polity(self, polity_id: str | None) -> PolityComparison:
        return next(p for p in self.polities if p.id == polity_id)

    def name_of(self, polity_id: str | None) -> str:
        for p in self.polities:
            if p.id == polity_id:
                return p.name
        return UNCLAIMED_NAME if polity_id is None else str(polity_id)


@dataclass
class _Piece:
    geometry: BaseGeometry
    region_id: str
    area_km2: float
    arable_km2: float | None  # known when the piece is a whole parcel with cached statistics


def compare_scenarios(
    scenarios: list[Scenario],
    names: list[str] | None = None,
    arable_source=None,
    method: str = "auto",
    progress: Callable[[str], None] | None = None,
    population=None,
) -> Comparison:
    """Compare scenarios[1:] with scenarios[0]; method "regions" overlays parcel by parcel within each region,
    "overlay" intersects whole polity geometries, "auto" picks regions when all share one region set."""
    if len(scenarios) < 2:
        raise ValueError("a comparison needs at least two scenarios")
    say = progress or (lambda _message: None)
    names = _unique_names(names or [_label(s) for s in scenarios])
    engines = []
    for scenario, name in zip(scenarios, names):
        say(f"statistics of {name}")
        engine = StatsEngine(scenario, arable_source, population)  # None: the shipped table, if any
        if engines:
            engine.reuse(engines[0])
        engine.parcel_stats()
        arable_source = engine.arable_source  # every scenario counts arable land with the same data
        engines.append(engine)
    keys, rows, unmatched = _match_polities(scenarios, names)
    totals = [engine.totals() for engine in engines]
    if any(t.get(None) and t[None].area_km2 > _UNCLAIMED_ROW_KM2 for t in totals):
        rows.append(PolityComparison(None, UNCLAIMED_NAME, "#cccccc", [None] * len(scenarios)))
    for row in rows:
        _fill_metrics(row, keys, totals)
    transfers, slivers = [], [0.0]
    for index in range(1, len(scenarios)):
        say(f"territory changed between {names[0]} and {names[index]}")
        use_regions = method == "regions" or (method == "auto" and scenarios[0].regions is scenarios[index].regions)
        found, dropped = _transfers(names[index], index, engines[0], engines[index], keys[0], keys[index], use_regions)
        transfers += found
        slivers.append(dropped)
    warnings = [w for s, name in zip(scenarios, names) for w in s.warnings]
    return Comparison(
        names,
        rows,
        transfers,
        unmatched,
        warnings,
        arable_source.description if arable_source is not None else "none",
        slivers,
    )


def _label(scenario: Scenario) -> str:
    return scenario.path.stem if scenario.path is not None else scenario.name


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique


# --- matching polities ------------------------------------------------------------------------------------
def _match_polities(scenarios: list[Scenario], names: list[str]):
    """Row key of every polity of every scenario: by id, else by case-insensitive name, else a row of its own."""
    base = scenarios[0]
    rows = [
        PolityComparison(p.id, p.name, p.colour, [p.id] + [None] * (len(scenarios) - 1)) for p in base.polities.values()
    ]
    by_key = {row.id: row for row in rows}
    keys: list[dict[str | None, str | None]] = [{None: None, **{pid: pid for pid in base.polities}}]
    unmatched: list[str] = []
    for index, scenario in enumerate(scenarios[1:], start=1):
        mapping: dict[str | None, str | None] = {}
        free = {pid for pid in base.polities}
        for pid in scenario.polities:
            if pid in free:
                mapping[pid] = pid
                free.discard(pid)
        by_name = {base.polities[pid].name.casefold(): pid for pid in free}
        for pid, polity in scenario.polities.items():
            if pid in mapping:
                continue
            match = by_name.pop(polity.name.casefold(), None)
            if match is not None:
                mapping[pid] = match
                free.discard(match)
                continue
            key = pid
            while key in by_key:
                key = f"{key}@{names[index]}"
            row = PolityComparison(key, polity.name, polity.colour, [None] * len(scenarios))
            rows.append(row)
            by_key[key] = row
            mapping[pid] = key
            unmatched.append(
                f"{names[index]}: polity '{polity.name}' (id {pid}) matches no polity of "
                f"{names[0]} by id or name; it gets a row of its own"
            )
        for pid in base.polities:
            if pid in free:
                unmatched.append(
                    f"{names[index]}: has no polity matching '{base.polities[pid].name}' "
                    f"(id {pid}) of {names[0]} by id or name"
                )
        for pid, key in mapping.items():
            by_key[key].ids[index] = pid
        mapping[None] = None
        keys.append(mapping)
    return keys, rows, unmatched


# --- metrics ----------------------------------------------------------------------------------------------
def _fill_metrics(row: PolityComparison, keys, totals) -> None:
    for metric in METRICS:
        row.metrics[metric.key] = []
    for index, scenario_totals in enumerate(totals):
        present = row.id is None or row.ids[index] is not None
        values = _metric_values(scenario_totals, row.ids[index]) if present else {}
        for metric in METRICS:
            row.metrics[metric.key].append(values.get(metric.key))
    for metric in METRICS:
        series = row.metrics[metric.key]
        row.deltas[metric.key] = [_delta(metric, series[0], v) for v in series]
        row.delta_percent[metric.key] = [_percent(series[0], v) if metric.kind == "number" else None for v in series]


def _metric_values(totals, polity_id: str | None) -> dict:
    t = totals.get(polity_id)
    ussr = float(sum(x.area_km2 for x in totals.values())) or 1.0
    # Plain floats: the sums may be numpy scalars, which compare oddly with lists and print as np.float64.
    area = float(t.area_km2) if t else 0.0
    arable = float(t.arable_km2) if t else 0.0
    ports = port_access(t.ports if t else ())
    return {
        "area_km2": area,
        "share_of_ussr_pct": 100.0 * area / ussr,
        "coastline_km": float(t.coast_km) if t else 0.0,
        "arable_km2": arable,
        "arable_share_pct": 100.0 * arable / area if area else 0.0,
        # None while no population table is shipped: an unknown count, not zero people.
        "population": float(t.population) if t and t.population is not None else None,
        "ports": ports.count,
        "ports_year_round": ports.year_round,
        "ice_free_pacific": ports.ice_free_pacific,
        "ports_held": [p.name for p in ports.held],
    }


def _delta(metric: Metric, base, value):
    """Numbers: the difference; booleans: "gained"/"lost"/""; port lists: "+name"/"-name" entries."""
    if base is None or value is None:
        return None
    if metric.kind == "number":
        return value - base
    if metric.kind == "bool":
        return "" if bool(value) == bool(base) else ("gained" if value else "lost")
    return [f"+{p}" for p in value if p not in base] + [f"-{p}" for p in base if p not in value]


def _percent(base, value):
    if base is None or value is None or not base:
        return None
    return 100.0 * (value - base) / base


# --- territory that changed hands -------------------------------------------------------------------------
def _transfers(
    name: str, index: int, engine_a: StatsEngine, engine_b: StatsEngine, key_a, key_b, use_regions: bool
) -> tuple[list[Transfer], float]:
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
    kept, lost = [], []
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
