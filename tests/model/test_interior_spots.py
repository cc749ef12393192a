"""The geometry helpers of label placement: deep spots inside a shape, and long names wrapped for tight places."""

from __future__ import annotations

import shapely
import shapely.affinity

from sovsplit.model.polygons import interior_spots
from sovsplit.render.layout.labels import wrap_name


def test_interior_spots_are_inside_deepest_first_and_spread_over_both_lobes():
    # Two squares joined by a thin corridor: a name fits in either square, never in the corridor.
    # In metres, as the exporter passes them (km-sized squares).
    parts = [shapely.box(0, 0, 10, 10), shapely.box(10, 4.5, 30, 5.5), shapely.box(30, 0, 40, 10)]
    shape = shapely.affinity.scale(shapely.union_all(parts), 1000, 1000, origin=(0, 0))
    spots = interior_spots(shape, 4)
    assert len(spots) >= 2
    depths = [shape.boundary.distance(shapely.Point(p)) for p in spots]
    assert all(shape.contains(shapely.Point(p)) for p in spots)
    assert depths[0] >= 0.95 * max(depths) and depths[0] > 4500
    assert {p[0] < 10_000 for p in spots[:2]} == {True, False}  # the two best lie in different squares


def test_long_names_wrap_after_the_hyphen_or_at_the_middle_space():
    assert wrap_name("Petropavlovsk-Kamchatsky") == "Petropavlovsk-\nKamchatsky"
    assert wrap_name("Nikolayevsk on Amur river") == "Nikolayevsk\non Amur river"
    assert wrap_name("Omsk") == "Omsk"
