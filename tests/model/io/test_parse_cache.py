"""The parse cache gives back exactly what parsing gives, survives damage, and follows content changes."""

import json

import pytest
import shapely

from sovsplit.model.io import parse_cache
from sovsplit.model.io.polity_reader import read_polities

BOWTIE = {
    "type": "FeatureCollection",
    "name": "t",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "Knot"},
            "geometry": {"type": "Polygon", "coordinates": [[[100, 60], [110, 65], [110, 60], [100, 65], [100, 60]]]},
        },
        {
            "type": "Feature",
            "properties": {"name": "Far East"},
            "geometry": {"type": "Polygon", "coordinates": [[[175, 60], [185, 60], [185, 65], [175, 65], [175, 60]]]},
        },
    ],
}


@pytest.fixture(autouse=True)
def _cache_small_files(monkeypatch):
    """These files are tiny; the cache normally parses files under MIN_BYTES every time."""
    monkeypatch.setattr(parse_cache, "MIN_BYTES", 0)


def test_small_files_are_not_cached_by_default(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(parse_cache, "MIN_BYTES", 256 * 1024)
    path = tmp_path / "a.geojson"
    path.write_text(json.dumps(BOWTIE))
    assert len(read_polities(path).features) == 2
    assert not parse_cache.cache_dir().exists()


def test_second_read_comes_from_the_cache_and_equals_the_first(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "a.geojson"
    path.write_text(json.dumps(BOWTIE))
    first = read_polities(path)
    assert len(list(parse_cache.cache_dir().glob("*.npz"))) == 1
    second = read_polities(path)
    assert [f.properties for f in second.features] == [f.properties for f in first.features]
    for a, b in zip(first.features, second.features):
        assert shapely.equals_exact(a.geometry, b.geometry, tolerance=0)
    assert second.warnings == first.warnings and "a.geojson: " in second.warnings[0]
    assert second.members == {"name": "t"}
    # The same bytes under another name report the new name.
    other = tmp_path / "b.geojson"
    other.write_bytes(path.read_bytes())
    assert read_polities(other).warnings[0].startswith("b.geojson: ")


def test_damaged_cache_entry_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "a.geojson"
    path.write_text(json.dumps(BOWTIE))
    read_polities(path)
    for entry in parse_cache.cache_dir().glob("*.npz"):
        entry.write_bytes(b"not a zip file")
    again = read_polities(path)
    assert len(again.features) == 2 and again.features[1].geometry.bounds[2] == 185


def test_edited_file_is_not_served_stale(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "a.geojson"
    path.write_text(json.dumps(BOWTIE))
    read_polities(path)
    edited = json.loads(json.dumps(BOWTIE))
    edited["features"][1]["properties"]["name"] = "Renamed"
    path.write_text(json.dumps(edited))
    assert read_polities(path).features[1].properties["name"] == "Renamed"
