"""The export dialog writes a GeoTIFF for .tif and a world file beside a PNG when asked."""

from __future__ import annotations

import rasterio


def _open_dialog(window, qtbot):
    window.export_action.trigger()
    dialog = window.export_dialog
    qtbot.waitExposed(dialog)
    return dialog


def test_dialog_exports_geotiff_and_png_with_world_file(window, qtbot, tmp_path):
    dialog = _open_dialog(window, qtbot)
    dialog.dpi.setValue(40)
    tif = tmp_path / "map.tif"
    with qtbot.waitSignal(dialog.export_finished, timeout=120000):
        dialog.export_to(tif)
    with rasterio.open(tif) as data:
        assert data.crs is not None and data.count == 3 and data.transform.a > 0
    dialog.world_file.setChecked(True)
    png = tmp_path / "map.png"
    with qtbot.waitSignal(dialog.export_finished, timeout=120000):
        dialog.export_to(png)
    assert (tmp_path / "map.pgw").read_text().count("\n") == 6
    assert "PROJCS" in (tmp_path / "map.prj").read_text()
