"""The shipped arable model's drawable shapes are built once and then read from the disk cache, equal to the
built ones, so a window start never reads the raster or clips it to the USSR again."""

from __future__ import annotations

import pytest

from sovsplit.model.arable.shapes import arable_shapes, default_arable_shapes
from sovsplit.model.arable.sources import default_arable_source


@pytest.fixture(autouse=True)
def _fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    default_arable_shapes.cache_clear()
    yield
    default_arable_shapes.cache_clear()


def test_shapes_read_back_from_disk_equal_the_built_ones(tmp_path):
    built = default_arable_shapes()  # an empty cache: built and written
    assert list((tmp_path / "cache").rglob("*.bin"))
    default_arable_shapes.cache_clear()
    read = default_arable_shapes()
    assert read is not built and len(read) == len(built) >= 2
    for a, b in zip(read, built):
        assert (a.fraction, a.low, a.high, a.cells) == (b.fraction, b.low, b.high, b.cells)
        assert a.geometry.equals_exact(b.geometry, 0.0)
    fresh = arable_shapes(default_arable_source())
    assert [s.cells for s in fresh] == [s.cells for s in read]
