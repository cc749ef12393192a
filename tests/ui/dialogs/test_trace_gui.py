"""The georeferencer in the window: place points as a user's clicks would, refine, map colours, accept as one
undo step; the statistics show the traced areas and one undo brings the previous scenario back."""

from __future__ import annotations

import numpy as np
import pytest

from sovsplit.ui.dialogs.georeferencer import TraceDialog
from trace_images import BUFFER, EAST, WEST, city_lonlat, draw_map, three_way

CITIES = ["Moscow", "Yakutsk", "Tashkent"]
NAMES = {WEST: "Western Union", BUFFER: "Buffer State", EAST: "Eastern Republic"}


@pytest.fixture(scope="module")
def drawing(tmp_path_factory, regions):
    return draw_map(tmp_path_factory.mktemp("gui") / "map.jpg", regions, three_way(regions), width=900)


def _areas(document) -> dict[str, float]:
    return {p.name: p.area_km2 for p in document.result.report.polities}


def _dialog(qtbot, document, drawing) -> TraceDialog:
    dialog = TraceDialog(document, drawing.path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=60000):
        pass
    return dialog


def _place(dialog, drawing, cities, nudge=0.0):
    """Click each city's pixel on the image, then its place on the map (the canvas's click signal)."""
    rng = np.random.default_rng(3)
    for city in cities:
        lon, lat = city_lonlat(city)
        px, py = drawing.pixel(lon, lat)
        dialog.points.image_clicked(px + rng.normal(0, nudge), py + rng.normal(0, nudge))
        dialog.points.map_clicked(lon, lat)


def test_trace_in_the_window_is_one_undo_step(qtbot, document, drawing, regions):
    before = _areas(document)
    dialog = _dialog(qtbot, document, drawing)
    _place(dialog, drawing, CITIES, nudge=4.0)
    assert len(dialog.georef.points) == 3 and dialog.georef.ready
    assert dialog.points.table.rowCount() == 3 and "RMS" in dialog.points.rms.text()
    rough = dialog.georef
    with qtbot.waitSignal(dialog.refined, timeout=60000) as refined:
        dialog.refine()
    refinement = refined.args[0]
    assert refinement.coast_rms_after_km < refinement.coast_rms_before_km
    dialog.accept_refinement()
    assert dialog.georef == refinement.georef != rough
    dialog.points.undo_stack.undo()  # the refinement is one step of the dialog's own history
    assert dialog.georef == rough
    dialog.points.undo_stack.redo()

    for colour, name in NAMES.items():
        swatch, delta = dialog.palette.nearest_colour(colour)
        assert delta < 10
        dialog.colours.map_swatch(swatch.index, name=name)
    with qtbot.waitSignal(dialog.assigned, timeout=60000):
        dialog.assign()
    steps = document.undo_stack.count()
    dialog.accept_trace()
    assert document.undo_stack.count() == steps + 1
    assert document.undo_stack.undoText().startswith("Trace map.jpg: ")
    qtbot.waitUntil(document.is_current, timeout=60000)
    areas, truth = _areas(document), three_way(regions)
    for colour, name in NAMES.items():
        true_km2 = sum(regions.area_km2[r] for r, c in truth.items() if c == colour)
        assert areas[name] == pytest.approx(true_km2, rel=0.02)

    document.undo_stack.undo()
    qtbot.waitUntil(document.is_current, timeout=60000)
    assert _areas(document) == pytest.approx(before)


def test_points_are_editable_deletable_and_undoable(qtbot, document, drawing):
    dialog = _dialog(qtbot, document, drawing)
    _place(dialog, drawing, CITIES + ["Norilsk"])
    assert dialog.georef.rms_km < 0.01  # exact points
    dialog.points.move_point(1, dialog.georef.points[1].px + 30, dialog.georef.points[1].py)
    moved = dialog.georef.rms_km
    assert moved > 1.0
    assert float(dialog.points.table.item(1, 5).text()) > 0.5  # the residual column follows live
    dialog.points.delete_point(3)
    assert len(dialog.georef.points) == 3
    dialog.points.set_method("tps")
    assert dialog.georef.method == "tps"
    for _ in range(3):
        dialog.points.undo_stack.undo()
    assert len(dialog.georef.points) == 4 and dialog.georef.rms_km < 0.01
    dialog.points.set_frame("EPSG:3857")
    assert dialog.georef.frame.name == "EPSG:3857"
    dialog.points.set_frame("EPSG:999999")  # refused with one line; nothing changes
    assert dialog.georef.frame.name == "EPSG:3857" and "EPSG:999999" in dialog.line.text()


def test_a_city_places_the_waiting_pixel_and_points_files_round_trip(qtbot, document, drawing, tmp_path):
    dialog = _dialog(qtbot, document, drawing)
    for city in CITIES:
        dialog.points.image_clicked(*drawing.pixel(*city_lonlat(city)))
        dialog.points.place_city(city)
    assert [p.label for p in dialog.georef.points] == CITIES and dialog.georef.rms_km < 0.01
    dialog.save_points(tmp_path / "map.points")
    other = _dialog(qtbot, document, drawing)
    other.load_points(tmp_path / "map.points")
    pixels = [v for p in dialog.georef.points for v in (p.px, p.py)]
    assert [v for p in other.georef.points for v in (p.px, p.py)] == pytest.approx(pixels, abs=1e-3)
    assert other.georef.rms_km < 0.01
