"""Memoized screen shapes for area labels: the same answers as computing afresh, computed once per view."""

from __future__ import annotations

import shapely

from sovsplit.model import reference
from sovsplit.model.polygons import inner_point
from sovsplit.render import labels as placer
from sovsplit.ui.layers.area_labels import _clipped, _inside
from sovsplit.ui.layers.screen_shapes import ScreenShapes


def _mongolia():
    return next(f.geometry for f in reference.neighbours() if f.get("name") == "Mongolia")


def test_memoized_shapes_equal_fresh_ones_and_are_reused():
    geom = _mongolia()
    affine = [10.0, 0.0, 0.0, 10.0, -400.0, -700.0]
    screen = shapely.box(0, -1000, 600, 0)  # cuts Mongolia: a real clip
    shapes = ScreenShapes()
    shape = shapes.clipped(geom, affine, screen, _clipped)
    fresh = _clipped(shapely.affinity.affine_transform(geom, affine), screen)
    assert shapely.equals(shape, fresh) and not shape.is_empty
    assert shapes.clipped(geom, affine, screen, _clipped) is shape  # the same view: nothing recomputed
    moved = shapes.clipped(geom, [10.0, 0.0, 0.0, 10.0, -300.0, -700.0], screen, _clipped)
    assert moved is not shape and not shapely.equals(moved, shape)  # another view: computed for it
    assert shapes.inner_point(shape, inner_point) == inner_point(fresh)


def test_fit_answers_match_the_test_they_remember():
    shape = _clipped(
        shapely.affinity.affine_transform(_mongolia(), [10.0, 0, 0, 10.0, -400.0, -700.0]),
        shapely.box(0, -1000, 600, 0),
    )
    x, y = inner_point(shape)
    fits = ScreenShapes().fits(shape, 0.95, _inside)
    direct = _inside(shape, 0.95)
    boxes = [placer.Box(x - w, y - 5, x + w, y + 5) for w in (5, 50, 500, 5000)]
    assert [fits(b) for b in boxes] == [direct(b) for b in boxes]
    assert fits(boxes[0]) and not fits(boxes[-1])


def test_every_neighbour_cut_before_moving_equals_the_whole_moved_and_cut():
    # Zoomed in, a shape is cut to the screen in its own units before it is moved onto it: the same shape on
    # screen, whether it lies wholly inside, across the edge or wholly outside.
    screen = shapely.box(0, -1000, 1600, 0)
    kinds = set()
    for scale, xoff, yoff in ((0.008, 0.0, -800.0), (0.03, -2200.0, -2000.0), (0.2, -19200.0, -10500.0)):
        affine = [scale, 0.0, 0.0, scale, xoff, yoff]
        for feature in reference.neighbours():
            geom = shapely.affinity.scale(feature.geometry, 1000.0, 1000.0, origin=(0, 0))  # degrees to ~metres
            shape = ScreenShapes().clipped(geom, affine, screen, _clipped)
            fresh = _clipped(shapely.affinity.affine_transform(geom, affine), screen)
            assert shape.is_empty == fresh.is_empty, feature.get("name")
            if not fresh.is_empty:
                # The same outline but for rounding (the cut is made in other units first).
                assert shapely.hausdorff_distance(shape, fresh) < 1e-6, feature.get("name")
            moved = shapely.affinity.affine_transform(geom, affine)
            kinds.add("off" if fresh.is_empty else "whole" if shapely.equals(moved, fresh) else "cut")
    assert kinds == {"off", "whole", "cut"}
