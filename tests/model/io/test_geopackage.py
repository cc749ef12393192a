"""A sovsplit GeoPackage round-trips with nothing lost, carries statistics and a QGIS style, and survives a GIS "Save As"."""

import sqlite3
import xml.etree.ElementTree as ET

import pyogrio
import pytest

from sovsplit.model.editing import edits
from sovsplit.model.editing.cut import cut
from sovsplit.model.geodesy import area_km2
from sovsplit.model.io.atomic import OutputExists
from sovsplit.model.io.problems import InputError
from sovsplit.model.io.scenario_io import load_scenario, save_scenario
from sovsplit.model.report import scenario_report

ACROSS_PRIMORSKY = [(130.0, 44.6), (133.5, 44.4), (137.5, 44.2)]
NOTE = {
    "id": "note-1",
    "title": "Vladivostok matters",
    "text": "The only ice-free Pacific port with a railway.",
    "topic": "ports",
    "stance": "against",
    "seed": None,
    "rule": None,
    "explanation": "",
    "user": True,
    "geometry": {"type": "Point", "coordinates": [131.9, 43.1]},
}


@pytest.fixture(scope="module")
def edited(regions):
    """The default scenario with Primorsky Krai cut in two, its south given to the East, and one note."""
    scenario = load_scenario(None, regions)
    cut(scenario, ACROSS_PRIMORSKY).apply(scenario)
    south = min((p for p in scenario.parcels.values() if p.region_id == "RUPRI"), key=lambda p: p.geometry.centroid.y)
    edits.reassign(scenario, [south.id], "east").apply(scenario)
    scenario.annotations = [NOTE]
    return scenario


@pytest.fixture(scope="module")
def gpkg(edited, tmp_path_factory):
    path = tmp_path_factory.mktemp("gpkg") / "edited.gpkg"
    save_scenario(edited, path)
    return path


def _holdings(scenario):
    held = {}
    for pid, parcel in scenario.parcels.items():
        key = (parcel.region_id, scenario.owner[pid])
        held[key] = held.get(key, 0.0) + area_km2(parcel.geometry)
    return held


def test_round_trip_loses_nothing(edited, gpkg, regions):
    reopened = load_scenario(gpkg, regions)
    assert reopened.load_route == "pieces" and reopened.warnings == []
    assert list(reopened.polities.values()) == list(edited.polities.values())
    assert reopened.name == edited.name and reopened.annotations == [NOTE]
    before, after = _holdings(edited), _holdings(reopened)
    assert before.keys() == after.keys()
    for key, km2 in before.items():
        assert after[key] == pytest.approx(km2, rel=1e-6)


def test_layers_hold_statistics_parcels_notes_and_metadata(edited, gpkg):
    assert {name for name, _ in pyogrio.list_layers(gpkg)} == {
        "polities",
        "parcels",
        "notes",
        "sovsplit_metadata",
        "layer_styles",
    }
    report = {p.id: p for p in scenario_report(edited).polities}
    polities = pyogrio.read_dataframe(gpkg, layer="polities")
    for row in polities.itertuples():
        stats = report[row.id]
        assert row.area_km2 == stats.area_km2 and row.arable_km2 == stats.arable_km2
        assert row.share_of_ussr_pct == pytest.approx(100 * stats.share_of_ussr, abs=1e-4)
        assert row.ports == stats.ports.count
        assert row.ports_held.split(", ") == [p.name for p in stats.ports.held]
        assert row.scenario_title == edited.name
    parcels = pyogrio.read_dataframe(gpkg, layer="parcels")
    assert len(parcels) == len(edited.parcels) and set(parcels["owner"].dropna()) == {"west", "east"}
    notes = pyogrio.read_dataframe(gpkg, layer="notes")
    assert list(notes["title"]) == [NOTE["title"]] and notes.geometry[0].x == pytest.approx(131.9)
    meta = pyogrio.read_dataframe(gpkg, layer="sovsplit_metadata", read_geometry=False)
    assert dict(zip(meta["key"], meta["value"]))["title"] == edited.name


