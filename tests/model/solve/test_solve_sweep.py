"""The sweep: each neighbouring region's marginal value to the East, measured with the incremental statistics."""

from __future__ import annotations

import pytest

from sovsplit.model.annotations.arguments import all_annotations, assess
from sovsplit.model.editing.edits import reassign_regions
from sovsplit.model.report import scenario_report
from sovsplit.model.solve.adjacency import region_adjacency
from sovsplit.model.solve.sweep import candidate_regions, sweep
from sovsplit.model.stats import StatsEngine


def test_adjacency_is_symmetric_and_knows_primorsky_kaliningrad_and_sakhalin(regions):
    adjacency = region_adjacency(regions)
    for a, near in adjacency.neighbours.items():
        assert all(a in adjacency.neighbours[b] for b in near)
    # Primorsky's only neighbour inside the USSR is Khabarovsk Krai; Kaliningrad touches only Lithuania;
    # Sakhalin (with the Kurils) is islands.
    assert adjacency.neighbours["RUPRI"] == {"RUKHA"}
    assert adjacency.neighbours["RUKGD"] == {"LT"}
    assert adjacency.neighbours["RUSAK"] == set()
    assert adjacency.is_connected(["RUSA", "RUKHA", "RUPRI"])
    assert not adjacency.is_connected(["RUSA", "RUPRI"])


def test_cached_adjacency_and_capital_distances_equal_a_fresh_computation(regions):
    from sovsplit.model.annotations import metrics
    from sovsplit.model.solve import adjacency as adjacency_module
    from sovsplit.model.solve.territory import capital_distances

    fresh = adjacency_module._compute(regions)
    assert {r: sorted(n) for r, n in region_adjacency(regions).neighbours.items()} == fresh
    distances = capital_distances(regions, "Yakutsk")
    yakutsk = metrics.city("Yakutsk").geometry
    assert distances["RUSA"] == 0.0
    for rid in ("RUKHA", "RUMAG", "UA"):
        exact = metrics.distance_km(yakutsk, regions[rid].geometry)
        assert distances[rid] == pytest.approx(exact, abs=2.0)  # the densified search, to within a couple of km


def test_rows_of_the_easts_neighbours_carry_the_regions_own_area(scenario):
    report = scenario_report(scenario)
    whole_area = {r.id: r.area_km2 for p in report.polities for r in p.regions}
    owner_before = dict(scenario.owner)
    result = sweep(scenario, "east")
    assert scenario.owner == owner_before  # every move was reverted
    rows = {r.region_id: r for r in result.rows}
    east = {r for r, o in scenario.owner.items() if o == "east"}
    assert set(rows) == set(candidate_regions(scenario, "east"))
    assert region_adjacency(scenario.regions).touching(east) <= set(rows)
    for row in result.rows:
        sign = 1 if row.direction == "gain" else -1
        assert row.area_km2 == pytest.approx(sign * whole_area[row.region_id], abs=0.1)
        assert (row.direction == "gain") == (row.region_id not in east)
    kha = rows["RUKHA"]
    assert not kha.pacific_rail_port_before and kha.pacific_rail_port_after
    assert any(p.startswith("Vanino") for p in kha.ports_gained)
    assert kha.contiguity_change == "kept"


def test_verdict_flips_match_a_full_assessment_of_the_moved_scenario(scenario):
    rows = {r.region_id: r for r in sweep(scenario, "east").rows}
    annotations = all_annotations(scenario)
    before = {a.annotation.id: a.verdict.status for a in assess(scenario, scenario_report(scenario), annotations)}
    for rid in ("RUKHA", "RUAMU", "RUMAG"):
        row = rows[rid]
        edit = reassign_regions(scenario, [rid], row.to_polity)
        edit.apply(scenario)
        after = {a.annotation.id: a.verdict.status for a in assess(scenario, scenario_report(scenario), annotations)}
        edit.revert(scenario)
        assert {(f.annotation_id, f.before, f.after) for f in row.flips} == {
            (k, before[k], after[k]) for k in before if before[k] != after[k]
        }
    assert "objection-vladivostok" in {f.annotation_id for f in rows["RUKHA"].flips}


def test_all_regions_sweep_moves_every_region_and_reports_progress(scenario):
    engine = StatsEngine(scenario)
    seen = []
    result = sweep(scenario, "east", all_regions=True, engine=engine, progress=lambda done, total: seen.append(done))
    assert len(result.rows) == len(scenario.regions) and seen[-1] == len(scenario.regions)
    east_area = engine.totals()["east"].area_km2
    losses = sum(-r.area_km2 for r in result.rows if r.direction == "loss")
    assert losses == pytest.approx(east_area, rel=1e-9)
    # Giving Kaliningrad (an exclave of the West) to the East leaves the East in two pieces.
    assert {r.region_id: r for r in result.rows}["RUKGD"].contiguity_change == "broken"


def test_sweep_stops_when_cancelled(scenario):
    result = sweep(scenario, "east", all_regions=True, cancelled=lambda: True)
    assert result.cancelled and result.rows == ()


def test_a_split_region_is_swept_whole_with_the_full_verdict_measures(scenario):
    from sovsplit.model.editing.cut import cut

    reassign_regions(scenario, ["RUKHA"], "east").apply(scenario)
    cut(scenario, [(130.0, 44.6), (133.5, 44.4), (137.5, 44.2)]).apply(scenario)
    rows = {r.region_id: r for r in sweep(scenario, "east").rows}
    assert rows["RUPRI"].split and not rows["RUKHA"].split
    assert rows["RUPRI"].area_km2 == pytest.approx(scenario.regions.area_km2["RUPRI"], rel=1e-6)
