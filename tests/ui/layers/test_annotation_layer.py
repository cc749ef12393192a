"""The feasibility overlay in the window: a toggleable layer, disjoint callouts, cards, notes with undo, filters."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QLineF, QPoint, QPointF, Qt

from sovsplit.model.annotations.rules import CONTRADICTED, NOT_MEASURABLE, SUPPORTED
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
    row = layer.marker_rect("objection-vladivostok").toRect()
    shown = window.canvas.render_frame().copy(row)
    window.canvas.set_layer_visible(layer, False)
    hidden = window.canvas.render_frame().copy(row)
    assert shown != hidden and layer.export_annotations() == []
    window.canvas.set_layer_visible(layer, True)
    assert {e["id"] for e in layer.export_annotations()} == {a.annotation.id for a in layer.shown()}


def test_arguments_are_compact_markers_grouped_with_counts_and_cannot_test_hidden(window, overlay):
    layer = overlay.layer
    untestable = {a.annotation.id for a in layer.assessments if a.verdict.status == NOT_MEASURABLE}
    assert untestable and not untestable & {a.annotation.id for a in layer.shown()}
    # Every shown argument sits in exactly one marker; markers that share an anchor carry them all.
    grouped = [a.annotation.id for g in layer.groups for a in g.members]
    assert sorted(grouped) == sorted(a.annotation.id for a in layer.shown())
    overlay.panel.untestable_box.setChecked(True)
    window.canvas.render_frame()
    # At the full extent there is no room for all 25 texts: markers only, no callout until one is opened.
    assert not layer.full_labels and layer.callouts == []
    assert untestable <= {a.annotation.id for g in layer.groups for a in g.members}
    assert any(len(g.members) > 1 for g in layer.groups)
    assert all(not a.rect.intersects(b.rect) for i, a in enumerate(layer.groups) for b in layer.groups[i + 1 :])
    assert untestable <= {overlay.panel.list.item(i).data(Qt.UserRole) for i in range(overlay.panel.list.count())}
    overlay.panel.untestable_box.setChecked(False)


def test_hovering_a_marker_opens_its_callout_clear_of_the_capitals(qtbot, window, overlay):
    layer = overlay.layer
    layer.set_show_untestable(True)  # all 25 arguments: too many to show in full at the full extent
    window.canvas.render_frame()
    group = max(layer.groups, key=lambda g: len(g.members))
    qtbot.mouseMove(window.canvas, pos=group.anchor.toPoint())
    window.canvas.render_frame()
    assert len(layer.callouts) == 1
    assert {a.annotation.id for a, _ in layer.callouts[0].rows} == group.ids()
    rect = layer.callouts[0].rect
    assert window.canvas.rect().contains(rect.toRect())
    capitals = [r for name, r in window.canvas.layer("cities").placed if name in ("Moscow", "Yakutsk")]
    assert len(capitals) == 2 and not any(rect.intersects(c) for c in capitals)
    qtbot.mouseMove(window.canvas, pos=QPoint(5, window.canvas.height() - 5))
    window.canvas.render_frame()
    assert layer.callouts == []


def test_zoomed_in_far_enough_every_callout_shows_in_full_and_no_leaders_cross(window, overlay):
    from sovsplit.ui.layers.annotation_marks import lines_cross as _lines_cross

    layer, canvas = overlay.layer, window.canvas
    canvas.zoom_to_polity("east")
    for _ in range(6):
        canvas.render_frame()
        if layer.full_labels:
            break
        canvas.zoom_by(1.6)
    assert layer.full_labels and layer.callouts
    leaders = [QLineF(c.anchor, c.leader_end) for c in layer.callouts]
    assert not any(_lines_cross(a, b) for i, a in enumerate(leaders) for b in leaders[i + 1 :])
    rects = [c.rect for c in layer.callouts]
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1 :])


def test_click_on_a_callout_shows_its_card_with_the_measured_verdict(qtbot, window, overlay):
    overlay.layer.expand("objection-vladivostok")
    row = overlay.layer.row_rect("objection-vladivostok")
    qtbot.mouseClick(window.canvas, Qt.LeftButton, pos=row.center().toPoint())
    card = overlay.card
    assert card.isVisible() and overlay.layer.selected == "objection-vladivostok"
    text = card.body.text()
    assert "Doomed without Vladivostok" in text and "The numbers back this claim" in text
    assert "Claim tested:" in text and "no Pacific port usable all year with a rail link" in text
    assert "year-round Pacific ports with a rail link <b>0</b> — needs == 0" in text
    assert "Forum thread: the USSR splits in two" in text and ".txt" not in text
    assert not card.edit_button.isVisible()


def test_verdicts_follow_the_border_live(window, overlay):
    layer = overlay.layer
    assert layer.assessment("objection-vladivostok").verdict.status == SUPPORTED
    window.scenario.set_owners({"RUPRI": "east"})
    layer.runner.wait(120000)
    assert layer.assessment("objection-vladivostok").verdict.status == CONTRADICTED


def test_yakutsk_card_names_the_region_that_comes_within_366_km(qtbot, window, overlay):
    overlay.layer.expand("premise-capital-yakutsk")
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
    overlay.layer.expand(note_id)
    assert note_id in _row_ids(overlay.layer)
    stack.undo()
    assert scenario.annotations == [] and overlay.layer.assessment(note_id) is None
    stack.redo()
    assert scenario.annotations[0]["id"] == note_id
    canvas.render_frame()

    # One drag of the note's callout: one undo step, and the note ends where the mouse let go.
    start = overlay.layer.marker_rect(note_id).center().toPoint()
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
    agriculture = {a.annotation.id for a in layer.shown() if a.annotation.props["topic"] == "agriculture"}
    assert agriculture
    panel.topic_boxes["agriculture"].setChecked(False)
    window.canvas.render_frame()
    assert not agriculture & {a.annotation.id for g in layer.groups for a in g.members}
    assert panel.list.count() == before - len(agriculture)
    panel.stance_boxes["neutral"].setChecked(False)
    window.canvas.render_frame()
    assert all(a.annotation.props["stance"] != "neutral" for g in layer.groups for a in g.members)
    assert not any(e["stance"] == "neutral" for e in layer.export_annotations())


def test_the_card_shows_everything_scrolls_follows_the_map_and_keeps_the_wheel(qtbot, window, overlay):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPalette

    canvas, card = window.canvas, overlay.card
    overlay.show_card("premise-capital-yakutsk")
    assert card.isVisible()
    # Sized to its text: the whole body fits (or the card scrolls), and it stays inside the canvas.
    assert card.height() <= canvas.height()
    body = card.body
    # The whole text is on the card: nothing to scroll for this one, nothing cut off.
    assert card.scroll.verticalScrollBar().maximum() == 0
    text = body.text()
    assert "Forum thread: the USSR splits in two" in text and "Claim" in text
    assert "needs &gt;= 400 km" in text  # the threshold in full
    # Readable in either theme: the card paints with the palette's base and text roles.
    assert card.backgroundRole() == QPalette.Base and body.foregroundRole() == QPalette.Text
    # The map moves: the card follows its anchor.
    before = card.pos()
    canvas.pan_pixels(-120, 0)
    assert card.pos() != before
    # The wheel over the card does not zoom the map.
    scale = canvas.pixels_per_metre()
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(card.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(card.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.NoButton,
        Qt.NoModifier,
        Qt.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(card.scroll.viewport(), event)
    assert canvas.pixels_per_metre() == scale
