"""File → Import arable layer…: a synthetic GeoTIFF changes every arable number; bad rasters change nothing."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
import shapely
from pyproj import Geod
from rasterio.transform import from_origin

from sovsplit.ui.dialogs.arable_import import ArableImportDialog, ImportRequest

# One-degree cells across the Sakha / Khabarovsk / Magadan borders and the Okhotsk coast: many cells are cut.
WEST, NORTH, ROWS, COLS = 132.0, 64.0, 6, 8
_GEOD = Geod(ellps="WGS84")


def _fractions() -> np.ndarray:
    return ((np.arange(ROWS * COLS).reshape(ROWS, COLS) * 7) % 10 + 1) / 10.0


def _write(path, values, crs="EPSG:4326", west=WEST, north=NORTH, dtype="float32"):
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        height=values.shape[0],
        width=values.shape[1],
        count=1,
        dtype=dtype,
        crs=crs,
        transform=from_origin(west, north, 1.0, 1.0),
    ) as dst:
        dst.write(values.astype(dtype), 1)
    return path


def _geodesic_km2(geom) -> float:
    total = 0.0
    for polygon in shapely.get_parts(geom):
        if polygon.geom_type == "Polygon":
            total += abs(_GEOD.geometry_area_perimeter(shapely.segmentize(polygon, 0.01))[0])
    return total / 1e6


def expected_arable(territories: dict, fractions: np.ndarray) -> dict[str, float]:
    """Σ over cells of fraction × geodesic km² of the part of the cell inside each polity (pyproj, not the app)."""
    result = {}
    for name, territory in territories.items():
        total = 0.0
        for r in range(ROWS):
            for c in range(COLS):
                cell = shapely.box(WEST + c, NORTH - r - 1, WEST + c + 1, NORTH - r)
                total += fractions[r, c] * _geodesic_km2(territory.intersection(cell))
        result[name] = total
    return result


@pytest.fixture(scope="module")
def territories(regions):
    """Each polity's territory in the default scenario, on private copies of the shipped geometry."""
    from sovsplit.model.io.scenario_io import load_scenario

    scenario = load_scenario(None, regions)
    window_box = shapely.box(WEST - 1, NORTH - ROWS - 1, WEST + COLS + 1, NORTH + 1)
    result = {}
    for pid, polity in scenario.polities.items():
        parts = [shapely.from_wkb(shapely.to_wkb(p.geometry)) for p in scenario.parcels_of(pid)]
        result[polity.name] = shapely.intersection(shapely.union_all(parts), window_box)
    return result


def _import(window, qtbot, request: ImportRequest):
    importer = window.land_and_ports.importer
    importer.start(request)
    qtbot.waitUntil(lambda: not importer.busy(), timeout=60000)


def _arable(panel) -> dict[str, float]:
    return {p.name: p.arable_km2 for p in panel.report.polities}


def _wait_for_source(panel, qtbot, name: str):
    qtbot.waitUntil(lambda: panel.report is not None and name in panel.report.arable_model, timeout=60000)
    panel.wait()


