"""Label spots kept on disk: read back exactly as found, keyed by the shape, and a malformed entry is ignored."""

from __future__ import annotations

import hashlib

import shapely

from sovsplit.model import reference
from sovsplit.model.io.parse_cache import store_result
from sovsplit.model.polygons import interior_spots as found
from sovsplit.render.geometry import simplified
from sovsplit.render.layout import spot_store


def _shapes() -> list:
    return [simplified(f.geometry, "albers", 8192.0) for f in list(reference.neighbours())[:6]]


def test_spots_round_trip_exactly_per_shape_and_count(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    env = spot_store.environment_digest()
    spots = {hashlib.sha256(shapely.to_wkb(s)).hexdigest(): found(s, 3) for s in _shapes()}
    assert sum(len(v) for v in spots.values()) >= 12  # real spots, several per country
    spot_store.save(env, spots)
    assert spot_store.load(env) == spots  # coordinates come back bit for bit


def test_the_stored_lookup_gives_the_spots_found_afresh(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for shape in _shapes():
        for count in (3, 5):
            assert spot_store.interior_spots(shape, count) == found(shape, count)
            assert spot_store.interior_spots(shape, count) == found(shape, count)  # now remembered


def test_a_malformed_entry_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    env = spot_store.environment_digest()
    store_result(env, "label-spots", {"spots": [["abc", [[1.0, "north"]]]]}, [])
    assert spot_store.load(env) == {}
