"""Compare scenarios: the same metrics per polity side by side, deltas against the first, and the land that changed hands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sovsplit.model.compare.transfers import Transfer, find_transfers
from sovsplit.model.port_access import port_access
from sovsplit.model.scenario import Scenario
from sovsplit.model.stats import StatsEngine

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
    Metric("ports_year_round", "ice-free ports", "number"),
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
    engines: list[StatsEngine] = []
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
        found, dropped = find_transfers(
            names[index], index, engines[0], engines[index], keys[0], keys[index], use_regions
        )
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
        for matched, row_key in mapping.items():
            if row_key is not None:  # every polity maps to a row here; only the unclaimed key maps to None
                by_key[row_key].ids[index] = matched
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
