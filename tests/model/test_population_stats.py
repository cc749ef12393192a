"""Population in the statistics: per region and polity, summed exactly, and split by area share when cut."""

from __future__ import annotations

import pytest

from sovsplit.model.editing import edits
from sovsplit.model.editing.cut import cut
from sovsplit.model.population import PopulationTable, default_population
from sovsplit.model.report import scenario_report
from sovsplit.model.stats import StatsEngine

ACROSS_PRIMORSKY = [(130.0, 44.6), (133.5, 44.4), (137.5, 44.2)]


def table_by_area(regions, people_per_km2: float = 10.0) -> PopulationTable:
    """A table whose density is the same everywhere, so every correct split must keep it."""
    return PopulationTable({r: round(people_per_km2 * regions.area_km2[r]) for r in regions.ids}, "test table")


def _polity(report, polity_id):
    return report.polity(polity_id)


def test_polities_hold_the_population_of_their_regions(scenario, regions):
    table = table_by_area(regions)
    report = scenario_report(scenario, StatsEngine(scenario, population=table))
    for polity in report.polities:
        assert polity.population == sum(table.by_region[r.id] for r in polity.regions)
        assert all(r.population == table.by_region[r.id] for r in polity.regions)
        assert polity.density_per_km2 == pytest.approx(10.0, rel=1e-3)
    assert sum(p.population for p in report.polities) == sum(table.by_region.values())
    # The JSON `sovsplit stats --format json` prints carries them for every polity and region.
    printed = report.to_json()["polities"]
    assert all("population" in p and "density_per_km2" in p for p in printed)
    assert all("population" in r for p in printed for r in p["regions"])


def test_a_cut_region_splits_its_people_by_area_and_loses_none(scenario, regions):
    table = PopulationTable({**table_by_area(regions).by_region, "RUPRI": 2_000_000}, "test table")
    cut(scenario, ACROSS_PRIMORSKY).apply(scenario)
    south = min((p for p in scenario.parcels.values() if p.region_id == "RUPRI"), key=lambda p: p.geometry.centroid.y)
    edits.reassign(scenario, [south.id], "east").apply(scenario)
    engine = StatsEngine(scenario, population=table)
    report = scenario_report(scenario, engine)
    east = next(r for r in _polity(report, "east").regions if r.id == "RUPRI")
    west = next(r for r in _polity(report, "west").regions if r.id == "RUPRI")
    assert not east.whole and east.population + west.population == pytest.approx(2_000_000, abs=1)
    # By area share: the piece's share of the people is its share of the krai's km².
    assert east.population / 2_000_000 == pytest.approx(east.area_km2 / regions.area_km2["RUPRI"], abs=1e-6)
    assert sum(p.population for p in report.polities) == pytest.approx(sum(table.by_region.values()), abs=2)


def test_the_shipped_table_gives_the_census_total_and_its_absence_gives_null_not_zero(scenario):
    table = default_population()
    report = scenario_report(scenario)
    if table is None:  # not built yet (geodata/SOURCES.md): no number is better than a made-up one
        assert all(p.population is None and p.density_per_km2 is None for p in report.polities)
        assert all(r.population is None for p in report.polities for r in p.regions)
        assert all("population" not in p for p in report.to_json()["polities"])  # left out, never 0
    else:
        assert sum(p.population for p in report.polities) == 286_730_819
