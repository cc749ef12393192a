"""Unwrapping across 180° and cutting back for RFC 7946."""

import shapely
from shapely.geometry import MultiPolygon, Polygon, box

from sovsplit.model.antimeridian import unwrap, wrap
from sovsplit.model.geodesy import area_km2


def test_wrap_then_unwrap_gives_back_one_piece_across_180():
    chukotka_like = box(170.0, 62.0, 190.0, 70.0)
    cut = wrap(chukotka_like)
    assert cut.geom_type == "MultiPolygon" and len(cut.geoms) == 2
    assert -180.0 <= cut.bounds[0] and cut.bounds[2] <= 180.0
    back = unwrap(cut)
    assert back.geom_type == "Polygon"
    assert shapely.equals(back.normalize(), chukotka_like.normalize())


def test_geometry_west_of_180_is_untouched():
    europe = box(20, 45, 60, 60)
    assert unwrap(europe) is europe
    assert wrap(europe) is europe


def test_area_is_the_same_cut_or_unwrapped():
    # Densified like real borders: edges are geodesics, so a long edge split at 180° would change shape.
    geom = shapely.segmentize(box(175, 60, 185, 65), 0.05)
    assert abs(area_km2(geom) - area_km2(wrap(geom))) < 1e-6 * area_km2(geom)


def test_unoriented_hole_is_subtracted():
    outer = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    hole_ccw = [(2, 2), (4, 2), (4, 4), (2, 4), (2, 2)]  # same orientation as the shell: wrong per RFC
    with_hole = Polygon(outer, [hole_ccw])
    assert area_km2(with_hole) < area_km2(Polygon(outer))
    assert abs(area_km2(with_hole) - (area_km2(Polygon(outer)) - area_km2(Polygon(hole_ccw)))) < 1e-3
    assert area_km2(MultiPolygon([with_hole])) == area_km2(with_hole)
