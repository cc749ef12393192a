"""One solve's data: the regions, who holds them now, their figures and costs, and a direct check of conditions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sovsplit.model.annotations import metrics as tm
from sovsplit.model.scenario import Scenario
from sovsplit.model.solve.adjacency import Adjacency, region_adjacency
from sovsplit.model.solve.conditions import (
    ArablePerPerson,
    CapitalDistance,
    Condition,
    ConditionError,
    Contiguous,
    Fixed,
    HoldPort,
    MinPopulation,
    PacificRailPort,
)
from sovsplit.model.solve.figures import RegionFigures, has_population, region_figures
from sovsplit.model.solve.sweep import default_receiver
from sovsplit.model.solve.territory import capital_distances, capital_region, nearest_foreign, region_owner

HECTARES_PER_KM2 = 100.0


@dataclass(frozen=True)
class Instance:
    """Everything the formulation and the brute force read; regions not in `free` keep their side."""

    polity_id: str
    receiver: str | None  # who gets regions the polity gives up
    ids: tuple[str, ...]
    owners: dict[str, str | None]  # now (a split region: its majority owner; it moves whole)
    split: tuple[str, ...]
    free: frozenset[str]
    figures: dict[str, RegionFigures]
    adjacency: Adjacency
    capital_region: str | None
    capital_km: dict[str, float] | None  # km from the polity's capital to each region
    capital_foreign_km: float | None  # km from the polity's capital to the nearest foreign country
    border_source: Callable[[], dict[str, float]] = field(repr=False, compare=False)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def border_km(self) -> dict[str, float]:
        """Km from the polity's border (as it was when the instance was built) to each region's centre; measured
        on first use, as only the distance cost needs it."""
        if "border" not in self._memo:
            self._memo["border"] = self.border_source()
        return self._memo["border"]

    def held_now(self) -> frozenset[str]:
        return frozenset(r for r in self.ids if self.owners[r] == self.polity_id)

    def has_population(self) -> bool:
        return has_population(self.figures)

    def people(self, region_id: str) -> float:
        """A region's 1989 population; conditions and costs on people are refused before it is read without one."""
        value = self.figures[region_id].population
        if value is None:
            raise ConditionError("the statistics carry no population figures yet")
        return value

    def capital_distances(self) -> dict[str, float]:
        """Km from the polity's capital to each region; conditions on the capital are refused without one."""
        if self.capital_km is None:
            raise ConditionError("the polity has no capital to measure from")
        return self.capital_km


def build_instance(
    scenario: Scenario,
    polity_id: str,
    receiver: str | None = None,
    free: frozenset[str] | None = None,
    arable_source=None,
) -> Instance:
    if polity_id not in scenario.polities:
        raise ConditionError(f"there is no polity {polity_id!r}")
    regions = scenario.regions
    owners = region_owner(scenario)
    receiver = receiver or default_receiver(scenario, polity_id)
    capital = scenario.polities[polity_id].capital
    # The border is measured later, on the scenario as it is now (an edit in between must not change it).
    snapshot = Scenario(
        scenario.name, regions, list(scenario.polities.values()), list(scenario.parcels.values()), dict(scenario.owner)
    )
    split = tuple(sorted({p.region_id for p in scenario.parcels.values() if p.id != p.region_id}))
    return Instance(
        polity_id,
        receiver,
        tuple(regions.ids),
        owners,
        split,
        frozenset(regions.ids) if free is None else frozenset(free),
        region_figures(regions, arable_source),
        region_adjacency(regions),
        capital_region(scenario, polity_id),
        capital_distances(regions, capital),
        tm.nearest_km(nearest_foreign(regions, capital)),
        lambda: _border_km(snapshot, polity_id),
    )


def _border_km(scenario: Scenario, polity_id: str) -> dict[str, float]:
    """Geodesic km from each region's inside point to the polity's current border with the others."""
    lines = [tm.shared_border(scenario, polity_id, other) for other in scenario.polities if other != polity_id]
    lines = [line for line in lines if not line.is_empty]
    if not lines:
        return {rid: 0.0 for rid in scenario.regions.ids}
    import shapely

    border = shapely.union_all(lines)
    # distance_km is None only for a missing point; every region has a representative point.
    return {r.id: tm.distance_km(r.geometry.representative_point(), border) or 0.0 for r in scenario.regions.regions}


