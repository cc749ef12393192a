"""File → Add Map Image… in the main window: the image layer in the Layers panel with its opacity, warped on
the map once georeferenced, saved with the scenario (relative path) and reopened; a missing image is one line."""

from __future__ import annotations

import json
import shutil

import pytest

from sovsplit.model.io.scenario_io import load_scenario, save_scenario
from trace_images import BUFFER, EAST, WEST, city_lonlat, draw_map, three_way

CITIES = ["Moscow", "Yakutsk", "Tashkent", "Norilsk"]


@pytest.fixture
def drawn(tmp_path, regions):
    return draw_map(tmp_path / "east.png", regions, three_way(regions), width=700)


def _georeference(window, drawn):
    dialog = window.map_images.add(drawn.path)
    assert dialog is not None and dialog.isVisible()
    layer = window.map_images.underlays.layers[-1]
    for city in CITIES:
        lon, lat = city_lonlat(city)
        dialog.points.image_clicked(*drawn.pixel(lon, lat))
        window.canvas.clicked.emit(lon, lat)  # the user's click on the map
    return dialog, layer


def test_the_image_is_a_layer_with_opacity_drawn_on_the_map(qtbot, window, drawn):
    assert any(a.text() == "Add &Map Image…" for a in window.menus.menu("File").actions())
    dialog, layer = _georeference(window, drawn)
    assert layer.ref.georef is not None and len(layer.ref.georef.points) == 4 and layer.ref.georef.rms_km < 0.01
    panel = window.layers_panel
    assert panel.selected_layer() is layer and layer.title == "Image: east.png"
    keys = [lay.key for lay in window.canvas.layers]
    assert keys.index("polities") < keys.index(layer.key) < keys.index("coastline")  # over the fills
    panel.opacity.setValue(100)
    assert layer.opacity == 1.0 and window.document.scenario.images[0].opacity == 1.0
    for other in window.canvas.layers[keys.index(layer.key) + 1 :]:
        window.canvas.set_layer_visible(other, False)  # only the image (and what lies under it) shows
    frame = window.canvas.render_frame()
    # North-east of Moscow the map shows the image's western colour (#d9534f), borders and labels aside.
    lon, lat = city_lonlat("Moscow")
    x, y = window.canvas.project([lon + 4.0], [lat + 3.0])
    at = window.canvas.map_to_screen(x[0], y[0]) * frame.devicePixelRatio()
    patch = [frame.pixelColor(int(at.x()) + i, int(at.y()) + j) for i in range(-7, 8) for j in range(-7, 8)]

    def near(colour):
        rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
        return sum(abs(c.red() - rgb[0]) + abs(c.green() - rgb[1]) + abs(c.blue() - rgb[2]) < 40 for c in patch)

    # Small regions there: many black borders, but no colour of another polity.
    assert near(WEST) > 0.4 * len(patch) and near(EAST) == near(BUFFER) == 0
    dialog.close()


def test_saved_with_the_scenario_and_reopened_or_missing(qtbot, window, drawn, tmp_path):
    dialog, layer = _georeference(window, drawn)
    dialog.close()
    path = tmp_path / "traced.geojson"
    save_scenario(window.document.scenario, path)
    saved = json.loads(path.read_text())["sovsplit"]["images"]
    assert saved[0]["path"] == "east.png" and len(saved[0]["georef"]["points"]) == 4  # relative: beside it
    messages = []
    window.document.message.connect(messages.append)
    window.document.replace_scenario(load_scenario(path), confirm=False)
    (again,) = window.map_images.underlays.layers
    assert not again.missing and again.ref.georef == layer.ref.georef and again.quads(window.canvas)
    assert not [m for m in messages if "image" in m.lower()]
    reopened = window.map_images.georeference_selected()  # Layers → Georeference Map Image…
    assert reopened.georef == layer.ref.georef and reopened.points.table.rowCount() == 4
    reopened.close()

    moved = tmp_path / "elsewhere"
    moved.mkdir()
    shutil.move(drawn.path, moved / "east.png")
    window.document.replace_scenario(load_scenario(path), confirm=False)
    lines = [m for m in messages if "image" in m.lower()]
    assert len(lines) == 1 and "east.png" in lines[0] and "not found" in lines[0]
    assert len(window.document.scenario.polities) > 1  # nothing else lost
    save_scenario(window.document.scenario, path)  # the missing image keeps its place and points
    assert json.loads(path.read_text())["sovsplit"]["images"][0]["georef"]["points"] == saved[0]["georef"]["points"]


def test_adding_an_image_is_one_undo_step(qtbot, window, drawn):
    document, canvas = window.document, window.canvas
    dialog = window.map_images.add(drawn.path)
    dialog.close()
    layer = window.map_images.underlays.layers[-1]
    assert document.is_modified() and [r.path for r in document.scenario.images] == [str(drawn.path.resolve())]
    assert document.undo_stack.undoText() == "Add map image east.png"
    document.undo_stack.undo()
    assert layer not in canvas.layers and document.scenario.images == [] and not document.is_modified()
    assert not window.map_images.georef_action.isEnabled()
    document.undo_stack.redo()
    keys = [lay.key for lay in canvas.layers]
    assert layer in canvas.layers and keys.index(layer.key) < keys.index("coastline")
    assert [r.path for r in document.scenario.images] == [str(drawn.path.resolve())]
