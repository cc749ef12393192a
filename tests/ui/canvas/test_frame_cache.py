"""Frames composed from cached layer images: a moved image must show what a fresh rendering shows."""

from __future__ import annotations

import numpy as np

VIEW_DEPENDENT = ("cities", "area-labels", "annotations")


def _pixels(image) -> np.ndarray:
    image = image.convertToFormat(image.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width(), :3].astype(int)


def _differing_share(a, b) -> float:
    return float((np.abs(_pixels(a) - _pixels(b)).max(axis=2) > 8).mean())


def test_a_pan_moves_the_cached_map_and_matches_a_fresh_rendering(canvas):
    canvas.zoom_by(2.5)
    canvas.render_frame()
    for step, (dx, dy) in enumerate([(90, 40), (-300, 170), (700, -20)]):  # inside the margin, then beyond it
        canvas.pan_pixels(dx, dy)
        composed = canvas.render_frame().copy()
        canvas.request_redraw()  # forget every image: draw the same view from scratch
        fresh = canvas.render_frame()
        assert canvas.frame_complete()
        # Antialiased edges along a strip's seam may differ by a shade; nothing else may.
        assert _differing_share(composed, fresh) < 0.002, step


def test_a_pan_redraws_labels_for_the_new_view(canvas):
    cities = canvas.layer("cities")
    canvas.render_frame()
    before = dict(cities.placed)
    canvas.pan_pixels(200, 0)
    canvas.render_frame()
    after = dict(cities.placed)
    moved = [name for name in before if name in after]
    # Placed afresh for the new view: labels follow their cities (a few may take another side).
    followed = [n for n in moved if abs(after[n].left() - before[n].left() - 200) < 1e-6]
    assert len(moved) >= 5 and len(followed) >= len(moved) / 2


def test_a_zoom_preview_is_shown_then_finished(canvas, qtbot):
    canvas.render_frame()
    canvas.zoom_by(2.0)
    preview = canvas.render_frame(preview=True)
    assert not canvas.frame_complete() and not preview.isNull()
    qtbot.waitUntil(canvas.frame_complete, timeout=10000)  # the deferred render finishes the frame
    finished = canvas._frame
    canvas.request_redraw()
    assert _differing_share(finished, canvas.render_frame()) == 0.0


def test_one_layer_changing_keeps_the_other_images(canvas):
    canvas.render_frame()
    stats = canvas._frames.stats
    drawn = stats["drawn"]
    canvas.layer("annotations").changed()
    canvas.render_frame()
    # Only the run holding the changed layer was drawn again.
    assert stats["drawn"] == drawn + 1


def test_a_zoom_out_preview_leaves_no_undrawn_pixels(canvas, qtbot):
    from sovsplit.ui.layers.map_layers import qcolor

    canvas.zoom_by(3.0)
    canvas.render_frame()
    canvas.zoom_by(0.25)
    preview = canvas.render_frame(preview=True)
    assert not canvas.frame_complete()
    # The scaled-down image leaves the frame's edge: there the background shows, never stale memory.
    allowed = {qcolor(canvas.style.background).rgb(), qcolor(canvas.style.ocean).rgb()}
    corners = [(1, 1), (preview.width() - 2, 1), (1, preview.height() - 2)]
    assert all(preview.pixelColor(x, y).rgb() in allowed for x, y in corners)
    qtbot.waitUntil(canvas.frame_complete, timeout=10000)


def _blended(canvas, monkeypatch):
    """The frame with every layer blending (no `paint_on_clear`), drawn from scratch."""
    from sovsplit.ui.layers.scenario_layers import PolitiesLayer

    with monkeypatch.context() as patch:
        patch.setattr(PolitiesLayer, "paint_on_clear", None)
        canvas.request_redraw()
        return canvas.render_frame().copy()


def test_fills_written_onto_a_clear_image_look_as_blended_ones(canvas, monkeypatch):
    # The polity fills replace the transparent pixels of their image instead of blending: the same colours.
    for zoom, pan in ((1.0, (0, 0)), (3.0, (0, 0)), (1.0, (700, -20))):  # a pan beyond the margin: strips
        canvas.zoom_by(zoom)
        canvas.render_frame()
        canvas.pan_pixels(*pan)
        expected = _blended(canvas, monkeypatch)
        canvas.request_redraw()
        canvas.zoom_by(1.0)
        assert _differing_share(canvas.render_frame(), expected) == 0.0
    # Under another layer of its image (not the first to draw there) the polities blend as before.
    canvas.move_layer(canvas.layer("regions"), canvas.layers.index(canvas.layer("polities")))
    expected = _blended(canvas, monkeypatch)
    canvas.request_redraw()
    assert _differing_share(canvas.render_frame(), expected) == 0.0


def _records(canvas) -> tuple:
    cities, names, notes = (canvas.layer(key) for key in ("cities", "area-labels", "annotations"))
    rows = [(a.annotation.id, row) for c in notes.callouts for a, row in c.rows]
    return [(n, r.getRect()) for n, r, *_ in cities.placed], [r.getRect() for _, r, _ in names.placed], rows


def test_zooming_back_to_a_level_drawn_before_gives_its_labels_back_to_hit_tests(canvas):
    # The image of a level drawn before is shown again; the labels' boxes must be that image's, not those of
    # the level just left (hover, clicks and the next layers' obstacles read them).
    canvas.zoom_to_extent()
    canvas.render_frame()
    first = _records(canvas)
    assert all(first) and canvas.layer("annotations").callouts
    canvas.zoom_by(2.0)
    canvas.render_frame()
    assert _records(canvas) != first
    drawn = canvas._frames.stats["drawn"]
    canvas.zoom_by(0.5)
    frame = canvas.render_frame().copy()
    assert canvas._frames.stats["drawn"] == drawn  # nothing was drawn: the kept images were shown
    assert _records(canvas) == first
    notes = canvas.layer("annotations")
    annotation_id, row = _records(canvas)[2][0]
    assert notes.hit(row.center()) == annotation_id  # a click lands on the callout shown
    # ...and what drawing that view afresh shows (but for a shade on an antialiased edge or two: the fresh
    # drawing may use geometry a worker finished after the first).
    canvas.request_redraw()
    assert _differing_share(frame, canvas.render_frame()) < 0.0005
    assert _records(canvas) == first