def test_layer_styles_table_gives_qgis_the_polity_colours(edited, gpkg):
    with sqlite3.connect(gpkg) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(layer_styles)")]
        row = db.execute(
            "SELECT f_table_name, f_geometry_column, styleQML, styleSLD, useAsDefault FROM layer_styles"
        ).fetchone()
        geometry_column = db.execute(
            "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = 'polities'"
        ).fetchone()[0]
    for name in (
        "f_table_catalog",
        "f_table_schema",
        "f_table_name",
        "f_geometry_column",
        "styleName",
        "styleQML",
        "styleSLD",
        "useAsDefault",
        "description",
        "owner",
        "ui",
        "update_time",
    ):
        assert name in columns
    table, column, qml, sld, default = row
    assert (table, column, default) == ("polities", geometry_column, 1)
    renderer = ET.fromstring(qml.split("\n", 1)[1]).find("renderer-v2")
    assert renderer.get("type") == "categorizedSymbol" and renderer.get("attr") == "id"
    symbols = {s.get("name"): s for s in renderer.find("symbols")}
    colours = {}
    for category in renderer.find("categories"):
        fill = symbols[category.get("symbol")].find("layer/prop[@k='color']").get("v")
        colours[category.get("value")] = fill
    for polity in edited.polities.values():
        rgb = tuple(int(polity.colour[i : i + 2], 16) for i in (1, 3, 5))
        assert colours[polity.id] == ",".join(map(str, rgb)) + ",255"
        assert polity.colour in sld


def test_a_gis_save_as_geojson_of_the_polities_keeps_title_and_notes(edited, gpkg, tmp_path, regions):
    saved_as = tmp_path / "from-qgis.geojson"
    pyogrio.write_dataframe(pyogrio.read_dataframe(gpkg, layer="polities"), saved_as)
    assert '"sovsplit"' not in saved_as.read_text()  # no foreign member: only the attributes carry them
    reopened = load_scenario(saved_as, regions)
    assert reopened.name == edited.name and reopened.annotations == [NOTE]
    assert reopened.load_route == "pieces"


def test_other_suffixes_are_refused_before_anything_is_written(edited, tmp_path):
    for name in ("scenario.shp", "scenario.txt", "scenario"):
        with pytest.raises(InputError, match="use .geojson .*or .gpkg"):
            save_scenario(edited, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_no_clobber_leaves_an_existing_file_alone(edited, tmp_path):
    for name in ("old.gpkg", "old.geojson"):
        path = tmp_path / name
        path.write_text("precious")
        with pytest.raises(OutputExists):
            save_scenario(edited, path, clobber=False)
        assert path.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.geojson", "old.gpkg"]


def test_map_images_and_the_arable_layer_survive_a_geopackage_save(tmp_path, regions):
    from sovsplit.model.arable.layer_ref import ArableLayerRef
    from sovsplit.model.trace.frame import resolve_frame
    from sovsplit.model.trace.georef import Georeference
    from sovsplit.model.trace.image_ref import ImageRef
    from sovsplit.model.trace.points import ControlPoint

    scenario = load_scenario(None, regions)
    points = (ControlPoint(10, 20, 37.6, 55.7), ControlPoint(400, 30, 129.7, 62.0), ControlPoint(200, 250, 69.2, 41.3))
    georef = Georeference(800, 300, resolve_frame("laea-north"), points, "affine")
    scenario.images = [ImageRef(str(tmp_path / "maps" / "east.png"), georef, opacity=0.4, above=False)]
    scenario.arable = ArableLayerRef(str(tmp_path / "crops.tif"), "fraction")
    save_scenario(scenario, tmp_path / "split.gpkg")
    back = load_scenario(tmp_path / "split.gpkg", regions)
    (image,) = back.images  # kept relative to the file, as in a GeoJSON
    assert image.path == "maps/east.png" and image.resolve(back.path) == tmp_path / "maps" / "east.png"
    assert (image.georef, image.opacity, image.above) == (georef, 0.4, False) and back.arable == scenario.arable