def arable_targets(instance: Instance, condition: ArablePerPerson) -> tuple[float, float]:
    """(arable km², people) pooled between the polity and the other one, for "at least the other's" per person."""
    pool = [r for r in instance.ids if instance.owners[r] in (instance.polity_id, condition.other)]
    return (sum(instance.figures[r].arable_km2 for r in pool), sum(instance.figures[r].population or 0.0 for r in pool))


def require_population(instance: Instance, condition: Condition) -> None:
    if not instance.has_population():
        raise ConditionError(f"{condition.spelling}: the statistics carry no population figures yet")


def check_supported(instance: Instance, conditions: tuple[Condition, ...]) -> None:
    """ConditionError for a condition this data or scenario cannot pose."""
    for c in conditions:
        if isinstance(c, (MinPopulation, ArablePerPerson)):
            require_population(instance, c)
        if isinstance(c, ArablePerPerson) and c.other is not None and c.other != instance.receiver:
            raise ConditionError(
                f"{c.spelling}: regions the polity gives up go to {instance.receiver}, so compare with that polity"
            )
        if isinstance(c, (Contiguous, CapitalDistance)) and instance.capital_region is None:
            raise ConditionError(f"{c.spelling}: the polity's capital is not a shipped city")


def holds(instance: Instance, condition: Condition, held: frozenset[str]) -> bool:
    """Whether the polity holding exactly `held` meets the condition (checked directly, not by the solver)."""
    f = instance.figures
    if isinstance(condition, PacificRailPort):
        return any(f[r].pacific_rail_ports for r in held)
    if isinstance(condition, HoldPort):
        return any(condition.port_index in f[r].ports for r in held)
    if isinstance(condition, Contiguous):
        return instance.capital_region in held and instance.adjacency.is_connected(held)
    if isinstance(condition, MinPopulation):
        return sum(instance.people(r) for r in held) >= condition.people
    if isinstance(condition, ArablePerPerson):
        arable = sum(f[r].arable_km2 for r in held)
        people = sum(instance.people(r) for r in held)
        if people <= 0:
            return False
        if condition.other is None:
            return arable * HECTARES_PER_KM2 / people >= condition.threshold()
        if any(instance.owners[r] not in (instance.polity_id, condition.other) for r in held):
            return False  # the comparison pools the two polities' land, so no third polity's region may join
        pool_arable, pool_people = arable_targets(instance, condition)
        other_people = pool_people - people
        return other_people <= 0 or arable / people >= (pool_arable - arable) / other_people
    if isinstance(condition, CapitalDistance):
        if instance.capital_region not in held or not foreign_allows(instance, condition):
            return False
        return all(
            km >= condition.km
            for r, km in instance.capital_distances().items()
            if r not in held and _owner_after(instance, r, held) is not None
        )
    if isinstance(condition, Fixed):
        return (condition.region_id in held) == condition.inside
    raise TypeError(f"unknown condition {condition!r}")


def foreign_allows(instance: Instance, condition: CapitalDistance) -> bool:
    """Whether the nearest foreign country is far enough; no transfer between polities can change that."""
    return instance.capital_foreign_km is None or instance.capital_foreign_km >= condition.km


def _owner_after(instance: Instance, region_id: str, held: frozenset[str]) -> str | None:
    if region_id in held:
        return instance.polity_id
    now = instance.owners[region_id]
    return instance.receiver if now == instance.polity_id else now


def cost_coefficients(instance: Instance, cost: str) -> dict[str, int]:
    """Integer cost of moving each region (CP-SAT works in integers; km² and km rounded to whole units)."""
    f = instance.figures
    if cost == "area":
        return {r: round(f[r].area_km2) for r in instance.ids}
    if cost == "population":
        if not instance.has_population():
            raise ConditionError("minimise population: the statistics carry no population figures yet")
        return {r: round(instance.people(r)) for r in instance.ids}
    if cost == "regions":
        return {r: 1 for r in instance.ids}
    if cost == "distance":
        return {r: round(instance.border_km()[r]) + 1 for r in instance.ids}
    raise ConditionError(f"unknown cost {cost!r}")


def moved(instance: Instance, held: frozenset[str]) -> tuple[list[str], list[str]]:
    """(regions gained, regions given up) when the polity ends up holding `held`."""
    now = instance.held_now()
    return (
        [r for r in instance.ids if r in held and r not in now],
        [r for r in instance.ids if r in now and r not in held],
    )
