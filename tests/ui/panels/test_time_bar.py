"""The time bar: the slider shows each state with its statistics; state operations and edits undo exactly."""

from __future__ import annotations

import datetime as dt

import pytest

from sovsplit.model.editing.edits import reassign_regions
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.io.shipped_scenarios import resolve_scenario


@pytest.fixture
def timeline_window(qtbot, regions):
    from sovsplit.ui.window.main_window import MainWindow

    win = MainWindow(load_scenario(resolve_scenario("east-ussr-timeline"), regions))
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(win.document.is_current, timeout=60000)
    return win


def east_area(win) -> float:
    return win.document.result.report.polity("east").area_km2


def test_the_slider_shows_each_state_with_its_statistics(qtbot, timeline_window):
    win, bar = timeline_window, timeline_window.time_bar
    assert bar.parentWidget().isVisible() and bar.slider.maximum() == 3 and bar.slider.value() == 3
    areas = []
    for index in range(4):
        bar.slider.setValue(index)
        assert win.document.scenario is bar.timeline.states[index].scenario
        qtbot.waitUntil(win.document.is_current, timeout=60000)
        assert bar.timeline.states[index].start.isoformat() in bar.label.text()
        areas.append(east_area(win))
    assert areas[0] < areas[1] == areas[2] < areas[3]
    bar.slider.setValue(2)
    assert "amur" in win.document.scenario.polities


def test_new_state_edit_and_undo_leave_the_other_states_untouched(qtbot, timeline_window):
    win, bar = timeline_window, timeline_window.time_bar
    timeline = bar.timeline
    before = [dict(s.scenario.owner) for s in timeline.states]
    assert bar.new_state(dt.date(1945, 9, 2), "Surrender")
    assert len(timeline.states) == 5 and win.document.scenario is timeline.states[3].scenario
    win.document.perform(reassign_regions, ["RUPRI"], "east")
    assert timeline.states[3].scenario.owner["RUPRI"] == "east"
    assert [dict(s.scenario.owner) for i, s in enumerate(timeline.states) if i != 3] == before
    win.undo_stack.undo()  # the edit
    assert timeline.states[3].scenario.owner["RUPRI"] == "amur"
    win.undo_stack.undo()  # the new state
    assert len(timeline.states) == 4 and [dict(s.scenario.owner) for s in timeline.states] == before
    # The shown state was removed by the undo: the window shows the state valid on its date.
    assert win.document.scenario is timeline.states[2].scenario
    win.undo_stack.redo()
    assert len(timeline.states) == 5 and bar.slider.maximum() == 4


def test_a_plain_scenario_hides_the_time_bar(qtbot, timeline_window, regions):
    win, bar = timeline_window, timeline_window.time_bar
    win.document.replace_scenario(load_scenario(None, regions))
    assert bar.timeline is None and not bar.parentWidget().isVisible()


def test_saving_writes_every_state_of_the_timeline(qtbot, timeline_window, regions, tmp_path):
    from sovsplit.model.timeline.io import load_timeline

    win, bar = timeline_window, timeline_window.time_bar
    bar.slider.setValue(0)
    assert bar.new_state(dt.date(1929, 1, 1), "Consolidation")
    out = tmp_path / "mine.geojson"
    assert win.editing.saving.save_to(out)
    saved = load_timeline(out, regions)
    assert [s.start.year for s in saved.states] == [1927, 1929, 1932, 1941, 1950]
    assert saved.states[1].title == "Consolidation" and win.undo_stack.isClean()
