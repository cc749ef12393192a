"""The editing tools driven with the mouse and keyboard: region click and brush, polities, border, cut, undo."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QColorDialog, QInputDialog

from sovsplit.model.editing.border import border_lines
from sovsplit.model.editing.edits import EditRefused
from sovsplit.model.editing.snapping import Snapper
from sovsplit.model.editing.vertex_edits import move_vertex


def settle(window):
    """Let the statistics and verdict workers finish and deliver their results while the window still exists."""
    runners = [layer.runner for layer in window.canvas.layers if hasattr(layer, "runner")]
    for _ in range(4):
        for runner in runners:
            runner.wait()
        window.stats_panel.wait()
        QApplication.processEvents()


def state(scenario):
    return (
        list(scenario.polities.items()),
        [(pid, p.region_id, id(p.geometry)) for pid, p in scenario.parcels.items()],
        list(scenario.owner.items()),
    )


def assert_partition(scenario):
    geoms = [p.geometry for p in scenario.parcels.values()]
    assert shapely.coverage_is_valid(geoms)
    assert abs(sum(g.area for g in geoms) - scenario.regions.union.area) <= 1e-9 * scenario.regions.union.area


def screen(canvas, lon, lat) -> QPoint:
    xs, ys = canvas.project(np.array([lon]), np.array([lat]))
    return canvas.map_to_screen(xs[0], ys[0]).toPoint()


def drag(canvas, points, button=Qt.LeftButton):
    """Press at the first point, move through the rest with the button held, release at the last."""
    QTest.mousePress(canvas, button, Qt.NoModifier, points[0])
    for point in points[1:]:
        event = QMouseEvent(
            QEvent.MouseMove, QPointF(point), QPointF(canvas.mapToGlobal(point)), Qt.NoButton, button, Qt.NoModifier
        )
        QApplication.sendEvent(canvas, event)
    QTest.mouseRelease(canvas, button, Qt.NoModifier, points[-1])


def hover(canvas, point):
    event = QMouseEvent(
        QEvent.MouseMove, QPointF(point), QPointF(canvas.mapToGlobal(point)), Qt.NoButton, Qt.NoButton, Qt.NoModifier
    )
    QApplication.sendEvent(canvas, event)


def ports_of(window, polity_id):
    report = window.stats_panel.report
    polity = next(p for p in report.polities if p.id == polity_id)
    return [h.name for h in polity.ports.held], polity.area_km2


def test_click_gives_primorsky_to_the_east_with_live_statistics_and_undo(window, qtbot, regions):
    scenario, canvas = window.scenario, window.canvas
    snapshot = state(scenario)
    _, east_before = ports_of(window, "east")
    window.editing.activate("region")
    window.editing.polities_panel.set_active("east")
    QTest.mouseClick(canvas, Qt.LeftButton, Qt.NoModifier, screen(canvas, 134.0, 45.0))
    assert scenario.owner["RUPRI"] == "east"
    assert window.undo_stack.count() == 1 and window.undo_stack.text(0) == "Give Primorsky Krai to East USSR"
    assert window.isWindowModified()
    qtbot.waitUntil(lambda: "Vladivostok" in ports_of(window, "east")[0], timeout=30000)
    assert ports_of(window, "east")[1] - east_before == pytest.approx(regions.area_km2["RUPRI"], abs=1.0)
    QTest.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert state(scenario) == snapshot and not window.isWindowModified()
    QTest.keyClick(window, Qt.Key_Y, Qt.ControlModifier)
    assert scenario.owner["RUPRI"] == "east"
    window.undo_stack.undo()
    QTest.keyClick(window, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert scenario.owner["RUPRI"] == "east"
    qtbot.waitUntil(lambda: "Vladivostok" in ports_of(window, "east")[0], timeout=30000)
    settle(window)


def test_one_brush_stroke_is_one_undo_step(window):
    scenario, canvas = window.scenario, window.canvas
    snapshot = state(scenario)
    window.editing.activate("region")
    window.editing.polities_panel.set_active("east")
    # Primorsky → Khabarovsk → Amur → Zabaykalsky, in one drag.
    path = [screen(canvas, lon, lat) for lon, lat in [(134.0, 45.0), (136.0, 50.0), (128.0, 52.0), (118.0, 52.0)]]
    drag(canvas, path)
    taken = [r for r in ("RUPRI", "RUKHA", "RUAMU", "RUZAB") if scenario.owner[r] == "east"]
    assert len(taken) == 4
    assert window.undo_stack.count() == 1
    assert window.undo_stack.text(0) == "Give 4 regions to East USSR"
    window.undo_stack.undo()
    assert state(scenario) == snapshot
    settle(window)


def _answer_modal(qtbot, answer):
    """Answer the next modal dialog (an input or colour dialog) from a timer, as a user would."""

    def respond():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, respond)
            return
        answer(dialog)

    QTimer.singleShot(20, respond)


def test_polities_panel_add_rename_recolour_delete(window, qtbot):
    scenario, canvas = window.scenario, window.canvas
    panel = window.editing.polities_panel
    snapshot = state(scenario)
    fer = panel.add_polity("Far Eastern Republic")
    assert fer in scenario.polities and panel.active_polity() == fer
    assert panel.list.count() == 3 and panel.list.item(2).text() == "Far Eastern Republic"
    window.editing.activate("region")
    QTest.mouseClick(canvas, Qt.LeftButton, Qt.NoModifier, screen(canvas, 134.0, 45.0))
    assert scenario.owner["RUPRI"] == fer
    panel.rename_polity("FER")
    assert panel.list.item(2).text() == "FER"
    _answer_modal(qtbot, lambda d: (d.setCurrentColor(QColor("#123456")), d.accept()))
    panel.recolour_polity()
    assert scenario.polities[fer].colour == "#123456"
    assert isinstance(QApplication.activeModalWidget(), (type(None), QColorDialog))

    def pick_east(dialog):
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("East USSR")
        dialog.accept()

    _answer_modal(qtbot, pick_east)
    panel.delete_polity()
    assert fer not in scenario.polities and scenario.owner["RUPRI"] == "east"
    assert panel.list.count() == 2
    texts = [window.undo_stack.text(i) for i in range(window.undo_stack.count())]
    assert texts == [
        "Add Far Eastern Republic",
        "Give Primorsky Krai to Far Eastern Republic",
        "Rename Far Eastern Republic to FER",
        "Recolour FER",
        "Delete FER; its land to East USSR",
    ]
    # The history panel lists every step below the opened scenario.
    assert window.editing.history.model().rowCount() == len(texts) + 1
    while window.undo_stack.canUndo():
        window.undo_stack.undo()
    assert state(scenario) == snapshot
    assert panel.list.count() == 2
    settle(window)


def _zoom_to(canvas, lon, lat, factor=40.0):
    canvas.zoom_to_extent()
    canvas.zoom_by(factor, QPointF(screen(canvas, lon, lat)))
    xs, ys = canvas.project(np.array([lon]), np.array([lat]))
    canvas.set_view((xs[0], ys[0]), canvas.pixels_per_metre())
    canvas.repaint()


def _west_east(scenario):
    return max(
        (ln for ln in border_lines(scenario) if {ln.left, ln.right} == {"west", "east"}), key=lambda ln: len(ln.coords)
    )


def test_border_vertex_drag_snaps_to_a_region_vertex(window, qtbot):
    scenario, canvas = window.scenario, window.canvas
    snapshot = state(scenario)
    line = _west_east(scenario)
    window.editing.activate("border")
    tool = window.editing.tools["border"]
    snapper = Snapper(scenario)
    on_border = {tuple(c) for ln in border_lines(scenario) for c in ln.coords}
    # A border vertex with a vertex of the regions 25–60 px away (not on the border) that it may move to.
    target = None
    for index in range(60, len(line.coords) - 60, 41):
        p = line.coords[index]
        _zoom_to(canvas, *p, factor=15.0)
        # An absolute scale (300 m a pixel), so the vertices' spacing on screen does not follow the window size.
        xs, ys = canvas.project(np.array([p[0]]), np.array([p[1]]))
        canvas.set_view((xs[0], ys[0]), 1 / 300.0)
        canvas.repaint()
        at = tool.to_screen(snapper.vertices)
        start = tool.to_screen(p)[0]
        d = np.hypot(*(at - start).T)
        # The target must stand alone on screen, or the snap may rightly pick a neighbour (depends on canvas size).
        alone = [
            i
            for i in np.argsort(d)
            if 25 < d[i] < 60
            and tuple(snapper.vertices[i]) not in on_border
            and np.sort(np.hypot(*(at - at[i]).T))[1] > 15
        ]
        for i in alone[:5]:
            try:
                move_vertex(scenario, line, index, snapper.vertices[i])
            except EditRefused:
                continue
            target = snapper.vertices[i]
            break
        if target is not None:
            break
    assert target is not None
    drop = QPointF(*tool.to_screen(target)[0]) + QPointF(4, -3)  # a few pixels off: the snap pulls it in
    start_point = QPoint(int(round(start[0])), int(round(start[1])))
    drag(canvas, [start_point, QPoint(int(start[0]) + 8, int(start[1]) + 8), drop.toPoint()])
    assert tool.last_refusal is None
    assert window.undo_stack.count() == 1
    assert window.undo_stack.text(0) == "Move the West USSR–East USSR border"
    assert any(np.array_equal(c, target) for ln in border_lines(scenario) for c in ln.coords)
    assert_partition(scenario)
    QTest.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert state(scenario) == snapshot
    settle(window)


def test_click_on_a_border_segment_inserts_a_vertex_and_right_click_deletes_it(window):
    scenario, canvas = window.scenario, window.canvas
    snapshot = state(scenario)
    line = _west_east(scenario)
    index = len(line.coords) // 2
    _zoom_to(canvas, *line.coords[index], factor=120.0)
    window.editing.activate("border")
    tool = window.editing.tools["border"]
    a, b = tool.to_screen(line.coords[index]), tool.to_screen(line.coords[index + 1])
    middle = QPointF(*((a[0] + b[0]) / 2))
    assert np.hypot(*(a[0] - b[0])) > 30, "zoomed in enough to click between two vertices"
    QTest.mouseClick(canvas, Qt.LeftButton, Qt.NoModifier, middle.toPoint())
    assert window.undo_stack.count() == 1
    assert window.undo_stack.text(0) == "Reshape the West USSR–East USSR border"
    assert len(_west_east(scenario).coords) == len(line.coords) + 1
    assert_partition(scenario)
    QTest.mouseClick(canvas, Qt.RightButton, Qt.NoModifier, middle.toPoint())
    assert window.undo_stack.count() == 2
    assert window.undo_stack.text(1).startswith("Remove a vertex from")
    assert len(_west_east(scenario).coords) == len(line.coords)
    # Delete on a hovered vertex straightens the border there.
    hover(canvas, QPointF(*a[0]).toPoint())
    QTest.keyClick(canvas, Qt.Key_Delete)
    assert window.undo_stack.count() == 3
    assert window.undo_stack.text(2) == "Straighten the West USSR–East USSR border"
    assert_partition(scenario)
    while window.undo_stack.canUndo():
        window.undo_stack.undo()
    assert state(scenario) == snapshot
    settle(window)


def test_an_invalid_border_edit_is_refused_with_a_message(window):
    scenario, canvas = window.scenario, window.canvas
    snapshot = state(scenario)
    line = _west_east(scenario)
    _zoom_to(canvas, *line.coords[0], factor=20.0)
    window.editing.activate("border")
    tool = window.editing.tools["border"]
    end = QPointF(*tool.to_screen(line.coords[0])[0]).toPoint()
    drag(canvas, [end, end + QPoint(10, 10), end + QPoint(40, 30)])
    assert "stay put" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0
    # Dragging a vertex out to sea: refused, nothing changes.
    start = QPointF(*tool.to_screen(line.coords[1])[0]).toPoint()
    sea = None
    for dx, dy in [(-150, 0), (150, 0), (0, -150), (0, 150), (-110, -110), (110, -110), (-110, 110), (110, 110)]:
        lon, lat = canvas.screen_to_lonlat(QPointF(start + QPoint(dx, dy)))
        if not scenario.regions.union.intersects(shapely.Point(lon, lat)):
            sea = start + QPoint(dx, dy)
            break
    assert sea is not None
    drag(canvas, [start, start + QPoint(5, 5), sea])
    assert tool.last_refusal is not None
    assert window.statusBar().currentMessage().startswith("Not done:")
    assert window.undo_stack.count() == 0
    assert state(scenario) == snapshot
    settle(window)


def test_cut_a_region_then_give_one_piece_away(window):
    scenario, canvas = window.scenario, window.canvas
    snapshot = state(scenario)
    _zoom_to(canvas, 134.0, 45.0, factor=6.0)
    window.editing.activate("cut")
    points = [screen(canvas, lon, lat) for lon, lat in [(130.0, 44.6), (133.5, 44.4), (137.5, 44.2)]]
    for point in points[:-1]:
        QTest.mouseClick(canvas, Qt.LeftButton, Qt.NoModifier, point)
        # Clicks closer together than the double-click interval would finish the line early, as for a user.
        QTest.qWait(QApplication.doubleClickInterval() + 50)
    QTest.mouseDClick(canvas, Qt.LeftButton, Qt.NoModifier, points[-1])
    assert window.editing.tools["cut"].last_refusal is None
    pieces = [p for p in scenario.parcels.values() if p.region_id == "RUPRI"]
    assert len(pieces) >= 2
    assert window.undo_stack.text(0) == "Cut Primorsky Krai"
    window.editing.activate("region")
    window.editing.polities_panel.set_active("east")
    QTest.mouseClick(canvas, Qt.LeftButton, Qt.NoModifier, screen(canvas, 132.5, 43.6))
    assert window.undo_stack.text(1) == "Give part of Primorsky Krai to East USSR"
    owners = {scenario.owner[p.id] for p in scenario.parcels.values() if p.region_id == "RUPRI"}
    assert owners == {"west", "east"}
    assert_partition(scenario)
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert state(scenario) == snapshot
    settle(window)


def test_escape_cancels_a_cut_line(window):
    canvas = window.canvas
    window.editing.activate("cut")
    QTest.mouseClick(canvas, Qt.LeftButton, Qt.NoModifier, screen(canvas, 130.0, 44.6))
    assert window.editing.tools["cut"].points
    QTest.keyClick(canvas, Qt.Key_Escape)
    assert not window.editing.tools["cut"].points
    assert window.undo_stack.count() == 0
    settle(window)
