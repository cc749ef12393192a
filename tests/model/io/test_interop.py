"""Files QGIS and GDAL write from the shipped scenario load with the same areas, on the fast path, without a traceback."""

import json

import pyogrio
import pytest
import shapely
from gis_files import default_frame, with_regions, with_vertex_past_180, write

from sovsplit.model.io.polity_fields import RegionList, parse_region_list
from sovsplit.model.io.polity_reader import read_polities
from sovsplit.model.io.problems import InputError
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.report import scenario_report

# name: (regions form, CRS to write in, whether the East gets a vertex at -180.02°)
FILES = {
    "web-mercator.geojson": ("json", "EPSG:3857", False),
    "arctic-laea.gpkg": ("comma", "EPSG:3576", False),
    "polar-stereo.shp": ("gdal", "EPSG:3413", False),
    "past-180.geojson": ("json", None, True),
    "comma-regions.geojson": ("comma", None, False),
}


@pytest.fixture(scope="module")
def gis_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gis")
    frame = default_frame()
    paths = {}
    for name, (form, crs, past_180) in FILES.items():
        source = with_vertex_past_180(frame) if past_180 else frame
        paths[name] = write(with_regions(source, form), folder / name, crs)
    return paths


@pytest.fixture(scope="module")
def shipped_areas(regions):
    return {p.id: p.area_km2 for p in scenario_report(load_scenario(None, regions)).polities}


@pytest.mark.parametrize("name", sorted(FILES))
def test_gis_written_file_gives_the_same_areas_on_the_fast_path(gis_files, shipped_areas, regions, name):
    scenario = load_scenario(gis_files[name], regions)
    assert scenario.load_route == "regions"
    areas = {p.id: p.area_km2 for p in scenario_report(scenario).polities}
    assert areas.keys() == shipped_areas.keys()
    for pid, km2 in shipped_areas.items():
        assert areas[pid] == pytest.approx(km2, rel=1e-4)
    assert [p.name for p in scenario.polities.values()] == ["West USSR", "East USSR"]


def test_the_files_are_what_the_issue_describes(gis_files):
    text = gis_files["web-mercator.geojson"].read_text()
    assert '"crs"' in text and "EPSG::3857" in text
    assert pyogrio.read_info(gis_files["arctic-laea.gpkg"])["crs"] == "EPSG:3576"
    assert pyogrio.read_info(gis_files["polar-stereo.shp"])["crs"] == "EPSG:3413"
    assert "-180.02" in gis_files["past-180.geojson"].read_text()


def test_shapefile_truncation_is_said_and_recovered(gis_files, regions):
    regions_text = pyogrio.read_dataframe(gis_files["polar-stereo.shp"])["regions"][0]
    assert len(regions_text) == 254 and not regions_text.endswith(")")
    scenario = load_scenario(gis_files["polar-stereo.shp"], regions)
    assert any("cut short" in w and "West USSR" in w for w in scenario.warnings)
    assert set(scenario.region_holdings("west")[0]) == set(load_scenario(None, regions).region_holdings("west")[0])


def test_a_vertex_past_minus_180_is_wrapped_with_a_warning(gis_files, regions):
    scenario = load_scenario(gis_files["past-180.geojson"], regions)
    assert any("-180.0200" in w for w in scenario.warnings)


def test_reprojected_halves_at_180_merge_silently(gis_files, regions):
    assert load_scenario(gis_files["arctic-laea.gpkg"], regions).warnings == []


def test_name_field_from_the_documented_list_and_chosen(tmp_path, regions):
    frame = default_frame().rename(columns={"name": "NAME"}).drop(columns=["id", "regions"])
    frame["ADMIN"] = ["Stalin's Union", "Trotsky's Union"]
    path = write(frame, tmp_path / "countries.shp")
    scenario = load_scenario(path, regions)
    assert [p.name for p in scenario.polities.values()] == ["West USSR", "East USSR"]
    chosen = load_scenario(path, regions, name_field="ADMIN", id_field="NAME")
    assert [p.name for p in chosen.polities.values()] == ["Stalin's Union", "Trotsky's Union"]
    assert list(chosen.polities) == ["West USSR", "East USSR"]
    with pytest.raises(InputError, match="has no name field 'NAME_LONG'.*ADMIN"):
        load_scenario(path, regions, name_field="NAME_LONG")


def test_a_ring_crossing_180_uncut_reads_like_the_cut_one(tmp_path):
    crossing = [[[175, 60], [-175, 60], [-175, 65], [175, 65], [175, 60]]]
    cut = [
        [[[175, 60], [180, 60], [180, 65], [175, 65], [175, 60]]],
        [[[-180, 60], [-175, 60], [-175, 65], [-180, 65], [-180, 60]]],
    ]
    geoms = []
    for kind, coords in (("Polygon", crossing), ("MultiPolygon", cut)):
        path = tmp_path / f"{kind}.geojson"
        feature = {"type": "Feature", "properties": {"name": "A"}, "geometry": {"type": kind, "coordinates": coords}}
        path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
        geoms.append(read_polities(path).features[0].geometry)
    assert geoms[0].geom_type == "Polygon" and geoms[0].bounds == pytest.approx((175, 60, 185, 65))
    assert shapely.symmetric_difference(*geoms).area < 1e-9


def test_coordinates_that_cannot_be_lon_lat_give_one_line(tmp_path):
    far = [[[9e7, 9e7], [9.1e7, 9e7], [9.1e7, 9.1e7], [9e7, 9e7]]]
    path = tmp_path / "far.geojson"
    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3576"}},
        "features": [
            {"type": "Feature", "properties": {"name": "Nowhere"}, "geometry": {"type": "Polygon", "coordinates": far}}
        ],
    }
    path.write_text(json.dumps(collection))
    with pytest.raises(InputError) as info:
        read_polities(path)
    assert str(info.value).startswith("far.geojson: feature 1 (Nowhere): ") and "\n" not in str(info.value)


def test_unknown_crs_member_is_one_line(tmp_path):
    path = tmp_path / "odd.geojson"
    path.write_text(
        json.dumps(
            {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:0"}}, "features": []}
        )
    )
    with pytest.raises(InputError, match="odd.geojson: unknown coordinate reference system 'EPSG:0'"):
        read_polities(path)


@pytest.mark.parametrize(
    "value, expected",
    [
        (["RUPRI", "RUKHA"], RegionList(["RUPRI", "RUKHA"])),
        ('["RUPRI", "RUKHA"]', RegionList(["RUPRI", "RUKHA"])),
        ('["RUPRI", "RUKHA", "RU', RegionList(["RUPRI", "RUKHA"], complete=False)),
        ("RUPRI, RUKHA", RegionList(["RUPRI", "RUKHA"])),
        ("(2:RUPRI,RUKHA)", RegionList(["RUPRI", "RUKHA"])),
        ("(3:RUPRI,RUKHA,RU", RegionList(["RUPRI", "RUKHA"], complete=False)),
        ("", RegionList([])),
        (None, None),
        (12, None),
    ],
)
def test_region_lists_in_every_form(value, expected):
    assert parse_region_list(value) == expected


def test_a_comma_list_cut_at_254_bytes_drops_its_last_id():
    text = ",".join(f"R{n:04d}" for n in range(60))[:254]
    found = parse_region_list(text)
    assert not found.complete and found.ids[-1] == "R0041" and len(found.ids) == 42
