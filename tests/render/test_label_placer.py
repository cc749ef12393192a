"""The one label placer the canvas and the exporter share: preferred sides, obstacles, markers, groups."""

from __future__ import annotations

from sovsplit.render.labels import Box, LabelRequest, place_labels

FRAME = Box(0, 0, 1000, 1000)


def _req(text, x=500.0, y=500.0, **kw):
    return LabelRequest(text, x, y, (60.0, 12.0), gap=5.0, **kw)


def test_a_lone_label_sits_upper_right_of_its_point():
    [placed] = place_labels([_req("Omsk")], FRAME, [])
    assert (placed.ha, placed.va) == ("left", "bottom")
    assert placed.box.x0 > 500 and placed.box.y0 > 500


def test_a_blocked_side_moves_the_label_and_nothing_overlaps():
    requests = [_req("A"), _req("B", x=505.0), _req("C", x=510.0, y=495.0)]
    placed = place_labels(requests, FRAME, [Box(500, 500, 600, 520)], pad=2.0)
    boxes = [p.box for p in placed]
    assert all(not a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert all(not b.overlaps(Box(500, 500, 600, 520)) for b in boxes)
    assert placed[0].ha == "right" or placed[0].va == "top"  # the upper right was taken


def test_a_point_under_an_earlier_label_is_dropped_with_its_label():
    first = _req("Moscow", marker=3.0)
    hidden = _req("Podolsk", x=530.0, y=510.0, marker=2.0)  # inside Moscow's upper-right label
    placed = place_labels([first, hidden], FRAME, [])
    assert [p.request.text for p in placed] == ["Moscow"]


def test_only_the_first_fitting_request_of_a_group_is_placed():
    big = LabelRequest("EAST", 500, 500, (2000.0, 40.0), centred=True, group="east")
    small = LabelRequest("EAST", 500, 500, (200.0, 20.0), centred=True, group="east")
    smaller = LabelRequest("EAST", 500, 500, (100.0, 10.0), centred=True, group="east")
    placed = place_labels([big, small, smaller], FRAME, [])
    assert [p.request.size for p in placed] == [(200.0, 20.0)]