def test_an_imported_geotiff_drives_the_statistics_with_cut_cells_weighted(window, qtbot, tmp_path, territories):
    path = _write(tmp_path / "synthetic.tif", _fractions())
    panel = window.stats_panel
    model = _arable(panel)
    _import(window, qtbot, ImportRequest(path))
    _wait_for_source(panel, qtbot, "synthetic.tif")
    expected = expected_arable(territories, _fractions())
    numbers = _arable(panel)
    for name, km2 in expected.items():
        assert numbers[name] == pytest.approx(km2, rel=1e-4, abs=1.0), name
        assert panel.cell_text("Arable land, modelled (km²)", name) == f"{numbers[name]:,.0f}"
    assert numbers != model
    labels = [panel.table.verticalHeaderItem(r).text() for r in range(panel.table.rowCount())]
    assert "Arable land, synthetic.tif (km²)" in labels and not any("modelled" in label for label in labels)
    assert "imported layer synthetic.tif" in panel.note.toolTip()
    # The map and the layers panel follow.
    layer = window.canvas.layer("arable")
    assert layer.source.name == "synthetic.tif" and layer.title == "Arable land: synthetic.tif"
    assert "synthetic.tif" in window.layers_panel.legend.text()
    assert window.document.arable_source is layer.source
    # ... and going back to the built-in model restores the model's numbers and labels.
    assert window.land_and_ports.model_action.isEnabled()
    window.land_and_ports.importer.use_model()
    qtbot.waitUntil(lambda: not window.land_and_ports.importer.busy(), timeout=60000)
    qtbot.waitUntil(lambda: panel.report is not None and "MODEL" in panel.report.arable_model, timeout=60000)
    panel.wait()
    assert _arable(panel) == model
    assert layer.title == "Arable land (modelled)" and "modelled" in panel.note.toolTip()


def test_a_class_raster_is_read_through_the_dialogs_class_table(window, qtbot, tmp_path, territories):
    classes = (np.arange(ROWS * COLS).reshape(ROWS, COLS) % 3 + 1).astype("uint8")
    path = _write(tmp_path / "landcover.tif", classes, dtype="uint8")
    dialog = ArableImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.set_path(path)
    dialog.set_mode("classes")
    assert dialog.class_box.isEnabled()
    for value, fraction in ((1, "0.9"), (2, "0,1"), (3, "0")):
        dialog.add_class_row(value, fraction)
    request = dialog.request()
    assert request.class_map == {1.0: 0.9, 2.0: 0.1, 3.0: 0.0}
    _import(window, qtbot, request)
    _wait_for_source(window.stats_panel, qtbot, "landcover.tif")
    fractions = np.vectorize({1: 0.9, 2: 0.1, 3: 0.0}.get)(classes)
    expected = expected_arable(territories, fractions)
    for name, km2 in _arable(window.stats_panel).items():
        assert km2 == pytest.approx(expected[name], rel=1e-4, abs=1.0), name


def test_the_dialog_refuses_a_broken_class_table(qtbot, tmp_path):
    dialog = ArableImportDialog()
    qtbot.addWidget(dialog)
    dialog.set_path(tmp_path / "classes.tif")
    dialog.set_mode("classes")
    with pytest.raises(ValueError, match="add at least one class"):
        dialog.request()
    dialog.add_class_row(5, "1.5")
    with pytest.raises(ValueError, match="not between 0 and 1"):
        dialog.request()
    dialog.set_path(tmp_path / "fields.geojson")
    assert not dialog.class_box.isEnabled()
    assert dialog.request() == ImportRequest(tmp_path / "fields.geojson")


def _no_crs(path):
    return _write(path, _fractions(), crs=None)


def _complex(path):
    return _write(path, _fractions().astype("complex64"), dtype="complex64")


def _outside(path):
    return _write(path, _fractions(), west=-100.0, north=44.0)


@pytest.mark.parametrize(
    "make, problem", [(_no_crs, "has no CRS"), (_complex, "holds complex64 values"), (_outside, "outside the USSR")]
)
def test_a_bad_raster_shows_one_line_and_keeps_the_previous_source(window, qtbot, tmp_path, monkeypatch, make, problem):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: shown.append(text)))
    panel, layer = window.stats_panel, window.canvas.layer("arable")
    before_numbers, before_source = _arable(panel), window.document.arable_source
    path = make(tmp_path / "bad.tif")
    _import(window, qtbot, ImportRequest(path))
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert len(shown) == 1
    assert shown[0].startswith("bad.tif: ") and problem in shown[0] and "\n" not in shown[0]
    assert window.document.arable_source is before_source and layer.source is before_source
    panel.wait()
    assert _arable(panel) == before_numbers and "modelled" in panel.note.toolTip()
