"""Every class of bad input gets one line naming the file; good input in any supported format loads."""

import json

import geopandas as gpd
import pytest
from shapely.geometry import box

from sovsplit.model.io.polity_reader import read_polities
from sovsplit.model.io.problems import InputError

SQUARE = [[[100, 60], [110, 60], [110, 65], [100, 65], [100, 60]]]


def _collection(*geometries, properties=None):
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": properties or {"name": f"P{i}"}, "geometry": g}
            for i, g in enumerate(geometries)
        ],
    }


def _write(tmp_path, content, name="bad.geojson"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


BAD = {
    "truncated": ('{"type": "FeatureCollection", "features": [{"type": "Feature", ', "truncated"),
    "not json": ("this is not json at all", "not valid JSON"),
    "wrong top type": ({"type": "Topology", "objects": {}}, "not a GeoJSON FeatureCollection"),
    "features not list": ({"type": "FeatureCollection", "features": {}}, "not a list"),
    "empty": ({"type": "FeatureCollection", "features": []}, "no features"),
    "missing geometry": (_collection(None), "has no geometry"),
    "point geometry": (_collection({"type": "Point", "coordinates": [1, 2]}), "Point geometry"),
    "unclosed ring": (
        _collection({"type": "Polygon", "coordinates": [[[100, 60], [110, 60], [110, 65], [100, 65]]]}),
        "not closed",
    ),
    "out of range": (
        _collection({"type": "Polygon", "coordinates": [[[100, 60], [110, 95], [110, 65], [100, 60]]]}),
        "out of range",
    ),
    "string coordinates": (
        _collection({"type": "Polygon", "coordinates": [[["100", 60], [110, 60], [110, 65], ["100", 60]]]}),
        "not a pair of numbers",
    ),
    "properties not object": (
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": [1], "geometry": {"type": "Polygon", "coordinates": SQUARE}}
            ],
        },
        "'properties' is not an object",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_geojson_gives_one_line_naming_the_file(tmp_path, case):
    content, expected = BAD[case]
    path = _write(tmp_path, content)
    with pytest.raises(InputError) as info:
        read_polities(path)
    message = str(info.value)
    assert message.startswith("bad.geojson: ") and expected in message
    assert "\n" not in message


def test_wrong_text_encoding(tmp_path):
    text = json.dumps(
        _collection({"type": "Polygon", "coordinates": SQUARE}, properties={"name": "Żółć"}), ensure_ascii=False
    )
    path = _write(tmp_path, text.encode("utf-16"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_polities(path)


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.geojson"
    with open(path, "wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    with pytest.raises(InputError, match="200 MB"):
        read_polities(path)


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_polities(tmp_path / "nope.geojson")
    with pytest.raises(InputError, match="is empty"):
        read_polities(_write(tmp_path, ""))


def test_self_intersecting_ring_is_repaired_with_a_warning(tmp_path):
    bowtie = {"type": "Polygon", "coordinates": [[[100, 60], [110, 65], [110, 60], [100, 65], [100, 60]]]}
    result = read_polities(_write(tmp_path, _collection(bowtie)))
    assert result.features[0].geometry.is_valid
    assert result.features[0].geometry.area == pytest.approx(25.0)
    assert len(result.warnings) == 1 and "repaired" in result.warnings[0]


def test_longitudes_above_180_and_split_features_read_the_same(tmp_path):
    above = {"type": "Polygon", "coordinates": [[[175, 60], [185, 60], [185, 65], [175, 65], [175, 60]]]}
    split = {
        "type": "MultiPolygon",
        "coordinates": [
            [[[175, 60], [180, 60], [180, 65], [175, 65], [175, 60]]],
            [[[-180, 60], [-175, 60], [-175, 65], [-180, 65], [-180, 60]]],
        ],
    }
    a = read_polities(_write(tmp_path, _collection(above), "a.geojson")).features[0].geometry
    b = read_polities(_write(tmp_path, _collection(split), "b.geojson")).features[0].geometry
    assert a.symmetric_difference(b).area < 1e-9
    assert b.bounds[2] == pytest.approx(185.0)


def test_geopackage_in_another_crs_is_reprojected(tmp_path):
    frame = gpd.GeoDataFrame({"name": ["Far East"]}, geometry=[box(130, 45, 140, 55)], crs="EPSG:4326")
    path = tmp_path / "polities.gpkg"
    frame.to_crs("EPSG:3857").to_file(path)
    feature = read_polities(path).features[0]
    assert feature.properties["name"] == "Far East"
    assert feature.geometry.bounds == pytest.approx((130, 45, 140, 55), abs=1e-6)


def test_shapefile_loads(tmp_path):
    path = tmp_path / "polities.shp"
    gpd.GeoDataFrame({"name": ["X"]}, geometry=[box(60, 50, 70, 55)], crs="EPSG:4326").to_file(path)
    assert read_polities(path).features[0].geometry.area == pytest.approx(50.0)


def test_unreadable_binary_file_is_one_line(tmp_path):
    path = _write(tmp_path, b"\x00\x01garbage" * 100, "junk.gpkg")
    with pytest.raises(InputError, match="junk.gpkg: cannot be read"):
        read_polities(path)
