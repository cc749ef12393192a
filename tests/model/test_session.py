"""The Qt-free session: one snapshot, one computation giving the report and the verdicts, generations."""

from __future__ import annotations

from sovsplit.model.annotations.arguments import assess, shipped_annotations
from sovsplit.model.editing.edits import reassign
from sovsplit.model.report import scenario_report
from sovsplit.model.session import Session, snapshot_scenario


def test_compute_gives_the_cli_report_and_the_verdicts_of_one_state(scenario):
    session = Session(scenario)
    result = session.compute()
    assert result.report == scenario_report(scenario)
    expected = assess(scenario, result.report)
    assert [a.annotation.id for a in result.assessments] == [a.annotation.id for a in expected]
    assert [a.verdict for a in result.assessments] == [a.verdict for a in expected]
    assert len(expected) == len(shipped_annotations())
    assert set(result.parcel_stats) == set(scenario.parcels)
    assert result.generation == session.generation == 0


def test_a_snapshot_keeps_the_state_it_was_taken_in(scenario):
    session = Session(scenario)
    scenario.annotations.append({"id": "n1", "title": "t"})
    frozen = session.snapshot()
    east = next(p for p in scenario.polities if scenario.polities[p].name.startswith("East"))
    parcel = next(pid for pid, owner in scenario.owner.items() if owner != east)
    reassign(scenario, [parcel], east).apply(scenario)
    scenario.annotations[0]["title"] = "changed"
    assert frozen.owner[parcel] != east
    assert frozen.annotations[0]["title"] == "t"
    assert snapshot_scenario(scenario).owner[parcel] == east


def test_each_change_and_replacement_is_a_new_generation(scenario, regions):
    from sovsplit.model.io.scenario_io import load_scenario

    session = Session(scenario)
    assert session.changed() == 1
    other = load_scenario(None, regions)
    assert session.replace_scenario(other) == 2
    assert session.scenario is other
    assert session.compute().generation == 2
