"""Trace a map image: place control points (with refinement), map the image's colours to polities, accept as
one undoable edit. Slow steps (reading colours, refining, assigning) run through the document's tasks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout

from sovsplit.model.io.problems import InputError
from sovsplit.model.trace.assign import trace_regions
from sovsplit.model.trace.colours import cluster_colours
from sovsplit.model.trace.frame import resolve_frame
from sovsplit.model.trace.georef import Georeference
from sovsplit.model.trace.image import load_image
from sovsplit.model.trace.points_file import read_points, write_points
from sovsplit.model.trace.scenario_edit import trace_edit
from sovsplit.ui.dialogs.georef_points import PointsPage
from sovsplit.ui.dialogs.trace_colours import ColoursPage
from sovsplit.ui.layers.image_layer import read_qimage
from sovsplit.ui.layers.trace_highlight import TraceHighlightLayer


class TraceDialog(QDialog):
    """Non-modal, so the map stays clickable: with a canvas, a click on it places the waiting point."""

    loaded = Signal()  # the image and its colours are read (off the GUI thread)
    refined = Signal(object)  # a Refinement proposed (not yet accepted)
    assigned = Signal(object)  # a TraceResult
    failed = Signal(str)

    def __init__(self, document, image_path, canvas=None, underlays=None, layer=None, parent=None):
        super().__init__(parent)
        self.document, self.canvas, self.underlays, self.layer = document, canvas, underlays, layer
        self.image_path = Path(image_path)
        self.setWindowTitle(f"Trace {self.image_path.name}")
        self.map_image = self.palette = self.proposal = self.result = None
        qimage = layer.image if layer is not None else read_qimage(self.image_path)
        georef = layer.ref.georef if layer is not None else None
        if georef is None:
            georef = Georeference(qimage.width(), qimage.height(), resolve_frame("EPSG:4326"))
        self.points = PointsPage(qimage, georef)
        self.points.message.connect(self.say)
        self.points.georef_changed.connect(self._georef_changed)
        self.colours = ColoursPage()
        self.colours.assign_requested.connect(self.assign)
        self.colours.accept_requested.connect(self.accept_trace)
        self.refine_button = QPushButton("Refine with the coast")
        self.refine_button.setEnabled(False)
        self.refine_button.clicked.connect(self.refine)
        self.keep_button, self.drop_button = QPushButton("Keep refinement"), QPushButton("Reject")
        self.keep_button.clicked.connect(self.accept_refinement)
        self.drop_button.clicked.connect(self.reject_refinement)
        load, save = QPushButton("Load .points…"), QPushButton("Save .points…")
        load.clicked.connect(self._load_points_dialog)
        save.clicked.connect(self._save_points_dialog)
        for button in (load, save, self.refine_button, self.keep_button, self.drop_button):
            self.points.extra.addWidget(button)
        self._show_proposal(None)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.points, "1. Control points")
        self.tabs.addTab(self.colours, "2. Colours → polities")
        self.line = QLabel("")
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.line, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(bottom)
        self.resize(1200, 720)
        self.highlight = TraceHighlightLayer()
        if canvas is not None:
            canvas.clicked.connect(self.points.map_clicked)
            canvas.add_layer(self.highlight)
        self.failed.connect(self.say)
        self._georef_changed(georef)
        document.tasks.submit(self._read, self.image_path, self._read_done, self._task_failed, "Reading the image")

    @property
    def georef(self) -> Georeference:
        return self.points.georef

    def say(self, text: str) -> None:
        self.line.setText(text)

    def _task_failed(self, message: str) -> None:
        self.failed.emit(message)

    # --- reading the image and its colours (a task) ------------------------------------------------------------
    @staticmethod
    def _read(path):
        image = load_image(path)
        return image, cluster_colours(image)

    def _read_done(self, found) -> None:
        self.map_image, self.palette = found
        scenario = self.document.scenario
        self.colours.set_palette(self.palette, [(p.id, p.name) for p in scenario.polities.values()])
        self._georef_changed(self.georef)
        self.loaded.emit()

    def _georef_changed(self, georef: Georeference) -> None:
        self.refine_button.setEnabled(georef.ready and self.palette is not None)
        if self.underlays is not None and self.layer is not None:
            self.underlays.set_georef(self.layer, georef)  # the map previews every change at once

    # --- refinement (a task) --------------------------------------------------------------------------------
    def refine(self) -> None:
        if not self.georef.ready or self.map_image is None:
            self.say("Place at least three points first")
            return
        from sovsplit.model.trace.refine import refine_georef

        job = (self.map_image, self.georef, self.palette, self.document.scenario.regions)
        self.refine_button.setEnabled(False)
        self.say("Refining against the coastline…")
        self.document.tasks.submit(
            lambda j: refine_georef(*j), job, self._refined, self._task_failed, "Refining the georeference"
        )

    def _refined(self, refinement) -> None:
        self.refine_button.setEnabled(True)
        self.proposal = refinement
        self.say(
            f"Coast misfit {refinement.coast_rms_before_km:.1f} km → {refinement.coast_rms_after_km:.1f} km "
            f"({refinement.improvement:.0%} better)"
            + ("; keep it or reject it" if refinement.improved else "; little gain, you may reject it")
        )
        self._show_proposal(refinement)
        self.refined.emit(refinement)

    def _show_proposal(self, refinement) -> None:
        self.keep_button.setVisible(refinement is not None)
        self.drop_button.setVisible(refinement is not None)

    def accept_refinement(self) -> None:
        if self.proposal is not None:
            self.points.change(self.proposal.georef, "Refine with the coast")
            self.proposal = None
            self._show_proposal(None)

    def reject_refinement(self) -> None:
        self.proposal = None
        self._show_proposal(None)
        self.say("Kept the control points as they were")

    # --- .points files -------------------------------------------------------------------------------------
    def load_points(self, path) -> None:
        try:
            read = read_points(path, self.georef.frame)
        except InputError as exc:
            self.say(str(exc))
            return
        georef = Georeference(self.georef.width, self.georef.height, read.frame or self.georef.frame)
        georef = georef.with_method(self.georef.method)
        for point in read.points:
            georef = georef.adding(point)
        self.points.change(georef, f"Load {Path(path).name}")

    def save_points(self, path) -> None:
        write_points(self.georef, path)
        self.say(f"Saved {path}")

    def _load_points_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load control points", "", "QGIS points (*.points)")
        if path:
            self.load_points(path)

    def _save_points_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save control points", "", "QGIS points (*.points)")
        if path:
            self.save_points(path)

    # --- colours → polities (a task), and the one edit ---------------------------------------------------------
    def assign(self) -> None:
        if self.palette is None or not self.georef.ready:
            self.say("Place the control points and wait for the colours first")
            return
        mapping, targets = self.colours.mapping()
        if not targets:
            self.say("Map at least one colour to a polity")
            return
        job = (self.map_image, self.georef, self.palette, mapping, targets, self.document.scenario.regions)
        self.say("Assigning regions…")
        self.document.tasks.submit(
            lambda j: trace_regions(*j), job, self._assigned, self._task_failed, "Assigning regions"
        )

    def _assigned(self, result) -> None:
        self.result = result
        self.colours.show_result(result)
        self.highlight.set_regions(r.region_id for r in result.uncertain)
        self.say(f"{len(result.assigned)} regions assigned, {len(result.uncertain)} uncertain")
        self.assigned.emit(result)

    def accept_trace(self) -> None:
        """Push the whole assignment through the document as ONE undo step."""
        if self.result is None:
            return
        edit = self.document.perform(
            trace_edit,
            self.result,
            include_uncertain=self.colours.include_uncertain.isChecked(),
            drop_emptied=self.colours.drop_emptied.isChecked(),
            source=self.image_path.name,
        )
        if edit is not None:
            self.say(edit.label)
            self.highlight.set_regions(())

    def closeEvent(self, event) -> None:
        if self.canvas is not None:
            self.canvas.clicked.disconnect(self.points.map_clicked)
            self.canvas.remove_layer(self.highlight)
        super().closeEvent(event)
