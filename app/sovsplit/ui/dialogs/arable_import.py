"""File → Import arable layer…: choose a GeoTIFF or polygons and how to read them; load off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from sovsplit.model.arable.layer_ref import ArableLayerRef
from sovsplit.model.arable.shapes import arable_shapes, default_arable_shapes
from sovsplit.model.arable.sources import RASTER_SUFFIXES, VECTOR_SUFFIXES, default_arable_source, load_arable_source
from sovsplit.model.io.problems import InputError
from sovsplit.ui.document.arable_command import ArableCommand, ArableState, apply_arable

FILE_FILTER = (
    "Arable layers (*.tif *.tiff *.geojson *.json *.gpkg *.shp);;GeoTIFF rasters (*.tif *.tiff);;"
    "Polygons (*.geojson *.json *.gpkg *.shp);;All files (*)"
)
# (label, mode passed to load_arable_source)
MODES = [
    ("Automatic (fraction 0–1 or percent 0–100, from the largest value)", None),
    ("Fraction of the cell, 0–1", "fraction"),
    ("Percent of the cell, 0–100", "percent"),
    ("Land-cover classes, mapped to fractions below", "classes"),
]


@dataclass(frozen=True)
class ImportRequest:
    """What the user asked to import."""

    path: Path | None  # None: the shipped model
    mode: str | None = None
    class_map: dict[float, float] | None = None


def load_for_display(request: ImportRequest):
    """Read the layer and build what the map draws (both slow; run off the GUI thread). Returns (source, shapes).

    Raises InputError (one line naming the file) for anything wrong with the file or the options.
    """
    path = request.path
    if path is None:
        return default_arable_source(), list(default_arable_shapes())
    try:
        source = load_arable_source(path, mode=request.mode, class_map=request.class_map)
    except InputError:
        raise
    except ValueError as exc:  # a bad option, e.g. fractions outside 0–1 in the class map
        raise InputError(path, str(exc)) from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    return source, arable_shapes(source)


class ArableImportDialog(QDialog):
    """The file, how to read its values, and (for land-cover classes) the class → arable fraction table."""

    def __init__(self, parent=None, start_folder: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Import arable layer")
        self._start_folder = start_folder
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("A GeoTIFF in EPSG:4326, or polygons (GeoJSON, GeoPackage, Shapefile)")
        self.path_edit.textChanged.connect(self._update_enabled)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)

        self.mode_combo = QComboBox()
        for label, mode in MODES:
            self.mode_combo.addItem(label, mode)
        self.mode_combo.currentIndexChanged.connect(self._update_enabled)

        self.class_table = QTableWidget(0, 2)
        self.class_table.setHorizontalHeaderLabels(["Class value", "Arable fraction (0–1)"])
        self.class_table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.class_table.verticalHeader().setVisible(False)
        self.add_row = QPushButton("Add class")
        self.add_row.clicked.connect(lambda: self.add_class_row("", ""))
        self.remove_row = QPushButton("Remove class")
        self.remove_row.clicked.connect(self._remove_selected)
        class_buttons = QHBoxLayout()
        class_buttons.addWidget(self.add_row)
        class_buttons.addWidget(self.remove_row)
        class_buttons.addStretch(1)
        self.class_box = QGroupBox("Class → arable fraction")
        class_layout = QVBoxLayout(self.class_box)
        class_layout.addWidget(QLabel("Every class value in the raster needs a row; nodata cells count as 0."))
        class_layout.addWidget(self.class_table, 1)
        class_layout.addLayout(class_buttons)

        self.hint = QLabel(
            "Rasters must be lon/lat on WGS84 (EPSG:4326); cells a border cuts count by the share "
            "inside. Polygons are taken as wholly arable and may be in any CRS."
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666;")

        form = QFormLayout()
        form.addRow("File", path_row)
        form.addRow("Raster values", self.mode_combo)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText("Import")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.class_box, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        self._update_enabled()

    # --- inputs --------------------------------------------------------------------------------------------
    def add_class_row(self, value, fraction) -> None:
        row = self.class_table.rowCount()
        self.class_table.insertRow(row)
        self.class_table.setItem(row, 0, QTableWidgetItem(str(value)))
        self.class_table.setItem(row, 1, QTableWidgetItem(str(fraction)))

    def set_path(self, path) -> None:
        self.path_edit.setText(str(path))

    def set_mode(self, mode: str | None) -> None:
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(mode))

    def _remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.class_table.selectedIndexes()}, reverse=True)
        for row in rows or [self.class_table.rowCount() - 1]:
            if row >= 0:
                self.class_table.removeRow(row)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose an arable layer", self._start_folder, FILE_FILTER)
        if path:
            self.set_path(path)

    def _is_raster(self) -> bool:
        return Path(self.path_edit.text().strip()).suffix.lower() in RASTER_SUFFIXES

    def _update_enabled(self, *_args) -> None:
        suffix = Path(self.path_edit.text().strip()).suffix.lower()
        raster = suffix in RASTER_SUFFIXES
        self.mode_combo.setEnabled(raster or not suffix)
        self.class_box.setEnabled((raster or not suffix) and self.mode_combo.currentData() == "classes")
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(suffix in RASTER_SUFFIXES | VECTOR_SUFFIXES)

    # --- result --------------------------------------------------------------------------------------------
    def class_map(self) -> dict[float, float]:
        """The table as {class value: fraction}; ValueError naming the first bad cell."""
        mapping: dict[float, float] = {}
        for row in range(self.class_table.rowCount()):
            cells = [self.class_table.item(row, c) for c in range(2)]
            texts = [(c.text() if c is not None else "").strip().replace(",", ".") for c in cells]
            if not any(texts):
                continue
            try:
                value, fraction = float(texts[0]), float(texts[1])
            except ValueError:
                raise ValueError(f"class row {row + 1}: '{texts[0]}' → '{texts[1]}' is not two numbers") from None
            if not 0.0 <= fraction <= 1.0:
                raise ValueError(f"class {texts[0]}: arable fraction {texts[1]} is not between 0 and 1")
            mapping[value] = fraction
        return mapping

    def request(self) -> ImportRequest:
        """The import the dialog describes; ValueError (one line) when the class table is unusable."""
        path = Path(self.path_edit.text().strip()).expanduser()
        if not self._is_raster():
            return ImportRequest(path)
        mode = self.mode_combo.currentData()
        if mode != "classes":
            return ImportRequest(path, mode)
        mapping = self.class_map()
        if not mapping:
            raise ValueError("add at least one class and its arable fraction to read the raster as classes")
        return ImportRequest(path, mode, mapping)

    def _accept(self) -> None:
        try:
            self.request()
        except ValueError as exc:
            QMessageBox.warning(self, "Import arable layer", str(exc))
            return
        self.accept()


class ArableImporter(QObject):
    """Runs imports for the main window: busy indicator while reading, one-line errors, then applies the source."""

    applied = Signal(object)  # the new ArableSource

    def __init__(self, window, layer):
        super().__init__(window)
        self.window = window
        self.layer = layer
        self.document = window.document
        self.progress: QProgressDialog | None = None
        self._busy = False
        self._last_folder = ""
        # A scenario records the arable layer it was counted with: opening it brings that layer back.
        self.document.scenario_replaced.connect(self._scenario_replaced)
        self.document.arable_changed.connect(self.applied.emit)

    def open_dialog(self) -> None:
        dialog = ArableImportDialog(self.window, self._last_folder)
        if dialog.exec() == QDialog.Accepted:
            self.start(dialog.request())

    def start(self, request: ImportRequest, undoable: bool = True) -> None:
        """Read the layer on a worker (the window stays usable and shows a busy bar); then one undo step."""
        name = request.path.name if request.path is not None else "the built-in arable model"
        if request.path is not None:
            self._last_folder = str(request.path.parent)
        self._busy = True
        self.document.tasks.submit(
            load_for_display,
            request,
            lambda loaded: self._loaded(request, *loaded, undoable=undoable),
            self._failed,
        )
        self.progress = QProgressDialog(f"Reading {name}…", None, 0, 0, self.window)
        self.progress.setWindowTitle("Import arable layer")
        self.progress.setWindowModality(Qt.WindowModal)
        self.progress.setMinimumDuration(300)
        self.window.set_status(f"Reading {name}…", 0)

    def busy(self) -> bool:
        return self._busy

    def _finish(self) -> None:
        self._busy = False
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None
        self.window.statusBar().clearMessage()

    def _failed(self, message: str) -> None:
        self._finish()
        QMessageBox.warning(self.window, "Cannot import arable layer", message)

    def _loaded(self, request: ImportRequest, source, shapes, undoable: bool = True) -> None:
        self._finish()
        self.apply(source, shapes, _ref(request), undoable)
        self.window.set_status(
            "Arable land from the built-in model" if source.is_model else f"Arable land now from {source.name}"
        )

    def use_model(self) -> None:
        """Go back to the shipped modelled arable grid."""
        self.start(ImportRequest(None))

    def apply(self, source, shapes, ref=None, undoable: bool = True) -> None:
        """Make every number and the map use `source` (one undo step unless it is the scenario's own layer)."""
        scenario = self.document.scenario
        new = ArableState(source, shapes, ref)
        if undoable and scenario is not None:
            old = ArableState(self.layer.source, self.layer.shapes, scenario.arable)
            self.document.undo_stack.push(ArableCommand(self.document, self.layer, old, new))
        else:
            apply_arable(self.document, self.layer, new)

    def _scenario_replaced(self, scenario) -> None:
        ref = scenario.arable
        if ref is not None:
            path = ref.resolve(scenario.path)
            if not path.exists():
                scenario.arable = None
                self.start(ImportRequest(None), undoable=False)
                QMessageBox.warning(
                    self.window,
                    "Arable layer missing",
                    f"{scenario.name} was counted with the arable layer {ref.path}, which is missing; "
                    "its numbers now count the built-in model. Import the layer again to restore them.",
                )
                return
            self.start(ImportRequest(path, ref.mode, ref.class_table()), undoable=False)
        elif self.layer.source is not None and not getattr(self.layer.source, "is_model", True):
            self.start(ImportRequest(None), undoable=False)  # this scenario counts with the model


def _ref(request: ImportRequest):
    """What the saved scenario records for a request (None: the shipped model)."""
    if request.path is None:
        return None
    table = tuple(sorted(request.class_map.items())) if request.class_map else None
    return ArableLayerRef(str(Path(request.path).resolve()), request.mode, table)
