"""Border lines as editable chains: exact vertex moves, inserts and deletes, refusals, snapping, statistics."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from partition import assert_partition, state
from shapely.geometry import Point, Polygon

from sovsplit.model.editing import edits
from sovsplit.model.editing.border import border_lines
from sovsplit.model.editing.edits import EditRefused
from sovsplit.model.editing.snapping import Snapper
from sovsplit.model.editing.vertex_edits import delete_vertex, insert_vertex, move_vertex
from sovsplit.model.geodesy import area_km2
from sovsplit.model.stats import StatsEngine


def _west_east(scenario):
    lines = [ln for ln in border_lines(scenario) if {ln.left, ln.right} == {"west", "east"}]
    return max(lines, key=lambda ln: len(ln.coords))


def _into(scenario, line, index, polity, km=8.0):
    """A point beside vertex `index`, inside `polity`'s side of the border, about `km` away."""
    a, b = line.neighbours(index)
    p = line.coords[index]
    chord = b - a
    normal = np.array([-chord[1], chord[0]]) / np.hypot(*chord)
    territory = scenario.geometry_of(polity)
    for reach in (km, km / 2, km / 4):
        for sign in (1, -1):
            q = p + sign * normal * reach / 111.0
            if territory.contains(Point(q)):
                return q
    raise AssertionError("no side of this vertex lies in " + polity)


def _movable_into(scenario, line, start, polity, km=8.0):
    """The first vertex from `start` on with room on `polity`'s side, and the point to drag it to."""
    for index in range(start, len(line.coords) - 1):
        try:
            return index, _into(scenario, line, index, polity, km)
        except AssertionError:
            continue
    raise AssertionError("no vertex with room on " + polity + "'s side")


def test_the_default_scenario_has_one_west_east_border_with_fixed_ends(scenario):
    lines = border_lines(scenario)
    assert {(ln.left, ln.right) for ln in lines} == {("west", "east")}
    line = _west_east(scenario)
    assert len(line.coords) > 100
    assert not line.movable(0) and not line.movable(len(line.coords) - 1)
    assert line.movable(1)
    # The border lies on both polities' outlines.
    chain = shapely.LineString(line.coords)
    for polity in ("west", "east"):
        assert shapely.boundary(scenario.geometry_of(polity)).buffer(1e-9).covers(chain)


