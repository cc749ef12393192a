"""Tools → Ask the map on the default scenario: the dialog gives the model's answers, opens, applies, sweeps."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from sovsplit.model import formatting
from sovsplit.model.report import scenario_report
from sovsplit.model.session import GEOMETRY_LOCK
from sovsplit.model.solve.conditions import parse_condition
from sovsplit.model.solve.instance import build_instance
from sovsplit.model.solve.solver import Question, solve
from sovsplit.model.solve.sweep import candidate_regions
from sovsplit.ui.dialogs.ask_dialog import AskDialog


def _dialog(qtbot, document, canvas=None):
    dialog = AskDialog(document, canvas)
    qtbot.addWidget(dialog)
    dialog.set_polity("east")
    return dialog


def _ask(qtbot, dialog):
    dialog.ask()
    assert dialog.jobs.running  # the question is answered off the GUI thread
    qtbot.waitUntil(lambda: not dialog.jobs.running, timeout=60000)
    return dialog.outcome


def _area(document, polity_id):
    return document.result.report.polity(polity_id).area_km2


def test_the_dialog_gives_the_same_answer_as_the_model(qtbot, document, scenario):
    dialog = _dialog(qtbot, document)
    dialog.form.pacific.setChecked(True)
    dialog.form.contiguous.setChecked(True)
    dialog.cost.setCurrentIndex(dialog.cost.findData("area"))
    outcome = _ask(qtbot, dialog)

    # What `sovsplit solve default --polity east --require pacific-rail-port --require contiguous` computes.
    conditions = tuple(parse_condition(s, scenario, "east") for s in ("pacific-rail-port", "contiguous"))
    expected = solve(build_instance(scenario, "east"), Question(conditions, "area", 1, 30.0))
    assert outcome.result.status == expected.status == "optimal"
    answer = dialog.selected_answer()
    assert answer is outcome.answers[0]
    assert (answer.solution.gained, answer.solution.lost) == (expected.solutions[0].gained, expected.solutions[0].lost)
    assert answer.solution.cost == expected.solutions[0].cost
    # The list says so, and the metrics table shows the East's area before and after from the answer's figures.
    assert dialog.answers.item(0, 1).text() == "optimal"
    moved = dialog.answers.item(0, 3).text()
    assert all(scenario.regions[r].name in moved for r in answer.solution.gained)
    east_after = next(m for m in answer.after if m.polity_id == "east")
    assert dialog.metrics.horizontalHeaderItem(1).text() == "East USSR\nafter"
    assert dialog.metrics.item(0, 1).text() == formatting.area_km2(east_after.area_km2)
    assert dialog.preview.gained == answer.solution.gained  # the selected answer is what the preview shows


def test_apply_is_one_undo_step_and_changes_the_report(qtbot, document):
    dialog = _dialog(qtbot, document)
    dialog.form.pacific.setChecked(True)
    dialog.form.contiguous.setChecked(True)
    answer = _ask(qtbot, dialog).answers[0]
    before = _area(document, "east")
    depth = document.undo_stack.count()
    assert dialog.apply_selected() is not None
    assert document.undo_stack.count() == depth + 1
    qtbot.waitUntil(document.is_current, timeout=60000)
    east_after = next(m for m in answer.after if m.polity_id == "east")
    assert _area(document, "east") == pytest.approx(east_after.area_km2, abs=0.1)
    assert _area(document, "east") > before
    document.undo_stack.undo()
    qtbot.waitUntil(document.is_current, timeout=60000)
    assert _area(document, "east") == pytest.approx(before, abs=1e-6)


def test_an_impossible_combination_names_the_conflicting_conditions(qtbot, document):
    dialog = _dialog(qtbot, document)
    dialog.form.pacific.setChecked(True)
    dialog.form.contiguous.setChecked(True)
    dialog.form.add_fixed("RUSAK", True)  # Sakhalin is islands: it cannot join a contiguous East
    outcome = _ask(qtbot, dialog)
    assert outcome.result.status == "infeasible" and outcome.answers == ()
    assert [c.spelling for c in outcome.result.conflicts] == ["contiguous", "fix:RUSAK=in"]
    text = dialog.status.text()
    assert "Infeasible" in text and "contiguous, fix:RUSAK=in" in text and "pacific-rail-port" not in text
    assert dialog.answers.rowCount() == 0 and not dialog.apply_button.isEnabled()


def test_an_answer_opens_in_the_windows_scenario_list(qtbot, window):
    dialog = window.ask_tool.open()
    dialog.set_polity("east")
    dialog.form.pacific.setChecked(True)
    dialog.form.contiguous.setChecked(True)
    answer = _ask(qtbot, dialog).answers[0]
    assert window.canvas.layer("answer-preview") is dialog.preview
    dialog.open_button.click()
    names = window.compare_tool.scenario_list.names()
    assert answer.scenario.name in names and len(names) == 2
    scenarios, _ = window.compare_tool.scenario_list.checked()
    assert answer.scenario in scenarios
    dialog.close()
    assert window.canvas.layer("answer-preview") is None  # the preview was temporary


def test_the_sweep_table_lists_the_easts_neighbours_with_their_areas(qtbot, document, scenario):
    dialog = _dialog(qtbot, document)
    panel = dialog.sweep
    panel.start()
    qtbot.waitUntil(lambda: not panel.jobs.running, timeout=60000)
    report = scenario_report(scenario)
    whole_area = {r.id: r.area_km2 for p in report.polities for r in p.regions}
    east = {r for r, o in scenario.owner.items() if o == "east"}
    table = panel.table
    shown = {}
    for row in range(table.rowCount()):
        name = table.item(row, 0).text()
        rid = name[name.rindex("(") + 1 : name.rindex(")")]
        shown[rid] = (table.item(row, 1).text(), table.item(row, 2).data(Qt.UserRole))
    assert set(shown) == set(candidate_regions(scenario, "east"))
    assert "RUKHA" in shown and "RUAMU" in shown  # neighbours the East could gain
    for rid, (move, area) in shown.items():
        assert move == ("loss" if rid in east else "gain")
        assert area == pytest.approx((-1 if rid in east else 1) * whole_area[rid], abs=0.1)
    # Sortable by any column: by area, the largest gain first.
    table.sortByColumn(2, Qt.DescendingOrder)
    areas = [table.item(r, 2).data(Qt.UserRole) for r in range(table.rowCount())]
    assert areas == sorted(areas, reverse=True)
    # The choropleth holds the same numbers, and its legend says what the colours mean.
    assert panel.layer.values == {rid: area for rid, (_, area) in shown.items()}
    assert any(label == "no change" for label, _ in panel.layer.legend_items())


def test_cancel_stops_a_sweep_of_every_region_and_keeps_the_rows_so_far(qtbot, document, scenario):
    dialog = _dialog(qtbot, document)
    panel = dialog.sweep
    panel.every_region.setChecked(True)
    # The sweep takes the geometry lock before its first region: holding it here makes Cancel come first.
    with GEOMETRY_LOCK:
        panel.start()
        assert panel.cancel.isEnabled() and not panel.measure.isEnabled()
        panel.cancel.click()
    qtbot.waitUntil(lambda: not panel.jobs.running, timeout=60000)
    assert panel.result.cancelled
    assert panel.table.rowCount() == len(panel.result.rows) < len(scenario.regions.ids)
    assert "cancelled" in panel.status.text()
    assert panel.measure.isEnabled() and not panel.cancel.isEnabled()


def test_the_form_rows_spell_the_conditions_the_command_line_takes(qtbot, document, scenario):
    dialog = _dialog(qtbot, document)
    form = dialog.form
    form.hold_port.setChecked(True)
    form.contiguous.setChecked(True)
    form.distance.setChecked(True)
    form.km.setValue(350)
    form.region.setCurrentIndex(form.region.findData("RUMAG"))
    form.side.setCurrentIndex(form.side.findData(False))
    form.add_fixed_from_picker()
    spellings = ["contiguous", "hold-port:Vladivostok", "capital-distance>=350", "fix:RUMAG=out"]
    assert [c.spelling for c in form.conditions()] == spellings
    assert form.conditions() == tuple(parse_condition(s, scenario, "east") for s in spellings)
