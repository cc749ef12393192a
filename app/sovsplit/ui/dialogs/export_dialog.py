"""File → Export…: every export option with a live preview, and a timeline's states through time; exports run on a
worker with a progress bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sovsplit.model.projections import DEFAULT_PROJECTION, PROJECTIONS

# render.export (matplotlib) is imported where it is used: the window must open before matplotlib loads.
from sovsplit.model.session import snapshot_scenario
from sovsplit.render.settings import LAYERS, ExportSettings, parse_extent
from sovsplit.render.style import Style, available_styles, load_style
from sovsplit.ui.dialogs.export_jobs import canvas_extent, canvas_layers, export_file, render_pool
from sovsplit.ui.dialogs.export_running import ExportRunning
from sovsplit.ui.dialogs.export_time import TimeOptions
from sovsplit.ui.dialogs.export_time_jobs import (
    TimeExport,
    TimelineView,
    default_title,
    export_time_file,
    file_filters,
    freeze_timeline,
    render_page_preview,
    suggested_path,
)
from sovsplit.ui.document.tasks import LatestTask, TaskRunner, TaskState

LAYER_TITLES = {
    "neighbours": "Neighbouring countries",
    "graticule": "Graticule",
    "polities": "Polities",
    "arable": "Arable land (modelled)",
    "regions": "Region boundaries",
    "coastline": "Coastline",
    "seas": "Sea names",
    "ports": "Ports",
    "cities": "Cities and capitals",
    "annotations": "Forum arguments",
}
PAPERS = ["A4", "A3", "A5", "A2", "Custom…"]
PREVIEW_WIDTH_PX = 460


class ExportDialog(ExportRunning, QDialog):
    """Export options with a live preview rendered by the same function that writes the file."""

    preview_ready = Signal()
    export_finished = Signal(str)
    export_failed = Signal(str)
    export_cancelled = Signal()

    def __init__(
        self,
        scenario,
        canvas=None,
        style: Style | None = None,
        parent=None,
        snapshot=None,
        document=None,
        timeline: Callable[[], TimelineView | None] | None = None,
    ):
        """`timeline()` gives the window's timeline and the state it shows (None without one): the dialog then
        offers that state, a PDF page per state or an animation."""
        super().__init__(parent)
        self.setWindowTitle("Export map")
        self.scenario = scenario
        # The render runs off the GUI thread while the user may keep editing: it draws a frozen copy, taken
        # when the render starts (the document's snapshot when there is one).
        self._snapshot = snapshot or (lambda: snapshot_scenario(self.scenario))
        self.canvas = canvas
        self.document = document
        self._timeline = timeline or (lambda: None)
        self.pool = render_pool()
        # Renders go through the one task mechanism on the shared render thread; the preview is a "latest
        # settings win" task, an export a one-off task with progress and cancel.
        self.tasks = TaskRunner(self._report, self, pool=self.pool)
        self._preview_task = LatestTask(
            self.tasks,
            self._preview_snapshot,
            render_page_preview,
            self._preview_done,
            delay_ms=0,
            on_error=self._preview_failed,
            with_state=True,
        )
        self.export_job: TaskState | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.preview_pixmap: QPixmap | None = None
        self.last_error = ""
        style = style or getattr(canvas, "style", None) or load_style(None)[0]
        self._build(style)
        self._timer = QTimer(self, singleShot=True, interval=250, timeout=self.refresh_preview)
        self._connect_changes()
        if document is not None:
            # The time bar moves the document to another state: "This state" and the preview follow it.
            document.scenario_replaced.connect(self._state_shown)
        self._timer.start()

    # --- widgets ----------------------------------------------------------------------------------------------
    def _build(self, style: Style) -> None:
        form = QFormLayout()
        self.style_box = QComboBox()
        for key, path in available_styles().items():
            self.style_box.addItem(_style_title(key, path), key)
        index = self.style_box.findData(style.key)
        if index < 0:
            self.style_box.addItem(style.name, style.key)
            index = self.style_box.count() - 1
        self._custom_style = style
        self.style_box.setCurrentIndex(index)
        form.addRow("Style", self.style_box)

        self.paper_box = QComboBox()
        self.paper_box.addItems(PAPERS)
        self.custom_size = QLineEdit("1600x1000px")
        self.custom_size.setToolTip("WxHpx, WxHin or WxHmm")
        self.custom_size.setEnabled(False)
        self.landscape = QCheckBox("Landscape")
        row = QHBoxLayout()
        row.addWidget(self.paper_box)
        row.addWidget(self.custom_size)
        row.addWidget(self.landscape)
        form.addRow("Paper", _wrap(row))
        self.dpi = QSpinBox()
        self.dpi.setRange(50, 1200)
        self.dpi.setValue(300)
        self.dpi.setSuffix(" dpi")
        form.addRow("Resolution", self.dpi)
        view = self._timeline()
        self.title_edit = QLineEdit(default_title(self.scenario, view))
        self.title_edit.setPlaceholderText("no title")
        form.addRow("Title", self.title_edit)
        self.projection_box = QComboBox()
        for key, projection in PROJECTIONS.items():
            self.projection_box.addItem(projection.title, key)
        self.projection_box.setCurrentIndex(
            self.projection_box.findData(getattr(self.canvas, "projection_key", DEFAULT_PROJECTION))
        )
        form.addRow("Projection", self.projection_box)
        self.extent_edit = QLineEdit()
        extent = canvas_extent(self.canvas)
        self.extent_edit.setText("ussr" if extent == "ussr" else ",".join(f"{v:.2f}" for v in extent))
        self.extent_edit.setToolTip("'ussr' for the whole map, or W,S,E,N in degrees (e.g. 100,45,191,75)")
        form.addRow("Extent", self.extent_edit)
        self.legend = QCheckBox("Legend")
        self.legend.setChecked(True)
        self.scale_bar = QCheckBox("Scale bar and north arrow")
        self.scale_bar.setChecked(True)
        furniture = QHBoxLayout()
        furniture.addWidget(self.legend)
        furniture.addWidget(self.scale_bar)
        form.addRow("Show", _wrap(furniture))
        self.world_file = QCheckBox("World file (.pgw + .prj) beside a PNG, for GIS tools")
        self.world_file.setToolTip("A GeoTIFF (.tif) is georeferenced by itself")
        form.addRow("Georeference", self.world_file)

        layers_box = QGroupBox("Layers")
        grid = QGridLayout(layers_box)
        shown = canvas_layers(self.canvas)
        self.layer_checks: dict[str, QCheckBox] = {}
        for i, key in enumerate(LAYERS):
            check = QCheckBox(LAYER_TITLES[key])
            check.setChecked(key in shown)
            self.layer_checks[key] = check
            grid.addWidget(check, i // 2, i % 2)

        self.time_options = TimeOptions()
        self.time_options.set_view(view)

        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00000")
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(layers_box)
        left.addWidget(self.time_options)
        left.addWidget(self.message)
        left.addStretch(1)

        self.preview = QLabel("rendering preview…")
        self.preview.setAlignment(Qt.AlignCenter)
        self.preview.setMinimumSize(PREVIEW_WIDTH_PX, PREVIEW_WIDTH_PX)
        self.preview.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.preview.setStyleSheet("background: #8a8a8a; border: 1px solid #666;")

        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton("Export…", QDialogButtonBox.AcceptRole)
        buttons.addButton(QDialogButtonBox.Close)
        self.export_button.clicked.connect(self._export_clicked)
        buttons.rejected.connect(self.reject)

        body = QHBoxLayout()
        body.addLayout(left, 0)
        body.addWidget(self.preview, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(body)
        outer.addWidget(buttons)

    def _connect_changes(self) -> None:
        for box in (self.style_box, self.paper_box, self.projection_box):
            box.currentIndexChanged.connect(self._changed)
        for edit in (self.title_edit, self.extent_edit, self.custom_size):
            edit.editingFinished.connect(self._changed)
        for check in [self.landscape, self.legend, self.scale_bar, *self.layer_checks.values()]:
            check.toggled.connect(self._changed)
        self.time_options.changed.connect(self._changed)
        self.paper_box.currentIndexChanged.connect(
            lambda: self.custom_size.setEnabled(self.paper_box.currentText() == "Custom…")
        )

    def _changed(self, *args) -> None:
        self._timer.start()

    def _state_shown(self, scenario) -> None:
        if self.isVisible():
            self.time_options.set_view(self._timeline())
            self._timer.start()

    # --- settings -------------------------------------------------------------------------------------------
    def selected_layers(self) -> frozenset:
        return frozenset(key for key, check in self.layer_checks.items() if check.isChecked())

    def settings(self, dpi: float | None = None) -> ExportSettings:
        """The options as ExportSettings; ValueError with one line if one is wrong."""
        key = self.style_box.currentData()
        style = self._custom_style if key == self._custom_style.key and key not in available_styles() else key
        paper = (
            self.custom_size.text().strip()
            if self.paper_box.currentText() == "Custom…"
            else self.paper_box.currentText()
        )
        from sovsplit.render.export import resolve_style

        return ExportSettings(
            style=resolve_style(style)[0],
            dpi=float(dpi or self.dpi.value()),
            paper=paper,
            landscape=self.landscape.isChecked(),
            title=self.title_edit.text(),
            legend=self.legend.isChecked(),
            scale_bar=self.scale_bar.isChecked(),
            north_arrow=self.scale_bar.isChecked(),
            extent=parse_extent(self.extent_edit.text() or "ussr"),
            projection=self.projection_box.currentData(),
            layers=self.selected_layers(),
            world_file=self.world_file.isChecked(),
        )

    # --- preview --------------------------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        """Render a small PNG of the page with export_map's own renderer on the render thread."""
        self._preview_task.request(immediately=True)

    def _preview_snapshot(self):
        """The scenario frozen now and the preview's settings; None (and the reason shown) if an option is wrong."""
        try:
            full = self.settings()
            w_in = full.page_inches()[0]
            settings = full.with_changes(dpi=max(10.0, min(full.dpi, PREVIEW_WIDTH_PX / w_in)))
        except ValueError as exc:
            self._show_error(str(exc))
            return None
        self._show_error("")
        self.time_options.set_view(self._timeline())
        self.time_options.show_frame_size(full.page_pixels())
        mode = self.time_options.mode()
        if mode is not None:
            view = self.time_options.view
            return TimeExport(mode, freeze_timeline(view.timeline), view.index, settings)
        return self._snapshot(), settings

    def _preview_done(self, data: bytes) -> None:
        pixmap = QPixmap()
        pixmap.loadFromData(data, "PNG")
        self.preview_pixmap = pixmap
        self._fit_preview()
        self.preview_ready.emit()

    def _preview_failed(self, message: str) -> None:
        self._show_error(f"preview failed: {message}")
        self._report(f"Export preview failed: {message}")

    def _report(self, message: str) -> None:
        """Errors also go to the document's message line (the status bar), never only to a closed dialog."""
        if self.document is not None:
            self.document.message.emit(message)

    def _fit_preview(self) -> None:
        if self.preview_pixmap is not None and not self.preview_pixmap.isNull():
            self.preview.setPixmap(
                self.preview_pixmap.scaled(self.preview.size() * 0.98, Qt.KeepAspectRatio, Qt.SmoothTransformation)
            )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_preview()

    def _show_error(self, text: str) -> None:
        self.last_error = text
        self.message.setText(text)

    # --- export ---------------------------------------------------------------------------------------------
    def _export_clicked(self) -> None:
        self.time_options.set_view(self._timeline())  # states may have been added or removed meanwhile
        mode = self.time_options.mode()
        view = self.time_options.view
        source = view.timeline.path if view is not None else getattr(self.scenario, "path", None)
        start = suggested_path(mode, view, source)
        from sovsplit.render.animation import video_available  # matplotlib: only once the dialog is used

        path, _ = QFileDialog.getSaveFileName(self, "Export map", str(start), file_filters(mode, video_available()))
        if path:
            if not Path(path).suffix:
                path += start.suffix
            self.export_to(path)

    def export_to(self, path: str | Path) -> None:
        """Export on the worker thread with a cancellable progress dialog; the file appears only when done.
        With a timeline: the state shown, a PDF page per state or an animation, as the time options say."""
        try:
            settings = self.settings()
        except ValueError as exc:
            self._show_error(str(exc))
            self.export_failed.emit(str(exc))
            return
        path = Path(path)
        self.time_options.set_view(self._timeline())
        mode = self.time_options.mode()
        if mode is None:
            self.run_export(export_file, (self._snapshot(), settings, path), path)
            return
        view, options = self.time_options.view, self.time_options
        job = TimeExport(
            mode,
            freeze_timeline(view.timeline),
            view.index,
            settings,
            path,
            options.frame_seconds.value(),
            options.crossfade_seconds(),
        )
        self.run_export(export_time_file, job, path)

    def done(self, result: int) -> None:
        self.cancel_export()
        super().done(result)

    def closeEvent(self, event) -> None:
        self.cancel_export()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop and wait for the worker (before the dialog goes away)."""
        if self.document is not None:
            try:
                self.document.scenario_replaced.disconnect(self._state_shown)
            except (RuntimeError, TypeError):
                pass  # shut down twice: already disconnected
        self.cancel_export()
        self._preview_task.cancel()
        self.pool.waitForDone(60000)


def _style_title(key: str, path: Path) -> str:
    style, warning = load_style(str(path))
    return key if warning else style.name


def _wrap(layout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    return widget