def test_moving_a_vertex_gives_exactly_the_swept_land_and_undoes_exactly(scenario):
    engine = StatsEngine(scenario)
    east_before = engine.totals()["east"].area_km2
    line = _west_east(scenario)
    index, q = _movable_into(scenario, line, len(line.coords) // 3, "west")
    a, b = line.neighbours(index)
    # What should change hands, computed independently by an overlay of the swept quadrilateral.
    expected = area_km2(
        shapely.intersection(Polygon([a, line.coords[index], b, q]).buffer(0), scenario.geometry_of("west"))
    )
    snapshot = state(scenario)
    edit = move_vertex(scenario, line, index, q)
    assert edit.label == "Move the West USSR–East USSR border"
    edit.apply(scenario)
    assert_partition(scenario)
    gain = engine.totals()["east"].area_km2 - east_before
    assert expected > 1.0
    assert gain == pytest.approx(expected, rel=1e-6)
    # The new border passes through q.
    assert any(np.array_equal(q, c) for ln in border_lines(scenario) for c in ln.coords)
    edit.revert(scenario)
    assert state(scenario) == snapshot
    assert engine.totals()["east"].area_km2 == pytest.approx(east_before, rel=1e-12)


def test_statistics_after_vertex_moves_match_a_fresh_count(scenario):
    engine = StatsEngine(scenario)
    engine.totals()
    for k, fraction in enumerate((0.2, 0.45, 0.7)):
        line = _west_east(scenario)
        index, q = _movable_into(scenario, line, int(len(line.coords) * fraction), "west" if k % 2 else "east", 15)
        move_vertex(scenario, line, index, q).apply(scenario)
    incremental = engine.totals()
    fresh = StatsEngine(scenario, arable_source=engine.arable_source).totals()
    for polity in ("west", "east"):
        assert incremental[polity].area_km2 == pytest.approx(fresh[polity].area_km2, rel=1e-7)
        assert incremental[polity].arable_km2 == pytest.approx(fresh[polity].arable_km2, rel=1e-7, abs=1e-3)
        assert incremental[polity].coast_km == pytest.approx(fresh[polity].coast_km, rel=1e-7, abs=1e-3)
        assert sorted(incremental[polity].ports) == sorted(fresh[polity].ports)


def test_a_border_that_would_cross_itself_is_refused(scenario):
    line = _west_east(scenario)
    index = len(line.coords) // 2
    # Drag the vertex over a stretch of the same border twenty vertices on.
    beyond = line.coords[index + 20] + (line.coords[index + 20] - line.coords[index]) * 0.5
    with pytest.raises(EditRefused, match="cross itself"):
        move_vertex(scenario, line, index, beyond)


def test_a_border_that_would_leave_the_ussr_is_refused(scenario):
    line = _west_east(scenario)
    snapper = Snapper(scenario)
    coastal = [
        end
        for end in (0, len(line.coords) - 1)
        if snapper.outer_vertex[np.all(snapper.vertices == line.coords[end], axis=1)].any()
    ]
    assert coastal, "the West–East border reaches the sea"
    end = coastal[0]
    near = 1 if end == 0 else end - 1
    messages = []
    for angle in np.linspace(0, 2 * np.pi, 16, endpoint=False):
        target = line.coords[end] + 0.3 * np.array([np.cos(angle), np.sin(angle)])
        if scenario.regions.union.intersects(Point(target)):
            continue
        with pytest.raises(EditRefused) as refused:
            move_vertex(scenario, line, near, target)
        messages.append(str(refused.value))
    assert messages, "some directions from the coastal end point out to sea"
    assert any("leave the USSR" in m for m in messages)


def test_a_border_that_would_cross_into_a_third_polity_is_refused(scenario):
    add = edits.add_polity(scenario, "Far Eastern Republic", "#17a589")
    add.apply(scenario)
    edits.reassign_regions(scenario, ["RUAMU"], add.new.id).apply(scenario)
    fer = scenario.geometry_of(add.new.id)
    line = _west_east(scenario)
    distance = shapely.distance(fer, shapely.points(line.coords))
    index = int(np.argmin(np.where(distance > 0, distance, np.inf)[1:-1])) + 1
    inside = fer.representative_point()
    p = line.coords[index]
    edge = np.array(shapely.ops.nearest_points(fer, Point(p))[0].coords[0])
    target = edge + (np.array(inside.coords[0]) - edge) * 0.05
    assert fer.contains(Point(target))
    with pytest.raises(EditRefused, match="Far Eastern Republic"):
        move_vertex(scenario, line, index, target)


def test_the_ends_of_a_border_stay_put(scenario):
    line = _west_east(scenario)
    with pytest.raises(EditRefused, match="stay put"):
        move_vertex(scenario, line, 0, line.coords[0] + 0.1)


def test_insert_a_vertex_then_drag_it_then_delete_it(scenario):
    snapshot = state(scenario)
    areas = {pid: p.geometry.area for pid, p in scenario.parcels.items()}
    line = _west_east(scenario)
    insert, point = insert_vertex(scenario, line, len(line.coords) // 2, 0.5)
    insert.apply(scenario)
    assert_partition(scenario)
    # Only a vertex was added: every parcel keeps its area.
    assert {pid: p.geometry.area for pid, p in scenario.parcels.items()} == pytest.approx(areas, rel=1e-12)
    line = _west_east(scenario)
    index = int(np.nonzero(np.all(line.coords == point, axis=1))[0][0])
    target = _into(scenario, line, index, "west", km=3)
    move = move_vertex(scenario, line, index, target)
    move.apply(scenario)
    assert_partition(scenario)
    # The dragged vertex is now where it was dropped; delete it and the border runs straight again.
    line = _west_east(scenario)
    index = int(np.nonzero(np.all(line.coords == target, axis=1))[0][0])
    straighten = delete_vertex(scenario, line, index)
    straighten.apply(scenario)
    assert_partition(scenario)
    for edit in (straighten, move, insert):
        edit.revert(scenario)
    assert state(scenario) == snapshot


def test_deleting_an_inserted_vertex_just_removes_it(scenario):
    snapshot = state(scenario)
    line = _west_east(scenario)
    insert, point = insert_vertex(scenario, line, 10, 0.3)
    insert.apply(scenario)
    line = _west_east(scenario)
    index = int(np.nonzero(np.all(line.coords == point, axis=1))[0][0])
    drop = delete_vertex(scenario, line, index)
    assert drop.label.startswith("Remove a vertex")
    drop.apply(scenario)
    assert_partition(scenario)
    for parcel in scenario.parcels.values():
        assert not np.any(np.all(shapely.get_coordinates(parcel.geometry) == point, axis=1))
    drop.revert(scenario)
    insert.revert(scenario)
    assert state(scenario) == snapshot


def test_snapping_prefers_vertices_then_edges_within_the_pixel_tolerance(scenario):
    snapper = Snapper(scenario)
    line = _west_east(scenario)
    p = line.coords[200]
    px_per_degree = 100.0

    def to_screen(lonlat):
        return np.asarray(lonlat, dtype=float).reshape(-1, 2) * [px_per_degree, -px_per_degree]

    def snap(lon, lat, exclude=None):
        box = (lon - 0.3, lat - 0.3, lon + 0.3, lat + 0.3)
        return snapper.snap(lon, lat, box, to_screen, to_screen([lon, lat])[0], 10.0, exclude=exclude)

    near = snap(p[0] + 0.05, p[1] + 0.03)  # about 6 px away
    assert (near.lon, near.lat, near.kind) == (p[0], p[1], "vertex")
    a, b = line.coords[200], line.coords[201]
    mid = (a + b) / 2
    beside = snap(mid[0] + 0.001, mid[1] - 0.001)
    assert beside.kind in ("edge", "vertex")
    if beside.kind == "edge":
        assert shapely.LineString([a, b]).distance(Point(beside.lon, beside.lat)) < 1e-9
    far = snap(p[0] + 2.0, p[1] + 2.0)
    assert far.kind in ("free", "vertex", "edge", "coast", "coast vertex")
    assert (far.lon, far.lat) != (p[0], p[1])
    excluded = snap(p[0] + 0.001, p[1], exclude=p)
    assert (excluded.lon, excluded.lat) != (p[0], p[1])


def test_a_vertex_drag_recomputes_only_the_small_pieces_it_made(scenario, regions):
    engine = StatsEngine(scenario)
    engine.totals()
    computed = []
    original = engine._compute
    engine._compute = lambda parcels: computed.extend(p.geometry for p in parcels) or original(parcels)
    line = _west_east(scenario)
    index, q = _movable_into(scenario, line, len(line.coords) // 2, "west")
    edit = move_vertex(scenario, line, index, q)
    edit.apply(scenario)
    engine.totals()
    touched = {p.region_id for p, _ in edit.added}
    assert computed, "the land that changed hands is new and gets counted"
    # Only slivers are counted afresh; the trimmed regions are derived from their old statistics.
    smallest_region = min(regions.area_km2[r] for r in touched)
    assert all(area_km2(g) < 0.01 * smallest_region for g in computed)
    edit.revert(scenario)
    computed.clear()
    engine.totals()
    assert computed == []  # undo brings back geometry whose statistics are known
