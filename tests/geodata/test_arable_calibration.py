"""The arable calibration step (geodata/build/calibrate_arable.py) on the shipped suitability grid and regions."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from sovsplit.model.arable.geotiff import default_arable_grid
from sovsplit.model.arable.raster_grid import LonLatGrid
from sovsplit.model.arable.zonal import zonal_sum

BUILD = Path(__file__).resolve().parents[2] / "geodata" / "build" / "calibrate_arable.py"

# How far the climate model is off per republic, as issue 13 reports it (modelled / published): the test asks
# the calibration to undo errors of that size, including Turkmenistan's, whose oases the model calls desert.
MODEL_OVER = {
    "UA": 1.31,
    "BY": 1.96,
    "MD": 1.51,
    "AZ": 1.89,
    "TJ": 2.73,
    "KZ": 0.72,
    "TM": 0.20,
    "LV": 0.17,
    "EE": 0.20,
    "RUPRI": 4.0,
    "RUKHA": 4.0,
    "RUYEV": 3.0,
}


@pytest.fixture(scope="module")
def calibration():
    spec = importlib.util.spec_from_file_location("calibrate_arable", BUILD)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def calibrated(calibration, regions):
    grid = default_arable_grid()
    modelled = dict(zip(regions.ids, zonal_sum(grid, list(regions.geometries))))
    targets = {r: modelled[r] / MODEL_OVER.get(r, 1.0) for r in regions.ids}
    # Turkmenistan's model total is tiny: ask for a real-sized figure (its model is off by a factor of five).
    targets["TM"] = max(targets["TM"], 15_000.0)
    zones = [calibration.zone_cells(grid, r, regions[r].geometry, targets[r]) for r in regions.ids]
    values = calibration.calibrate(grid, zones).astype(np.float32)  # stored as float32, like arable.tif
    return grid, LonLatGrid(values, grid.west, grid.north, grid.dx, grid.dy), targets


def test_every_zone_reproduces_its_figure_on_the_apps_own_zonal_sums(calibrated, regions):
    _, result, targets = calibrated
    got = dict(zip(regions.ids, zonal_sum(result, list(regions.geometries))))
    for region_id, target in targets.items():
        assert got[region_id] == pytest.approx(target, rel=0.01, abs=1.0), region_id
    assert got["TM"] > 4 * zonal_sum(default_arable_grid(), [regions["TM"].geometry])[0]


def test_cells_stay_fractions_and_keep_the_models_pattern(calibrated, regions):
    grid, result, _ = calibrated
    assert float(result.values.max()) <= 1.0 and float(result.values.min()) >= 0.0
    # Inside one scaled-down republic prime cells stay 25 times marginal ones (0.75 : 0.03): only the level moves.
    west, north = grid.west, grid.north
    row, col = int((north - 49.0) / grid.dy), int((31.0 - west) / grid.dx)  # a prime cell near Kyiv
    base = grid.values[row, col]
    assert base == pytest.approx(0.75)
    assert result.values[row, col] == pytest.approx(base / MODEL_OVER["UA"], rel=0.02)
    # Cells outside every region (here the open Pacific) keep the model's value.
    far_row, far_col = int((north - 40.0) / grid.dy), int((160.0 - west) / grid.dx)
    assert result.values[far_row, far_col] == grid.values[far_row, far_col]


def test_the_script_refuses_a_republic_without_a_cited_figure(calibration):
    with pytest.raises(calibration.CalibrationError, match="UA"):
        calibration.check_targets(
            [calibration.Target(r, 1000.0, "a table") for r in calibration.UNION_REPUBLICS if r != "UA"]
        )
    with pytest.raises(calibration.CalibrationError, match="without a source"):
        calibration.check_targets(
            [calibration.Target(r, 1000.0, "" if r == "BY" else "a table") for r in calibration.UNION_REPUBLICS]
        )
    calibration.check_targets([calibration.Target(r, 1000.0, "a table") for r in calibration.UNION_REPUBLICS])


def test_a_figure_larger_than_the_zone_is_refused(calibration, regions):
    grid = default_arable_grid()
    zone = calibration.zone_cells(grid, "EE", regions["EE"].geometry, 1e7)
    with pytest.raises(calibration.CalibrationError, match="EE"):
        calibration.calibrate(grid, [zone])


def test_a_republic_the_model_calls_desert_gets_its_figure_spread_over_it(calibration, regions):
    grid = default_arable_grid()
    zone = calibration.zone_cells(grid, "TM", regions["TM"].geometry, 1.0)
    suitable_km2 = float(np.sum(zone.km2[grid.values.ravel()[zone.cells] > 0]))
    # More than the suitable cells could hold even fully farmed: the floor spreads the rest over the desert.
    target = 1.2 * suitable_km2
    zone = calibration.zone_cells(grid, "TM", regions["TM"].geometry, target)
    values = calibration.calibrate(grid, [zone])
    result = LonLatGrid(values, grid.west, grid.north, grid.dx, grid.dy)
    assert zonal_sum(result, [regions["TM"].geometry])[0] == pytest.approx(target, rel=0.01)
    desert = zone.cells[grid.values.ravel()[zone.cells] == 0]
    assert np.all(values.ravel()[desert] > 0)
