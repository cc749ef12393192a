"""Territory measures of the verdict rules computed from whole regions, so a sweep judges each move in microseconds.

The rules' own measures (model/annotations/metrics.py) work on the polity's parcels for every question; when every
parcel is a whole region the same answers follow from figures computed once: the distance from a capital to each
region and to each foreign country (the distance to a union is the least distance to its parts), the countries
each region touches, and the region each city lies in.
"""

from __future__ import annotations

from functools import cache

from sovsplit.model import reference
from sovsplit.model.annotations import metrics as tm
from sovsplit.model.annotations.rules import MetricContext
from sovsplit.model.regions import RegionSet
from sovsplit.model.report import ScenarioReport
from sovsplit.model.scenario import Scenario
from sovsplit.model.solve.disk_cache import cached_json


def all_whole(scenario: Scenario) -> bool:
    """Whether every parcel is a whole shipped region (no cut or border edit has split one)."""
    regions = scenario.regions
    return all(
        p.region_id in regions.by_id and p.geometry is regions[p.region_id].geometry for p in scenario.parcels.values()
    )


def region_owner(scenario: Scenario) -> dict[str, str | None]:
    """Owner of each region (the majority owner of a split one)."""
    return {rid: scenario.owner_of_region(rid) for rid in scenario.regions.ids}


@cache
def capital_distances(regions: RegionSet, capital: str) -> dict[str, float] | None:
    """Geodesic km from a shipped city to each region (0 for the region it lies in); None for an unknown city."""
    found = tm.city(capital)
    if found is None:
        return None
    point = found.geometry

    def compute():
        return {r.id: (0.0 if r.geometry.covers(point) else tm.distance_km(point, r.geometry)) for r in regions.regions}

    return cached_json(
        regions, f"capital-distances-{found['geonameid']}", compute, ("cities.geojson",), (tm.__file__, __file__)
    )


@cache
def foreign_distances(regions: RegionSet, capital: str) -> dict[str, float] | None:
    """Geodesic km from a shipped city to each neighbouring foreign country (by ISO code); None for an unknown
    city. No transfer between polities changes these, but the rules' capital distance counts them."""
    found = tm.city(capital)
    if found is None:
        return None
    point = found.geometry

    def compute():
        return {c["id"]: tm.distance_km(point, c.geometry) for c in reference.neighbours() if not c.geometry.is_empty}

    return cached_json(
        regions,
        f"foreign-distances-{found['geonameid']}",
        compute,
        ("cities.geojson", "neighbours.geojson"),
        (tm.__file__, __file__),
    )


def nearest_foreign(regions: RegionSet, capital: str) -> tm.Nearest | None:
    """The foreign country nearest to a shipped city (None for an unknown city or when there is none)."""
    distances = foreign_distances(regions, capital)
    if not distances:
        return None
    country = min(distances, key=distances.__getitem__)
    names = {c["id"]: c["name"] for c in reference.neighbours()}
    return tm.Nearest(distances[country], names.get(country, country), tm.FOREIGN)


@cache
def city_regions(regions: RegionSet) -> dict[str, tuple[str, ...]]:
    """The scenario cities (role "scenario") and the regions covering each."""
    found = {}
    for c in reference.cities():
        if "scenario" in (c.get("roles") or []):
            hits = regions.tree.query(c.geometry, predicate="intersects")
            found[c["name"]] = tuple(regions.ids[int(i)] for i in hits)
    return found


def capital_region(scenario: Scenario, polity_id: str) -> str | None:
    """The region that holds a polity's capital city, if the capital is a shipped city."""
    polity = scenario.polities.get(polity_id)
    distances = capital_distances(scenario.regions, polity.capital) if polity else None
    if not distances:
        return None
    return min(distances, key=distances.__getitem__) if min(distances.values()) == 0.0 else None


class RegionMetricContext(MetricContext):
    """MetricContext whose territory measures come from a region → owner map instead of unioned geometry."""

    def __init__(self, scenario: Scenario, report: ScenarioReport, owners: dict[str, str | None]):
        super().__init__(scenario, report)
        self.owners = owners

    def _compute(self, metric: str, polity_id: str):
        held = [r for r, o in self.owners.items() if o == polity_id]
        regions = self.scenario.regions
        if metric in ("capital_inside", "capital_nearest"):
            polity = self.scenario.polities.get(polity_id)
            distances = capital_distances(regions, polity.capital) if polity else None
            if distances is None or polity is None:
                return None
            inside = any(distances[r] == 0.0 for r in held)
            if metric == "capital_inside":
                return inside
            return self._nearest(polity_id, polity.capital, distances) if inside else None
        if metric == "land_neighbours":
            table = tm.region_neighbours(regions)
            return sorted({c for r in held for c in table[r]})
        if metric == "cities_held":
            mine = set(held)
            return sorted(name for name, where in city_regions(regions).items() if mine.intersection(where))
        return super()._compute(metric, polity_id)

    def _nearest(self, polity_id: str, capital: str, distances: dict[str, float]) -> tm.Nearest | None:
        """The nearest region of another polity or foreign country, as metrics.capital_nearest names it."""
        regions = self.scenario.regions
        others = [(r, o) for r, o in self.owners.items() if o is not None and o != polity_id]
        candidates = [tm.Nearest(distances[r], regions[r].name, self.scenario.polities[o].name) for r, o in others]
        foreign = nearest_foreign(regions, capital)
        if foreign is not None:
            candidates.append(foreign)
        return min(candidates, key=lambda n: n.km, default=None)
