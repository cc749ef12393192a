"""Properties are read without the coordinates, and exactly as the whole file says, whatever they hold."""

import json

from sovsplit.model.io.geojson_skim import skim
from sovsplit.model.io.polity_reader import read_polities

SQUARE = [[[100.5, 60.25], [110, 60], [110, 65], [100.5, 65], [100.5, 60.25]]]


def _feature(properties, geometry):
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def test_coordinates_are_left_out_and_an_empty_polity_stays_empty():
    text = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                _feature({"name": "A"}, {"type": "Polygon", "coordinates": SQUARE}),
                _feature({"name": "B"}, {"type": "MultiPolygon", "coordinates": []}),
            ],
        }
    )
    skimmed = json.loads(skim(text, 2))
    assert [f["geometry"]["coordinates"] for f in skimmed["features"]] == [[0], []]
    assert "100.5" not in skim(text, 2)
    assert skim(text, 3) is None  # one array per geometry GEOS read, or the whole text is parsed


def test_a_property_named_coordinates_is_read_unchanged(tmp_path):
    properties = {"name": "A", "coordinates": [[1.5, 2], [3, 4e-5]], "note": 'say "coordinates": [1]'}
    path = tmp_path / "p.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    _feature(properties, {"type": "Polygon", "coordinates": SQUARE}),
                    _feature({"name": "B"}, {"type": "MultiPolygon", "coordinates": []}),
                ],
            }
        )
    )
    read = read_polities(path)
    assert read.features[0].properties == properties
    assert read.features[0].geometry.bounds == (100.5, 60.0, 110.0, 65.0)
    assert read.features[1].geometry.is_empty


def test_a_lone_surrogate_in_a_name_is_replaced(tmp_path):
    path = tmp_path / "s.geojson"
    feature = _feature({"name": "Kiev@@"}, {"type": "Polygon", "coordinates": SQUARE})
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}).replace("@@", "\\ud800"))
    assert read_polities(path).features[0].properties["name"] == "Kiev\ufffd"
