"""The statistics report of a scenario: typed records that `sovsplit stats` prints and the panel shows."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache

from sovsplit.model.formatting import STORED_KM_DIGITS as _KM
from sovsplit.model.formatting import STORED_SHARE_DIGITS as _SHARE
from sovsplit.model.port_access import PortAccess, port_access
from sovsplit.model.scenario import Scenario
from sovsplit.model.stats import StatsEngine

# Optional figures that other sources fill in; left out of the JSON while they are unknown, so the JSON keeps
# the keys it has always had.
_OPTIONAL = ("population", "density_per_km2", "unclaimed_km2")


@dataclass(frozen=True)
class RegionHolding:
    """What a polity holds of one region, and whether it holds all of it."""

    id: str
    name: str
    area_km2: float
    coastline_km: float
    arable_km2: float
    whole: bool
    population: float | None = None
    density_per_km2: float | None = None


@dataclass(frozen=True)
class PolityStats:
    """One polity's figures: area, share of the USSR, coastline, arable land, ports and regions held."""

    id: str
    name: str
    capital: str
    colour: str
    area_km2: float
    share_of_ussr: float
    coastline_km: float
    arable_km2: float
    arable_share: float
    ports: PortAccess = field(default_factory=PortAccess)
    regions: list[RegionHolding] = field(default_factory=list)
    population: float | None = None
    density_per_km2: float | None = None


@dataclass(frozen=True)
class ScenarioReport:
    """The statistics of one scenario: every polity, the arable source used, and land nobody holds."""

    scenario: str
    arable_model: str
    polities: list[PolityStats]
    unclaimed_km2: float | None = None

    def polity(self, polity_id: str) -> PolityStats | None:
        return next((p for p in self.polities if p.id == polity_id), None)

    def by_name(self, name: str) -> PolityStats | None:
        return next((p for p in self.polities if p.name == name), None)

    def to_json(self) -> dict:
        """The JSON form `sovsplit stats --format json` prints (the keys it has always had)."""
        return _plain(self)


def _plain(value):
    """What dataclasses.asdict gives, without the unknown optional figures, and without asdict's deep copy of
    every number (most of a batch of variants' time): the report's leaves are immutable."""
    names = _FIELDS.get(type(value))
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[type(value)] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        items = ((name, _plain(getattr(value, name))) for name in names)
        return {k: v for k, v in items if not (v is None and k in _OPTIONAL)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if not (v is None and k in _OPTIONAL)}
    if isinstance(value, tuple):
        return type(value)(*[_plain(v) for v in value]) if hasattr(value, "_fields") else tuple(map(_plain, value))
    return value


_FIELDS: dict[type, tuple[str, ...]] = {}


def report_value(polity: PolityStats, path: str):
    """A polity's figure by dotted path ("area_km2", "ports.to_japan.km"); None where the path finds nothing.

    The one place the declarative rules' metric names are read off the typed report.
    """
    value: object = polity
    for part in path.split("."):
        if value is None or not dataclasses.is_dataclass(value):
            return None
        value = getattr(value, part, None)
    return value


def scenario_report(scenario: Scenario, engine: StatsEngine | None = None) -> ScenarioReport:
    """Per polity: area, share of the USSR, coastline, arable land, ports and the regions it holds."""
    engine = engine or StatsEngine(scenario)
    per_parcel = engine.parcel_stats()
    totals = engine.totals()
    ussr_km2 = sum(t.area_km2 for t in totals.values()) or 1.0
    holdings = _holdings(scenario, per_parcel)
    polities = []
    for polity in scenario.polities.values():
        t = totals[polity.id]
        polities.append(
            PolityStats(
                id=polity.id,
                name=polity.name,
                capital=polity.capital,
                colour=polity.colour,
                area_km2=round(t.area_km2, _KM),
                share_of_ussr=round(t.area_km2 / ussr_km2, _SHARE),
                coastline_km=round(t.coast_km, _KM),
                arable_km2=round(t.arable_km2, _KM),
                arable_share=round(t.arable_km2 / t.area_km2, _SHARE) if t.area_km2 else 0.0,
                ports=port_access(t.ports),
                regions=holdings.get(polity.id, []),
                # 1989 census, when a population table is shipped (population.SPLIT_RULE for cut regions).
                population=_people(t.population),
                density_per_km2=_density(t.population, t.area_km2),
            )
        )
    unclaimed = totals.get(None)
    return ScenarioReport(
        scenario=scenario.name,
        arable_model=engine.arable_source.description,
        polities=polities,
        unclaimed_km2=round(unclaimed.area_km2, _KM) if unclaimed and unclaimed.area_km2 > 0.5 else None,
    )


def _holdings(scenario: Scenario, per_parcel) -> dict[str | None, list[RegionHolding]]:
    """Per polity, the regions it holds, with what it holds of each and whether it holds all of it (one pass
    over the parcels for every polity)."""
    sums: dict[tuple[str | None, str], list] = {}  # (polity, region) -> [area, coast, arable, people]
    owners: dict[str, set] = {}
    parcels = scenario.parcels
    for pid, owner in scenario.owner.items():
        region_id = parcels[pid].region_id
        owners.setdefault(region_id, set()).add(owner)
        stats = per_parcel[pid]
        entry = sums.get((owner, region_id))
        if entry is None:
            sums[(owner, region_id)] = [stats.area_km2, stats.coast_km, stats.arable_km2, stats.population]
            continue
        entry[0] += stats.area_km2
        entry[1] += stats.coast_km
        entry[2] += stats.arable_km2
        entry[3] = None if stats.population is None else (entry[3] or 0.0) + stats.population
    held: dict[str | None, list[RegionHolding]] = {}
    regions = scenario.regions
    for r in regions.ids:
        for owner in owners.get(r, ()):
            held.setdefault(owner, []).append(_holding(r, regions[r].name, *sums[(owner, r)], len(owners[r]) == 1))
    return held


@lru_cache(maxsize=4096)
def _holding(
    region_id: str, name: str, area: float, coast: float, arable: float, people: float | None, whole: bool
) -> RegionHolding:
    """One row of a polity's regions; kept, as an edit changes only the rows of the regions it touches."""
    return RegionHolding(
        id=region_id,
        name=name,
        area_km2=round(area, _KM),
        coastline_km=round(coast, _KM),
        arable_km2=round(arable, _KM),
        whole=whole,
        population=_people(people),
        density_per_km2=_density(people, area),
    )


def _people(population: float | None) -> int | None:
    """Whole people: an area-share split of a region gives fractions."""
    return None if population is None else round(population)


def _density(population: float | None, area_km2: float) -> float | None:
    return round(population / area_km2, 2) if population is not None and area_km2 else None
