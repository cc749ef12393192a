"""Whole-region figures the sweep and the solver weigh: area, arable land, population (when shipped) and ports."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sovsplit.model import reference
from sovsplit.model.annotations.metrics import rail_year_round_pacific_port, year_round_port
from sovsplit.model.regions import RegionSet
from sovsplit.model.scenario import Parcel, Scenario
from sovsplit.model.stats import StatsEngine


@dataclass(frozen=True)
class RegionFigures:
    """What one whole region holds."""

    region_id: str
    name: str
    area_km2: float
    arable_km2: float
    population: float | None  # None while the statistics carry no population
    ports: tuple[int, ...]  # indexes into reference.ports()

    @property
    def pacific_rail_ports(self) -> tuple[int, ...]:
        return tuple(i for i in self.ports if is_pacific_rail_port(i))


def population_of(stats) -> float | None:
    """The population a statistics record carries, or None when the statistics have no population yet."""
    value = getattr(stats, "population", None)
    return None if value is None else float(value)


@cache
def is_pacific_rail_port(port_index: int) -> bool:
    """The statistics' own rule for "a year-round Pacific port with a rail link", asked of one port alone."""
    return rail_year_round_pacific_port(reference.ports()[port_index])


def port_label(port_index: int) -> str:
    """A port's name with its class, e.g. "Vanino (year-round, rail, Pacific)"."""
    port = reference.ports()[port_index]
    season = "year-round" if year_round_port(port) else f"{port.get('navigation_months') or '?'} months"
    rail = ", rail" if port.get("rail") else ""
    return f"{port['name']} ({season}{rail}, {port.get('basin')})"


def region_figures(regions: RegionSet, arable_source=None) -> dict[str, RegionFigures]:
    """Figures of every whole region, from the same statistics engine (and region table) `stats` uses."""
    return _figures(regions, arable_source)


@cache
def _figures(regions: RegionSet, arable_source) -> dict[str, RegionFigures]:
    # A scenario where every region is one unclaimed whole parcel: the engine then takes each region's figures
    # from the cached region table and finds its ports with the one port-holding rule.
    whole = Scenario(
        "regions",
        regions,
        [],
        [Parcel(r.id, r.id, r.geometry) for r in regions.regions],
        {r.id: None for r in regions.regions},
    )
    stats = StatsEngine(whole, arable_source).parcel_stats()
    return {
        r.id: RegionFigures(
            r.id,
            r.name,
            stats[r.id].area_km2,
            stats[r.id].arable_km2,
            population_of(stats[r.id]),
            tuple(stats[r.id].ports),
        )
        for r in regions.regions
    }


def has_population(figures: dict[str, RegionFigures]) -> bool:
    return all(f.population is not None for f in figures.values())
