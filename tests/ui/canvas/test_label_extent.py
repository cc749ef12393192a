"""Labels laid out once for the view and a margin: a pan inside it moves them, an edit or a longer pan relays them."""

from __future__ import annotations

import shapely
import shapely.affinity
from PySide6.QtCore import QPointF
from tests.ui.canvas.test_frame_cache import _differing_share

from sovsplit.model.editing.edits import update_polity
from sovsplit.model.polygons import interior_spots
from sovsplit.render.area_label_axis import label_angle
from sovsplit.ui.canvas.frame_cache import MARGIN_SHARE
from sovsplit.ui.layers.area_labels import label_outline


def _boxes(layer) -> list[tuple[str, tuple]]:
    return [(entry[0], entry[1].getRect()) for entry in layer.placed]


def _moved(boxes, dx, dy) -> list[tuple[str, tuple]]:
    return [(name, (x + dx, y + dy, w, h)) for name, (x, y, w, h) in boxes]


def test_a_pan_inside_the_margin_moves_the_labels_and_matches_a_fresh_rendering(window, canvas):
    canvas.zoom_by(2.5)
    canvas.render_frame()
    layers = [canvas.layer(key) for key in ("cities", "area-labels", "seas")]
    before = [_boxes(layer) for layer in layers]
    assert len(before[0]) >= 5 and before[1]
    drawn = canvas._frames.stats["drawn"]
    margin = MARGIN_SHARE * max(canvas.width(), canvas.height())
    dx, dy = round(margin * 0.6), -round(margin * 0.4)
    canvas.pan_pixels(dx, dy)
    composed = canvas.render_frame().copy()
    # No layer was drawn: every image, the labels' too, was moved; the boxes the layers keep moved with it.
    assert canvas._frames.stats["drawn"] == drawn
    assert [_boxes(layer) for layer in layers] == [_moved(boxes, dx, dy) for boxes in before]
    # A fresh rendering of this view lays the labels out for the same extent: the same frame.
    canvas.request_redraw()
    fresh = canvas.render_frame()
    assert canvas._frames.stats["drawn"] > drawn
    assert [_boxes(layer) for layer in layers] == [_moved(boxes, dx, dy) for boxes in before]
    assert _differing_share(composed, fresh) < 0.002


def test_debate_markers_answer_hit_tests_where_they_are_shown_after_a_pan(window, canvas):
    notes = window.annotations.layer
    notes.runner.wait(120000)
    canvas.render_frame()
    group = max(notes.groups, key=lambda g: len(g.members))
    centre = group.rect.center()
    canvas.pan_pixels(-60, 35)
    canvas.render_frame()
    moved = centre + QPointF(-60, 35)
    assert notes.hit(moved) in group.ids()
    assert notes.marker_rect(next(iter(group.ids()))).center() == moved
    # The marker is drawn there: its pixels differ from the same spot with the layer hidden.
    spot = moved.toPoint()
    shown = canvas.render_frame().copy(spot.x() - 4, spot.y() - 4, 8, 8)
    canvas.set_layer_visible(notes, False)
    assert canvas.render_frame().copy(spot.x() - 4, spot.y() - 4, 8, 8) != shown
    canvas.set_layer_visible(notes, True)


def test_a_pan_beyond_the_margin_lays_the_labels_out_for_the_new_view(window, canvas):
    canvas.zoom_by(2.5)
    canvas.render_frame()
    cities = canvas.layer("cities")
    before = dict(_boxes(cities))
    drawn = canvas._frames.stats["drawn"]
    canvas.pan_pixels(canvas.width() * 0.6, 0)
    canvas.render_frame()
    assert canvas._frames.stats["drawn"] > drawn
    after = dict(_boxes(cities))
    assert after and set(after) != set(before)
    # Every label lies in the new view or within the margin around it, in widget pixels.
    margin = MARGIN_SHARE * max(canvas.width(), canvas.height())
    for x, y, w, h in after.values():
        assert -margin <= x and x + w <= canvas.width() + margin
        assert -margin <= y and y + h <= canvas.height() + margin


def test_an_edit_relabels_the_same_extent(window, canvas, scenario):
    canvas.zoom_by(1.5)
    canvas.render_frame()
    canvas.pan_pixels(40, 25)  # inside the margin: the labels were laid out for the view before this pan
    canvas.render_frame()
    areas, cities = canvas.layer("area-labels"), canvas.layer("cities")
    old = {text for text, _, kind in areas.placed if kind == "polity"}
    city_boxes = _boxes(cities)
    polity = next(iter(scenario.polities))
    old_name = scenario.polities[polity].name.upper()
    assert old_name in old
    window.document.perform(update_polity, polity, name="Republic of Tests")
    canvas.render_frame()
    names = {text for text, _, kind in areas.placed if kind == "polity"}
    # No label for a name that is no longer there, the new one shown; labels the edit left alone stay put.
    assert "REPUBLIC OF TESTS" in names and old_name not in names
    assert _boxes(cities) == city_boxes


def test_label_spots_and_axes_found_in_metres_map_onto_the_screen(canvas, scenario):
    """Polity names use spots and axes of the outline in metres, mapped by the view, when it is wholly on screen:
    the same points (within a pixel) as those found on the shape in screen units."""
    canvas.zoom_to_extent()
    t = canvas.view_transform()
    affine = [t.m11(), t.m21(), -t.m12(), -t.m22(), t.dx(), -t.dy()]
    a, _, _, e, xoff, yoff = affine
    for pid in scenario.polities:
        outline = label_outline(scenario.geometry_of(pid), canvas.projection_key)
        shape = shapely.affinity.affine_transform(outline, affine)
        mapped = [(a * x + xoff, e * y + yoff) for x, y in interior_spots(outline, 4)]
        direct = interior_spots(shape, 4)
        assert len(mapped) == len(direct)
        for (x0, y0), (x1, y1) in zip(mapped, direct):
            assert abs(x0 - x1) < 1.0 and abs(y0 - y1) < 1.0, pid
        assert abs(label_angle(outline) - label_angle(shape)) < 0.11, pid


def _cut_by_the_view(canvas, rect) -> bool:
    view = canvas.rect()
    return view.intersects(rect.toRect()) and not view.contains(rect.toRect())


def test_no_label_is_cut_by_the_window_edge_once_the_view_settles(window, canvas, qtbot):
    canvas.zoom_by(2.5)
    canvas.render_frame()
    layers = [canvas.layer(key) for key in ("cities", "area-labels", "seas")]
    # Laid out for the view and its margin, yet never across the view's edges.
    assert not any(_cut_by_the_view(canvas, entry[1]) for layer in layers for entry in layer.placed)
    margin = MARGIN_SHARE * max(canvas.width(), canvas.height())
    canvas.pan_pixels(round(margin * 0.7), 0)
    canvas.render_frame()
    assert canvas._frames.labels_moved  # moved with the pan: some may now cross the edge
    drawn = canvas._frames.stats["drawn"]
    # Still for a moment: the labels are laid out for the view as it is, and none crosses its edge.
    qtbot.waitUntil(lambda: canvas._frames.stats["drawn"] > drawn, timeout=5000)
    assert not canvas._frames.labels_moved
    assert not any(_cut_by_the_view(canvas, entry[1]) for layer in layers for entry in layer.placed)
    notes = window.annotations.layer
    assert not any(_cut_by_the_view(canvas, callout.rect) for callout in notes.callouts)
