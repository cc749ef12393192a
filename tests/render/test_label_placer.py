"""The one label placer the canvas and the exporter share: preferred sides, obstacles, markers, groups."""

from __future__ import annotations

import random

from sovsplit.render.labels import Box, LabelRequest, TurnedBox, _across, _hits, clash, place_labels

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


def test_the_quick_overlap_test_agrees_with_clash_box_by_box():
    # `_hits` settles upright boxes by their edges alone and hands turned ones to `clash` (separating axes);
    # it must say what testing each taken box with `clash` says, upright or turned, with or without a pad.
    rng = random.Random(7)

    def label():
        req = LabelRequest("x", rng.uniform(0, 300), rng.uniform(0, 300), (rng.uniform(5, 80), rng.uniform(4, 20)))
        req.angle = rng.choice([0.0, 0.0, 15.0, -30.0, 45.0, 90.0, 71.5])
        return _across(req, 0, 0)[0]

    disagreements, hits = 0, 0
    for _ in range(300):
        taken_boxes = [label() for _ in range(rng.randint(0, 25))]
        taken = [(b.x0, b.y0, b.x1, b.y1) for b in taken_boxes]
        turned = {i: b for i, b in enumerate(taken_boxes) if isinstance(b, TurnedBox)}
        for _ in range(10):
            box, pad = label(), rng.choice([0.0, 1.5, 3.0])
            expected = any(clash(box, other, pad) for other in taken_boxes)
            hits += expected
            disagreements += _hits(box, taken, turned, pad) != expected
    assert disagreements == 0
    assert 300 < hits < 2700  # both answers were tested many times


def test_a_name_outside_its_bounds_is_never_tried_and_the_result_is_the_same():
    # `within` is a necessary condition of `accept` (the area's bounds): it only saves work.
    area = Box(0, 0, 100, 60)
    tried = []

    def inside(box):
        tried.append(box)
        return box.within(area)

    def requests(within):
        return [
            LabelRequest("NAME", 50, 30, (60, 16), centred=True, accept=inside, within=within),
            LabelRequest("LONGER NAME", 50, 30, (90, 16), centred=True, accept=inside, within=within),
        ]

    frame = Box(-500, -500, 500, 500)
    plain = place_labels(requests(None), frame, [Box(40, 34, 60, 40)])
    tried_plain = len(tried)
    tried.clear()
    bounded = place_labels(requests(area), frame, [Box(40, 34, 60, 40)])
    assert plain and [(p.box, p.request.text) for p in plain] == [(p.box, p.request.text) for p in bounded]
    assert len(tried) < tried_plain
