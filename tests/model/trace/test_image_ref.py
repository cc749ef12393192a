"""A map image saved with a scenario: its path (relative beside the file), georeference and display settings."""

from __future__ import annotations

from sovsplit.model.trace.frame import resolve_frame
from sovsplit.model.trace.georef import Georeference
from sovsplit.model.trace.image_ref import ImageRef, images_from_json, images_to_json
from sovsplit.model.trace.points import ControlPoint


def _georef() -> Georeference:
    points = (ControlPoint(10, 20, 37.6, 55.7, label="Moscow"), ControlPoint(400, 30, 129.7, 62.0))
    return Georeference(800, 300, resolve_frame("laea-north"), points + (ControlPoint(200, 250, 69.2, 41.3),), "tps")


def test_an_image_beside_the_scenario_is_saved_relative_and_read_back(tmp_path):
    ref = ImageRef(str(tmp_path / "maps" / "east.png"), _georef(), opacity=0.35, visible=False, above=False)
    data = images_to_json([ref], tmp_path / "scenario.geojson")
    assert data[0]["path"] == "maps/east.png"
    (back,) = images_from_json(data)
    assert back.georef == ref.georef and (back.opacity, back.visible, back.above) == (0.35, False, False)
    assert back.resolve(tmp_path / "scenario.geojson") == tmp_path / "maps" / "east.png"


def test_an_image_elsewhere_keeps_its_absolute_path_and_bad_entries_are_skipped(tmp_path):
    elsewhere = tmp_path.parent / "other" / "map.jpg"
    data = images_to_json([ImageRef(str(elsewhere))], tmp_path / "scenario.geojson")
    assert data[0]["path"] == str(elsewhere) and "georef" not in data[0]
    broken = {"path": "x.png", "georef": {"width": 5, "crs": "EPSG:nonsense", "points": []}}
    refs = images_from_json([data[0], {"no": "path"}, broken, "text"])
    assert [r.path for r in refs] == [str(elsewhere), "x.png"] and refs[1].georef is None
