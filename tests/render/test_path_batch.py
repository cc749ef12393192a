"""Print outlines kept on disk: what is read back is exactly what the exporter's own simplification makes."""

from __future__ import annotations

import shapely

from sovsplit.model import reference
from sovsplit.model.io.parse_cache import cache_dir
from sovsplit.render.geometry import polygon_path, simplified
from sovsplit.render.path_batch import polygon_paths, print_outlines


def test_outlines_read_back_from_disk_equal_the_computed_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    geoms = [f.geometry for f in reference.neighbours()]
    computed = print_outlines(geoms, "laea-north", 4096.0)  # computed, and written to the cache
    assert list(cache_dir().glob("*.bin"))
    stored = print_outlines(geoms, "laea-north", 4096.0)  # read back: new objects, same shapes
    for geom, a, b in zip(geoms, computed, stored):
        own = simplified(geom, "laea-north", 4096.0)
        assert b is not own
        assert shapely.to_wkb(a) == shapely.to_wkb(b) == shapely.to_wkb(own)


def test_batch_paths_are_the_single_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    geoms = [f.geometry for f in reference.neighbours()]
    paths = polygon_paths(geoms, "mercator", 8192.0)
    assert len(paths) == len(geoms) and sum(len(p.vertices) for p in paths) > 1000
    for geom, path in zip(geoms, paths):
        single = polygon_path(geom, "mercator", 8192.0)
        assert (path.vertices == single.vertices).all() and (path.codes == single.codes).all()
