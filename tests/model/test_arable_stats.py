"""Arable land per polity on the shipped model grid, and statistics from an imported raster."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Geod

from sovsplit.model.arable.raster_grid import LonLatGrid
from sovsplit.model.arable.sources import GridArableSource
from sovsplit.model.report import scenario_report
from sovsplit.model.stats import StatsEngine

_GEOD = Geod(ellps="WGS84")


def geodesic_km2(geom) -> float:
    """Area on WGS84 with pyproj directly (edges are short, so geodesic and lon/lat-straight edges agree)."""
    total = 0.0
    for polygon in shapely.get_parts(geom):
        if polygon.geom_type == "Polygon":
            total += abs(_GEOD.geometry_area_perimeter(shapely.segmentize(polygon, 0.01))[0])
    return total / 1e6


@pytest.fixture(scope="module")
def report(regions):
    from sovsplit.model.io.scenario_io import load_scenario

    scenario = load_scenario(None, regions)
    return {p.name: p for p in scenario_report(scenario, StatsEngine(scenario)).polities}


def test_the_east_has_under_one_percent_arable_land(report):
    east = report["East USSR"]
    assert 0 < east.arable_km2 < 0.01 * east.area_km2
    assert east.arable_share < 0.01


def test_the_west_has_about_the_reported_soviet_arable_area(report):
    assert report["West USSR"].arable_km2 == pytest.approx(2.2e6, rel=0.10)


def test_an_imported_grid_replaces_the_model_with_partial_cells_weighted(scenario):
    # One degree cells over the Sakha-Khabarovsk border and the Sea of Okhotsk coast, fraction varying per cell.
    west, north, cells = 130.0, 64.0, (6, 8)
    values = (np.arange(cells[0] * cells[1]).reshape(cells) % 5 + 1) / 5.0
    source = GridArableSource(LonLatGrid(values, west, north, 1.0, 1.0), "test.tif", "test grid")
    engine = StatsEngine(scenario)
    before = {p.name: p.arable_km2 for p in scenario_report(scenario, engine).polities}
    engine.set_arable_source(source)
    after = {p.name: p.arable_km2 for p in scenario_report(scenario, engine).polities}
    assert after != before
    for pid, polity in scenario.polities.items():
        territory = scenario.geometry_of(pid)
        expected = 0.0
        for r in range(cells[0]):
            for c in range(cells[1]):
                cell = shapely.box(west + c, north - r - 1, west + c + 1, north - r)
                expected += values[r, c] * geodesic_km2(territory.intersection(cell))
        assert after[polity.name] == pytest.approx(expected, rel=1e-4, abs=1.0), polity.name
