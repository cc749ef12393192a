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
    assert len(list(parse_cache.cache_dir().glob("*.bin"))) == 1
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
    for entry in parse_cache.cache_dir().glob("*.bin"):
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


def _cached_read(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "a.geojson"
    path.write_text(json.dumps(BOWTIE))
    first = read_polities(path)
    (entry,) = parse_cache.cache_dir().glob("*.bin")
    return path, first, entry


def _same_as_parsed(path, first):
    again = read_polities(path)
    assert [f.properties for f in again.features] == [f.properties for f in first.features]
    assert all(shapely.equals_exact(a.geometry, b.geometry, 0) for a, b in zip(first.features, again.features))
    return again


def test_a_corrupted_entry_is_replaced_by_a_fresh_parse(tmp_path, monkeypatch):
    path, first, entry = _cached_read(tmp_path, monkeypatch)
    good = entry.read_bytes()
    entry.write_bytes(good[:40] + bytes(len(good) - 40))  # header intact, body zeroed
    _same_as_parsed(path, first)
    assert entry.read_bytes() == good  # deleted and written again from a fresh parse


def test_a_forged_entry_with_the_right_key_but_wrong_numbers_is_not_trusted(tmp_path, monkeypatch):
    path, first, entry = _cached_read(tmp_path, monkeypatch)
    key = entry.stem
    # A well-formed entry for the same key, written by someone without this user's cache key: renamed
    # polities and a region ten times too large.
    forged_meta = {"properties": [{"name": "West"}, {"name": "East"}], "members": {"name": "t"}, "warnings": []}
    forged = [shapely.box(0, 0, 100, 80), shapely.box(100, 0, 190, 80)]
    monkeypatch.setattr(parse_cache, "_SECRET", b"someone else's key, 32 bytes !!!")
    parse_cache._write(entry, key, forged_meta, forged)
    monkeypatch.setattr(parse_cache, "_SECRET", None)
    again = _same_as_parsed(path, first)
    assert [f.properties["name"] for f in again.features] == ["Knot", "Far East"]


def test_an_entry_claiming_gigabytes_is_refused_before_reading(tmp_path, monkeypatch):
    import struct
    import zipfile
    import zlib

    path, first, entry = _cached_read(tmp_path, monkeypatch)
    # A header that claims 6 GiB of geometry: refused by its sizes, nothing is allocated.
    header = json.dumps({"key": entry.stem, "meta": 10, "wkb": 6 << 30, "count": 1, "mac": "0" * 64}).encode()
    entry.write_bytes(parse_cache._MAGIC + struct.pack("<I", len(header)) + header + b"x" * 100)
    _same_as_parsed(path, first)
    # A zlib bomb in the old zip (npz) layout, under 100 KB that inflate to 64 MB: never inflated.
    bomb = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = b"".join(bomb.compress(bytes(1 << 20)) for _ in range(64)) + bomb.flush()
    assert len(payload) < 100_000
    with zipfile.ZipFile(entry, "w") as archive:
        info = zipfile.ZipInfo("wkb.npy")
        info.compress_type = zipfile.ZIP_STORED
        archive.writestr(info, payload)
    _same_as_parsed(path, first)
