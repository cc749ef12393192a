"""Save As writes GeoPackage by its suffix, and refuses other suffixes with one line before writing anything."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from sovsplit.model.editing.edits import reassign_regions
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.ui.document.edit_commands import EditCommand


def settle(window):
    runners = [layer.runner for layer in window.canvas.layers if hasattr(layer, "runner")]
    for _ in range(4):
        for runner in runners:
            runner.wait()
        window.stats_panel.wait()
        QApplication.processEvents()


def test_save_as_geopackage_then_save_again(window, regions, tmp_path):
    saving = window.editing.saving
    window.undo_stack.push(EditCommand(window.scenario, reassign_regions(window.scenario, ["RUPRI"], "east")))
    path = tmp_path / "mine.gpkg"
    assert saving.save_as(path) and not window.isWindowModified()
    assert load_scenario(path, regions).owner == window.scenario.owner
    window.undo_stack.push(EditCommand(window.scenario, reassign_regions(window.scenario, ["RUKHA"], "east")))
    saving.save_action.trigger()  # Ctrl+S keeps writing the GeoPackage, no dialog
    assert load_scenario(path, regions).owner == window.scenario.owner
    settle(window)


def test_save_as_an_unknown_suffix_says_why_and_writes_nothing(window, tmp_path, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: said.append(text))
    assert not window.editing.saving.save_as(tmp_path / "mine.shp")
    assert said == ["mine.shp: cannot save a scenario as '.shp': use .geojson (GeoJSON) or .gpkg (GeoPackage)"]
    assert list(tmp_path.iterdir()) == [] or all(p.is_dir() for p in tmp_path.iterdir())
    settle(window)
