"""The document without a window: edits through perform, replacements that ask, tasks that report errors,
and panels and tools that need only the document (and a canvas)."""

from __future__ import annotations

import threading

import numpy as np
from PySide6.QtCore import Qt

from sovsplit.model.editing.edits import reassign_regions
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.ui.document.tasks import LatestTask, TaskRunner


def _messages(document) -> list[str]:
    said: list[str] = []
    document.message.connect(said.append)
    return said


def test_perform_pushes_one_step_and_says_it_and_a_refusal_is_said_not_pushed(qtbot, document):
    said = _messages(document)
    edit = document.perform(reassign_regions, ["RUPRI"], "east")
    assert edit is not None and document.undo_stack.count() == 1 and document.is_modified()
    assert said == [edit.label] and "Primorsky" in edit.label
    assert document.perform(reassign_regions, ["RUPRI"], "no-such-polity") is None
    assert document.undo_stack.count() == 1 and len(said) == 2 and document.last_refusal == said[1]
    qtbot.waitUntil(document.is_current, timeout=60000)
    assert "RUPRI" in {r.id for r in document.result.report.polity("east").regions}


def test_a_replacement_the_user_cancels_keeps_the_edit(document, regions):
    asked = []
    document.confirm_discard = lambda: asked.append(1) or False
    document.perform(reassign_regions, ["RUPRI"], "east")
    scenario = document.scenario
    assert not document.replace_scenario(load_scenario(None, regions))
    assert asked == [1] and document.scenario is scenario and document.undo_stack.count() == 1
    document.confirm_discard = lambda: True
    other = load_scenario(None, regions)
    assert document.replace_scenario(other)
    assert document.scenario is other and not document.is_modified() and document.undo_stack.count() == 0


def test_a_failing_task_is_reported_not_swallowed(qtbot):
    errors: list[str] = []
    runner = TaskRunner(errors.append)

    def broken(snapshot):
        raise ValueError(f"bad {snapshot}")

    runner.submit(broken, "input", label="Reading")
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    assert errors == ["Reading failed: ValueError: bad input"]


def test_requests_while_a_task_runs_collapse_into_one_run_on_the_newest_state(qtbot):
    state = {"value": 0}
    gate = threading.Event()
    seen: list[int] = []
    runs: list[int] = []

    def work(snapshot):
        gate.wait(10)
        runs.append(snapshot)
        return snapshot

    runner = TaskRunner(lambda message: None)
    task = LatestTask(runner, lambda: state["value"], work, seen.append, delay_ms=0)
    task.request(immediately=True)
    for value in range(1, 6):
        state["value"] = value
        task.request(immediately=True)
    gate.set()
    qtbot.waitUntil(lambda: not task.busy() and seen and seen[-1] == 5, timeout=10000)
    assert runs == [0, 5] and seen == [0, 5]


def test_the_polities_panel_needs_only_the_document(qtbot, document):
    from sovsplit.ui.panels.polities_panel import PolitiesPanel

    panel = PolitiesPanel(document)
    qtbot.addWidget(panel)
    panel.set_scenario(document.scenario)
    new_id = panel.add_polity("Far Eastern Republic", "#17a589")
    assert new_id in document.scenario.polities and panel.active_polity() == new_id
    assert [panel.list.item(i).text() for i in range(panel.list.count())][-1] == "Far Eastern Republic"
    panel.rename_polity("Far East", new_id)
    assert document.scenario.polities[new_id].name == "Far East"
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert new_id not in document.scenario.polities and panel.list.count() == len(document.scenario.polities)


def test_the_region_tool_paints_through_the_document_with_lon_lat_from_the_event(qtbot, document):
    from sovsplit.ui.canvas.map_canvas import MapCanvas
    from sovsplit.ui.tools.map_tool import MapEvent
    from sovsplit.ui.tools.region_tool import RegionTool

    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(900, 600)
    canvas.set_scenario(document.scenario)
    canvas.zoom_to_extent()
    tool = RegionTool(canvas, document, lambda: "east")
    lon, lat = 131.9, 43.1  # Vladivostok, in Primorsky Krai
    x, y = canvas.project(np.array([lon]), np.array([lat]))
    pos = canvas.map_to_screen(float(x[0]), float(y[0]))
    assert tool.mouse_press(MapEvent(pos, lon, lat, Qt.LeftButton, Qt.LeftButton))
    assert tool.mouse_release(MapEvent(pos, lon, lat, Qt.LeftButton, Qt.NoButton))
    assert document.scenario.owner["RUPRI"] == "east" and document.undo_stack.count() == 1
    qtbot.waitUntil(document.is_current, timeout=60000)
    document.undo_stack.undo()
    assert document.scenario.owner["RUPRI"] != "east"
