"""Polity names run along their territory's long axis: the axis itself, the readable angle, turned label boxes in
the placer, and the export's turned names checked against the shipped geometry."""

from __future__ import annotations

import math

import pytest
import shapely
import shapely.affinity

from sovsplit.render.area_label_axis import MAX_ANGLE, label_angle, principal_axis, readable, spaced
from sovsplit.render.export import build_figure
from sovsplit.render.geometry import projected
from sovsplit.render.labels import Box, LabelRequest, TurnedBox, candidates, clash, outline, place_labels
from sovsplit.render.settings import ExportSettings


@pytest.mark.parametrize("turn", [0.0, 25.0, -40.0, 75.0, 120.0])
def test_the_principal_axis_of_a_turned_strip_is_its_long_side(turn):
    strip = shapely.affinity.rotate(shapely.box(0, 0, 900, 150), turn, origin=(0, 0))
    angle, elongation = principal_axis(strip)
    assert elongation == pytest.approx(6.0, rel=1e-6)
    # A line's direction: equal modulo 180 degrees.
    assert (angle - turn + 90) % 180 - 90 == pytest.approx(0.0, abs=1e-6)


def test_a_hole_and_a_far_small_part_do_not_steer_the_axis():
    strip = shapely.box(0, 0, 1000, 200).difference(shapely.box(100, 50, 150, 150))
    islet = shapely.box(5000, 5000, 5010, 5100)  # tall, but tiny: the largest part decides
    assert label_angle(shapely.MultiPolygon([strip, islet])) == 0.0


def test_readable_angles_never_read_upside_down_and_are_clamped():
    assert readable(170.0) == pytest.approx(-10.0)
    assert readable(-150.0) == pytest.approx(30.0)
    assert readable(80.0) == MAX_ANGLE and readable(100.0) == -MAX_ANGLE
    assert label_angle(shapely.box(0, 0, 100, 100)) == 0.0  # a square has no long axis
    assert label_angle(shapely.affinity.rotate(shapely.box(0, 0, 100, 10), 2.0)) == 0.0  # a hair's tilt stays level


def test_spaced_names_keep_their_lines_and_words():
    assert spaced("EAST\nUSSR") == "E\u2009A\u2009S\u2009T\nU\u2009S\u2009S\u2009R"
    assert spaced("WEST USSR").replace("\u2009", "").replace("\u2002", " ") == "WEST USSR"


def test_a_turned_candidate_is_its_rectangle_turned_about_its_point():
    request = LabelRequest("NAME", 100.0, 50.0, (80.0, 10.0), centred=True, angle=30.0)
    box, x, y, *_ = candidates(request)[0]
    assert isinstance(box, TurnedBox) and (x, y) == (100.0, 50.0)
    corners = shapely.Polygon(outline(box))
    assert corners.area == pytest.approx(800.0)
    assert corners.centroid.x == pytest.approx(100.0) and corners.centroid.y == pytest.approx(50.0)
    (x0, y0), (x1, y1) = outline(box)[:2]  # the bottom edge runs along the angle
    assert math.degrees(math.atan2(y1 - y0, x1 - x0)) == pytest.approx(30.0)
    assert (box.x0, box.y0, box.x1, box.y1) == pytest.approx(corners.bounds)


def test_parallel_turned_labels_whose_boxes_overlap_do_not_clash():
    # Two names along one 45-degree line, side by side across it: their upright boxes overlap, they do not.
    a = candidates(LabelRequest("A", 0.0, 0.0, (100.0, 10.0), centred=True, angle=45.0))[0][0]
    b = candidates(LabelRequest("B", -10.0, 10.0, (100.0, 10.0), centred=True, angle=45.0))[0][0]
    assert Box(a.x0, a.y0, a.x1, a.y1).overlaps(b)
    assert not clash(a, b, 1.0) and clash(a, b, 6.0)
    level = Box(-5.0, -5.0, 5.0, 5.0)
    assert clash(a, level) and not clash(level.padded(-4.0), b)
    placed = place_labels(
        [LabelRequest(t, *xy, (100.0, 10.0), centred=True, angle=45.0) for t, xy in (("A", (0, 0)), ("B", (-10, 10)))],
        Box(-200, -200, 200, 200),
        [],
        pad=1.0,
    )
    assert [p.request.text for p in placed] == ["A", "B"] and placed[1].x == -10.0


@pytest.mark.parametrize("name", ["default", "east-with-primorsky"])
def test_the_exports_polity_names_follow_their_axis_and_stay_inside(regions, name):
    from sovsplit.model.io.resources import geodata_path
    from sovsplit.model.io.scenario_io import load_scenario

    scenario = load_scenario(None if name == "default" else geodata_path("scenarios") / f"{name}.geojson", regions)
    page = build_figure(scenario, ExportSettings(dpi=72, landscape=True))
    key = page.settings.projection
    by_name = {p.name.upper(): pid for pid, p in scenario.polities.items()}
    labels = [label for label in page.placed if label.kind == "polity"]
    turned = [label for label in labels if label.corners]
    assert turned, "no polity name follows its territory"
    texts = {t.get_rotation(): t for t in page.ax.texts if t.get_rotation()}
    for label in turned:
        territory = projected(scenario.geometry_of(by_name[label.text.replace("\n", " ")]), key)
        outline_ = label.shape()
        assert territory.contains(outline_)
        assert outline_.bounds == pytest.approx(label.box)
        # Drawn at the angle of its outline's long side, which is the territory's axis (made readable).
        (ax_, ay_), (bx_, by_) = list(outline_.exterior.coords)[:2]
        angle = math.degrees(math.atan2(by_ - ay_, bx_ - ax_))
        (fx0, fx1), (fy0, fy1) = page.ax.get_xlim(), page.ax.get_ylim()
        shown = shapely.intersection(territory, shapely.box(fx0, fy0, fx1, fy1))
        assert angle == pytest.approx(label_angle(shown), abs=2.0)
        assert any(abs((rotation - angle + 180) % 360 - 180) < 0.2 for rotation in texts)
