"""Level-of-detail coverages: simplified once per band, borders still shared, read back from disk."""

from __future__ import annotations

import weakref

import numpy as np
import pytest
import shapely

from sovsplit.model import lod


@pytest.fixture(autouse=True)
def _fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(lod, "_memory", {})
    monkeypatch.setattr(lod, "_by_regions", weakref.WeakKeyDictionary())


def test_each_band_is_a_valid_coverage_with_fewer_vertices_the_coarser_it_is(regions):
    bands = lod.prepare_all_bands(regions, "albers")
    counts = [int(shapely.get_num_coordinates(bands[b]).sum()) for b in (0.0, *lod.BANDS_M)]
    assert counts == sorted(counts, reverse=True) and counts[-1] < counts[0] / 5
    full_area = shapely.area(bands[0.0])
    for band in lod.BANDS_M:
        shapes = bands[band]
        # Neighbours still share their border exactly: no gaps, no overlaps between regions.
        assert shapely.coverage_is_valid(shapes)
        assert not shapely.is_empty(shapes).any()
        # The USSR keeps its area within a percent, big regions theirs within a few (islands go first).
        area = shapely.area(shapes)
        assert area.sum() == pytest.approx(full_area.sum(), rel=0.01)
        big = full_area > 1e11
        assert np.allclose(area[big], full_area[big], rtol=0.1)


def test_bands_are_read_back_from_disk(regions, monkeypatch, tmp_path):
    first = lod.simplified_regions(regions, "albers", 8000.0)
    assert list((tmp_path / "cache" / "sovsplit" / "parsed").glob("*.bin"))
    monkeypatch.setattr(lod, "_memory", {})
    monkeypatch.setattr(lod, "_by_regions", weakref.WeakKeyDictionary())
    monkeypatch.setattr(shapely, "coverage_simplify", None)  # a second computation would fail
    again = lod.simplified_regions(regions, "albers", 8000.0)
    assert all(shapely.equals_exact(a, b, tolerance=0.0) for a, b in zip(first, again))
    assert lod.simplified_regions(regions, "albers", 8000.0) is again  # and then kept in memory


def test_the_band_for_a_scale_stays_under_half_a_pixel():
    # The whole USSR across 1600 pixels: about 6 km a pixel.
    assert lod.band_for_scale(1600 / 10_000_000) == 2000.0
    assert lod.band_for_scale(1 / 100_000) == 32000.0
    assert lod.band_for_scale(1 / 900) == 0.0  # a city's streets: full detail
    assert lod.band_for_scale(0.0) == 0.0
    for scale in np.geomspace(1e-7, 1e-2, 40):
        assert lod.band_for_scale(scale) <= 0.5 / scale
