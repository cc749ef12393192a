"""A saved scenario reopens as it was saved, after any edit sequence, and incremental statistics equal a fresh
count: a seeded random walk of edits with a save→reload and a recount at every step."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from edit_walk import Walk, caucasus_regions, two_polity_scenario
from identity_checks import FreshCount, assert_same_scenario, assert_same_totals

from sovsplit.model.editing import edits
from sovsplit.model.editing.cut import cut
from sovsplit.model.io.scenario_io import load_scenario, save_scenario
from sovsplit.model.stats import StatsEngine


@pytest.fixture
def scratch(tmp_path):
    """A folder in memory when the machine has one: thousands of fsync'd saves are about identity here, not
    durability (the atomic save has its own kill tests)."""
    shm = Path("/dev/shm")
    if not shm.is_dir():
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(dir=shm, prefix="sovsplit-test-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _walk(folder, monkeypatch, steps: int, seed: int, geometry_weight: float, restart_every: int) -> Walk:
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder / "cache"))
    regions = caucasus_regions()
    fresh = FreshCount()
    path = folder / "walk.geojson"
    walk = engine = None
    for step in range(steps):
        if step % restart_every == 0:
            # A new session: a long walk would otherwise only grow ever more pieces.
            scenario = two_polity_scenario(regions)
            walk = Walk(scenario, seed + step, geometry_weight)
            engine = StatsEngine(scenario)
        action = walk.step()
        save_scenario(walk.scenario, path)
        reopened = load_scenario(path, regions)
        try:
            assert reopened.warnings == []
            assert_same_scenario(walk.scenario, reopened)
            assert_same_totals(engine.totals(), fresh.totals(reopened))
        except AssertionError as exc:
            raise AssertionError(f"step {step} ({action}, seed {seed}): {exc}") from exc
    return walk


def test_two_thousand_random_edits_each_reopen_as_saved_with_fresh_statistics(scratch, monkeypatch):
    walk = _walk(scratch, monkeypatch, steps=2000, seed=16, geometry_weight=0.3, restart_every=200)
    # The last session of the walk did every kind of edit.
    assert {"reassign", "cut", "move", "add_polity", "delete_polity", "add_note", "undo", "redo"} <= set(walk.counts)


@pytest.mark.slow
def test_four_thousand_random_edits_with_many_cuts_reopen_as_saved(scratch, monkeypatch):
    _walk(scratch, monkeypatch, steps=4_000, seed=1991, geometry_weight=1.0, restart_every=500)


def test_a_polity_without_land_is_written_as_an_empty_multipolygon_and_reopens(scenario, regions, tmp_path):
    edits.add_polity(scenario, "Far Eastern Republic", "#17a589").apply(scenario)
    path = tmp_path / "empty.geojson"
    save_scenario(scenario, path)
    feature = json.loads(path.read_text())["features"][-1]
    assert feature["geometry"] == {"type": "MultiPolygon", "coordinates": []}
    reopened = load_scenario(path, regions)
    assert reopened.warnings == []
    assert_same_scenario(scenario, reopened)
    assert reopened.parcels_of("far-eastern-republic") == []


def test_unclaimed_cut_pieces_reopen_exactly(scenario, regions, tmp_path):
    cut(scenario, [(130.0, 44.6), (133.5, 44.4), (137.5, 44.2)]).apply(scenario)
    south = min((p for p in scenario.parcels.values() if p.region_id == "RUPRI"), key=lambda p: p.geometry.centroid.y)
    edits.reassign(scenario, [south.id], None).apply(scenario)
    edits.reassign_regions(scenario, ["RUSAK"], None).apply(scenario)
    path = tmp_path / "unclaimed.geojson"
    save_scenario(scenario, path)
    reopened = load_scenario(path, regions)
    assert_same_scenario(scenario, reopened)
    assert_same_totals(StatsEngine(scenario).totals(), FreshCount().totals(reopened))


def test_a_file_edited_elsewhere_is_read_from_its_polygons_not_the_stale_parcel_list(scenario, regions, tmp_path):
    edits.reassign_regions(scenario, ["RUPRI"], "east").apply(scenario)
    path = tmp_path / "edited.geojson"
    save_scenario(scenario, path)
    data = json.loads(path.read_text())
    # Someone swaps the two polities' outlines in QGIS; the parcel list in the file no longer fits them.
    west, east = data["features"]
    west["geometry"], east["geometry"] = east["geometry"], west["geometry"]
    path.write_text(json.dumps(data))
    reopened = load_scenario(path, regions)
    assert reopened.owner["RUPRI"] == "west"
    assert reopened.owner["UA"] == "east"


def test_a_forged_parcel_list_that_does_not_tile_the_regions_is_ignored(scenario, regions, tmp_path):
    cut(scenario, [(130.0, 44.6), (133.5, 44.4), (137.5, 44.2)]).apply(scenario)
    path = tmp_path / "forged.geojson"
    save_scenario(scenario, path)
    data = json.loads(path.read_text())
    rows = data["sovsplit"]["parcels"]
    pieces = [row for row in rows if row[1] == "RUPRI"]
    pieces[0][3] = pieces[1][3]  # two pieces now overlap and a gap opens
    path.write_text(json.dumps(data))
    reopened = load_scenario(path, regions)
    assert abs(sum(p.geometry.area for p in reopened.parcels.values()) - regions.union.area) < 1e-9 * regions.union.area
