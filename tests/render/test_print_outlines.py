"""Territory outlines and their frontiers kept on disk for print: read back exactly as made afresh."""

from __future__ import annotations

import shapely

from sovsplit.model import reference
from sovsplit.model.io.parse_cache import cache_dir
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.render.geometry import projected
from sovsplit.render.path_batch import frontier_lines, simplified_all


def _territories(regions) -> list:
    scenario = load_scenario(None, regions)  # new geometry objects each time: no identity cache can answer
    return [scenario.geometry_of(pid) for pid in scenario.polities]


def test_simplified_territories_and_coast_read_back_equal_fresh_ones(tmp_path, monkeypatch, regions):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    simplified_all(_territories(regions), "albers", 2048.0)  # made and stored
    assert list(cache_dir().glob("*.bin"))
    geoms = _territories(regions)
    stored = simplified_all(geoms, "albers", 2048.0)
    for geom, shape in zip(geoms, stored):
        fresh = shapely.simplify(projected(geom, "albers"), 2048.0, preserve_topology=False)
        assert shapely.to_wkb(shape) == shapely.to_wkb(fresh)
    coast = simplified_all([reference.coastline()], "albers", 2048.0)[0]
    fresh = shapely.simplify(projected(reference.coastline(), "albers"), 2048.0, preserve_topology=False)
    assert shapely.to_wkb(coast) == shapely.to_wkb(fresh)


def test_frontiers_read_back_equal_the_united_boundaries(tmp_path, monkeypatch, regions):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    made = frontier_lines(_territories(regions), "albers", 2048.0)
    geoms = _territories(regions)
    stored = frontier_lines(geoms, "albers", 2048.0)
    fresh = shapely.union_all(
        [shapely.simplify(projected(g, "albers"), 2048.0, preserve_topology=False).boundary for g in geoms]
    )
    assert stored is not made and shapely.to_wkb(stored) == shapely.to_wkb(fresh)
    assert fresh.length > 1e7  # the territories' outlines: tens of thousands of kilometres
