"""The feasibility overlay in the window: a toggleable layer, disjoint callouts, cards, notes with undo, filters."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from sovsplit.model.annotations.rules import CONTRADICTED, SUPPORTED
from sovsplit.ui.panels.annotation_card import NoteDialog


@pytest.fixture
def overlay(window):
    """The window's annotation controller once the verdicts are in and the callouts are laid out."""
    controller = window.annotations
    controller.layer.runner.wait(120000)
    assert controller.layer.assessments
    window.canvas.render_frame()
    return controller


def _screen(canvas, lon, lat) -> QPointF:
    x, y = canvas.project(np.array([lon]), np.array([lat]))
    return canvas.map_to_screen(float(x[0]), float(y[0]))


def _row_ids(layer) -> list[str]:
    return [a.annotation.id for c in layer.callouts for a, _ in c.rows]


def test_layer_is_listed_toggleable_and_drawn(window, overlay):
    layer = overlay.layer
    assert window.canvas.layer("annotations") is layer
    titles = [window.layers_panel.list.item(i).text() for i in range(window.layers_panel.list.count())]
    assert "Feasibility debate" in titles
    row = layer.row_rect("objection-vladivostok").toRect()
    shown = window.canvas.render_frame().copy(row)
    window.canvas.set_layer_visible(layer, False)
    hidden = window.canvas.render_frame().copy(row)
    assert shown != hidden and layer.export_annotations() == []
    window.canvas.set_layer_visible(layer, True)
    assert {e["id"] for e in layer.export_annotations()} == {a.annotation.id for a in layer.assessments}


def test_callouts_do_not_overlap_each_other_or_the_capital_labels(window, overlay):
    layer = overlay.layer
    assert sorted(_row_ids(layer)) == sorted(a.annotation.id for a in layer.shown())
    rects = [c.rect for c in layer.callouts]
    frame = window.canvas.rect()
    for i, a in enumerate(rects):
        assert frame.contains(a.toRect())
        for b in rects[i + 1 :]:
            assert not a.intersects(b), (a, b)
    capitals = [r for name, r in window.canvas.layer("cities").placed if name in ("Moscow", "Yakutsk")]
    assert len(capitals) == 2
    for rect in rects:
        assert not any(rect.intersects(c) for c in capitals)


def test_click_on_a_callout_shows_its_card_with_the_measured_verdict(qtbot, window, overlay):
    row = overlay.layer.row_rect("objection-vladivostok")
    qtbot.mouseClick(window.canvas, Qt.LeftButton, pos=row.center().toPoint())
    card = overlay.card
    assert card.isVisible() and overlay.layer.selected == "objection-vladivostok"
    text = card.body.text()
    assert "Doomed without Vladivostok" in text and "The numbers back this claim" in text
    assert "Claim tested:" in text and "no Pacific port usable all year with a rail link" in text
    assert "year-round Pacific ports with a rail link <b>0</b> — needs == 0" in text
    assert "004_7d6a98381bbd72c3.txt" in text
    assert not card.edit_button.isVisible()


def test_verdicts_follow_the_border_live(window, overlay):
    layer = overlay.layer
    assert layer.assessment("objection-vladivostok").verdict.status == SUPPORTED
    window.scenario.set_owners({"RUPRI": "east"})
    layer.runner.wait(120000)
    assert layer.assessment("objection-vladivostok").verdict.status == CONTRADICTED


def test_yakutsk_card_names_the_region_that_comes_within_366_km(qtbot, window, overlay):
    row = overlay.layer.row_rect("premise-capital-yakutsk")
    qtbot.mouseClick(window.canvas, Qt.LeftButton, pos=row.center().toPoint())
    text = overlay.card.body.text()
    assert "The numbers go against it" in text
    assert "nearest: Khabarovsk Krai (West USSR), 366 km from the capital" in text
    assert "needs &gt;= 400 km" in text


def test_add_move_and_delete_a_note_each_one_undo_step(qtbot, window, overlay, monkeypatch):
    scenario, stack, canvas = window.scenario, window.undo_stack, window.canvas
    monkeypatch.setattr(
        NoteDialog,
        "ask",
        classmethod(
            lambda cls, parent=None, values=None: {
                "title": "Winter road",
                "text": "The Kolyma road runs on ice.",
                "topic": "economy",
                "stance": "for",
            }
        ),
    )
    overlay.add_action.trigger()
    assert canvas.tool is overlay.tool
    target = _screen(canvas, 140.0, 64.0)
    qtbot.mouseClick(canvas, Qt.LeftButton, pos=target.toPoint())
    assert canvas.tool is None and len(scenario.annotations) == 1 and stack.count() == 1
    note_id = scenario.annotations[0]["id"]
    assert overlay.layer.assessment(note_id).annotation.user
    pinned = overlay.layer.assessment(note_id).annotation.anchor()
    assert pinned == pytest.approx(canvas.screen_to_lonlat(QPointF(target.toPoint())), abs=1e-4)
    canvas.render_frame()
    assert note_id in _row_ids(overlay.layer)
    stack.undo()
    assert scenario.annotations == [] and overlay.layer.assessment(note_id) is None
    stack.redo()
    assert scenario.annotations[0]["id"] == note_id
    canvas.render_frame()

    # One drag of the note's callout: one undo step, and the note ends where the mouse let go.
    start = overlay.layer.row_rect(note_id).center().toPoint()
    qtbot.mousePress(canvas, Qt.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(canvas, pos=start + QPoint(0, 12 * step))
    end = start + QPoint(0, 60)
    qtbot.mouseRelease(canvas, Qt.LeftButton, pos=end)
    assert stack.count() == 2
    lon, lat = canvas.screen_to_lonlat(QPointF(end))
    moved = overlay.layer.assessment(note_id).annotation.anchor()
    assert moved == pytest.approx((lon, lat), abs=1e-4)
    stack.undo()
    assert overlay.layer.assessment(note_id).annotation.anchor() == pytest.approx(pinned, abs=1e-6)
    stack.redo()

    overlay.show_card(note_id)
    assert overlay.card.delete_button.isVisible()
    overlay.card.delete_button.click()
    assert scenario.annotations == [] and stack.count() == 3
    stack.undo()
    assert overlay.layer.assessment(note_id).annotation.anchor() == pytest.approx((lon, lat), abs=1e-4)
    # Leave the stack clean while the window lives (its cleanChanged handler touches the window).
    stack.clear()


def test_filters_hide_arguments_on_the_map_and_in_the_list(window, overlay):
    panel, layer = overlay.panel, overlay.layer
    before = panel.list.count()
    agriculture = {a.annotation.id for a in layer.assessments if a.annotation.props["topic"] == "agriculture"}
    assert agriculture
    panel.topic_boxes["agriculture"].setChecked(False)
    window.canvas.render_frame()
    assert not agriculture & set(_row_ids(layer))
    assert panel.list.count() == before - len(agriculture)
    panel.stance_boxes["neutral"].setChecked(False)
    window.canvas.render_frame()
    assert all(a.annotation.props["stance"] != "neutral" for c in layer.callouts for a, _ in c.rows)
    assert not any(e["stance"] == "neutral" for e in layer.export_annotations())
