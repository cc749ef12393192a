"""An imported arable layer is part of the document: one undo step, saved in the scenario, back on reopening."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QMessageBox
from tests.ui.dialogs.test_arable_import import _fractions, _write

from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.ui.dialogs.arable_import import ImportRequest


def _import(window, qtbot, request):
    importer = window.land_and_ports.importer
    importer.start(request)
    qtbot.waitUntil(lambda: not importer.busy(), timeout=60000)


def _counted_with(qtbot, window, name: str):
    document = window.document
    qtbot.waitUntil(
        lambda: document.is_current() and not document.busy() and name in document.result.report.arable_model,
        timeout=60000,
    )


def test_an_import_is_one_undo_step_saved_in_the_scenario_and_back_on_reopening(
    qtbot, window, tmp_path, regions, monkeypatch
):
    layer_path = _write(tmp_path / "synthetic.tif", _fractions())
    model_arable = {p.name: p.arable_km2 for p in window.document.result.report.polities}
    _import(window, qtbot, ImportRequest(layer_path))
    _counted_with(qtbot, window, "synthetic.tif")
    imported = {p.name: p.arable_km2 for p in window.document.result.report.polities}
    assert imported != model_arable and window.undo_stack.count() == 1 and window.isWindowModified()
    assert window.undo_stack.text(0) == "Count arable land from synthetic.tif"

    window.undo_stack.undo()
    _counted_with(qtbot, window, "MODEL")
    assert {p.name: p.arable_km2 for p in window.document.result.report.polities} == model_arable
    assert window.canvas.layer("arable").source.is_model
    window.undo_stack.redo()
    _counted_with(qtbot, window, "synthetic.tif")

    saved = tmp_path / "mine.geojson"
    assert window.editing.saving.save_as(saved)
    recorded = json.loads(saved.read_text(encoding="utf-8"))["sovsplit"]["arable"]
    assert recorded == {"path": str(layer_path.resolve())}
    assert load_scenario(saved, regions).arable.path == str(layer_path.resolve())

    # Reopened (after the model is back), the scenario counts with its own layer again: the same numbers.
    window.land_and_ports.importer.use_model()
    qtbot.waitUntil(lambda: not window.land_and_ports.importer.busy(), timeout=60000)
    _counted_with(qtbot, window, "MODEL")
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: QMessageBox.Discard))
    assert window.open_scenario(saved)
    qtbot.waitUntil(lambda: not window.land_and_ports.importer.busy(), timeout=60000)
    _counted_with(qtbot, window, "synthetic.tif")
    assert {p.name: p.arable_km2 for p in window.document.result.report.polities} == imported
    assert not window.isWindowModified()

    # With the layer gone, reopening says which layer is missing and counts the model.
    said = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: said.append(text)))
    layer_path.unlink()
    assert window.open_scenario(saved)
    qtbot.waitUntil(lambda: not window.land_and_ports.importer.busy(), timeout=60000)
    assert len(said) == 1 and str(layer_path.resolve()) in said[0] and "missing" in said[0]
    _counted_with(qtbot, window, "MODEL")
