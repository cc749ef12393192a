"""The area of an edited parcel from its old area and its changed edges equals a fresh geodesic measurement."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon

from sovsplit.model.area_change import EditedAreas
from sovsplit.model.editing.border import border_lines
from sovsplit.model.editing.edits import EditRefused
from sovsplit.model.editing.vertex_edits import move_vertex
from sovsplit.model.geodesy import area_km2


def _nudged(polygon: Polygon, index: int, by=(0.05, 0.03), roll: int = 0, holes=None) -> Polygon:
    """The polygon with exterior vertex `index` moved, its ring started `roll` vertices on."""
    ring = shapely.get_coordinates(polygon.exterior)[:-1].copy()
    ring[index] += by
    ring = np.roll(ring, -roll, axis=0)
    return Polygon(ring, polygon.interiors if holes is None else holes)


def _largest(geometry) -> int:
    return int(np.argmax(shapely.area(shapely.get_parts(geometry))))


def test_border_drags_measure_as_a_fresh_count(scenario):
    line = max(border_lines(scenario), key=lambda ln: len(ln.coords))
    areas = EditedAreas()
    checked = 0
    for i in np.linspace(len(line.coords) * 0.1, len(line.coords) * 0.9, 8).astype(int):
        a, b = line.neighbours(int(i))
        chord = b - a
        normal = np.array([-chord[1], chord[0]]) / np.hypot(*chord)
        try:
            edit = move_vertex(scenario, line, int(i), line.coords[int(i)] + normal * 0.06)
        except EditRefused:
            continue
        for parcel, _ in edit.added:
            if parcel.made_of is None or parcel.made_of[0] == (parcel.geometry,):
                continue
            before = parcel.made_of[0]
            got = areas.area_km2(parcel.geometry, before, sum(area_km2(g) for g in before))
            assert got == pytest.approx(area_km2(parcel.geometry), rel=1e-12, abs=1e-9)
            checked += 1
    assert checked >= 4


def test_a_moved_vertex_in_a_ring_started_elsewhere_or_turned_round(regions):
    sakha = regions["RUSA"].geometry
    parts = list(shapely.get_parts(sakha))
    k = _largest(sakha)
    old_km2 = area_km2(sakha)
    for roll, reverse in ((0, False), (700, False), (1500, True)):
        changed = _nudged(parts[k], 1200, roll=roll)
        if reverse:
            changed = shapely.reverse(changed)
        edited = MultiPolygon(parts[:k] + [changed] + parts[k + 1 :])
        got = EditedAreas().area_km2(edited, (sakha,), old_km2)
        assert got == pytest.approx(area_km2(edited), rel=1e-12)
        assert abs(got - old_km2) > 1.0  # the vertex moved kilometres: the area did change


def test_a_changed_hole_and_a_dropped_island(regions):
    moscow = regions["RUMOS"].geometry  # one polygon with holes (Moscow city among them)
    holes = list(moscow.interiors)
    biggest = max(range(len(holes)), key=lambda i: Polygon(holes[i]).area)
    smaller = _nudged(Polygon(holes[biggest]), 3, by=(-0.002, 0.001)).exterior
    edited = Polygon(moscow.exterior, holes[:biggest] + [smaller] + holes[biggest + 1 :])
    assert edited.is_valid
    got = EditedAreas().area_km2(edited, (moscow,), area_km2(moscow))
    assert got == pytest.approx(area_km2(edited), rel=1e-12)
    krasnoyarsk = regions["RUKYA"].geometry
    parts = list(shapely.get_parts(krasnoyarsk))
    fewer = MultiPolygon(parts[:10] + parts[11:])
    got = EditedAreas().area_km2(fewer, (krasnoyarsk,), area_km2(krasnoyarsk))
    assert got == pytest.approx(area_km2(fewer), rel=1e-12)


def test_two_regions_merged_lose_their_shared_border(regions):
    before = (regions["RUPRI"].geometry, regions["RUKHA"].geometry)
    merged = shapely.union_all(before)
    got = EditedAreas().area_km2(merged, before, sum(area_km2(g) for g in before))
    assert got == pytest.approx(area_km2(merged), rel=1e-12)


def test_an_unchanged_outline_keeps_its_area_and_a_new_one_is_measured_whole(regions):
    sakha = regions["RUSA"].geometry
    copy = shapely.from_wkb(shapely.to_wkb(sakha))
    assert EditedAreas().area_km2(copy, (sakha,), 123.0) == 123.0
    box = shapely.box(130, 60, 131, 61)
    assert EditedAreas().area_km2(box, (sakha,), 123.0) == pytest.approx(area_km2(box), rel=1e-12)
