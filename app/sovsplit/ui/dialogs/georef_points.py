"""The control-points page of the georeferencer: image, points table with live residuals, transform, CRS."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sovsplit.model import reference
from sovsplit.model.projections import PROJECTIONS
from sovsplit.model.trace.frame import FrameError, resolve_frame
from sovsplit.model.trace.georef import Georeference
from sovsplit.model.trace.points import ControlPoint, unwrap_lon
from sovsplit.model.trace.transforms import METHODS, TransformError
from sovsplit.ui.dialogs.georef_view import ImageView

# The image's own coordinate system: the common ones first, then the app's projections, then any EPSG code.
FRAMES = [("Longitude/latitude (plate carrée)", "EPSG:4326"), ("Web Mercator", "EPSG:3857")] + [
    (f"App projection: {key}", key) for key in PROJECTIONS
]
METHOD_NAMES = {"affine": "Affine (≥ 3 points)", "poly2": "Polynomial 2 (≥ 6 points)", "tps": "Thin-plate spline"}
COLUMNS = ["#", "Pixel x", "Pixel y", "Longitude", "Latitude", "Residual km"]


class _Change(QUndoCommand):
    """One change of the georeference (the georeference is immutable, so undo just puts the old one back)."""

    def __init__(self, page: PointsPage, old: Georeference, new: Georeference, text: str):
        super().__init__(text)
        self.page, self.old, self.new = page, old, new

    def redo(self) -> None:
        self.page._show(self.new)

    def undo(self) -> None:
        self.page._show(self.old)


class PointsPage(QWidget):
    """Points are paired by a click on the image, then a click on the map (or a city, or typed lon/lat).
    Every change is a step of the dialog's own undo stack (`undo_stack`), not of the document's."""

    georef_changed = Signal(object)  # the new Georeference
    message = Signal(str)

    def __init__(self, image, georef: Georeference, parent=None):
        super().__init__(parent)
        self.georef = georef
        self.undo_stack = QUndoStack(self)
        self.view = ImageView(image)
        self.view.pixel_clicked.connect(self.image_clicked)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.itemChanged.connect(self._cell_edited)
        self.rms = QLabel("")
        self.rms.setObjectName("rms")
        self.method = QComboBox()
        for key in METHODS:
            self.method.addItem(METHOD_NAMES.get(key, key), key)
        self.method.currentIndexChanged.connect(lambda i: self.set_method(self.method.itemData(i)))
        self.frame = QComboBox(editable=True)
        for title, key in FRAMES:
            self.frame.addItem(title, key)
        self.frame.setToolTip("The image's own projection; type any EPSG code (EPSG:3576…) and press Enter")
        self.frame.activated.connect(lambda i: self.set_frame(self.frame.itemData(i) or self.frame.currentText()))
        self.frame.lineEdit().returnPressed.connect(lambda: self.set_frame(self.frame.currentText()))
        self.city = QComboBox(editable=True)
        self.city.addItem("Pick a city…", None)
        for name in sorted({str(f["name"]) for f in reference.cities()}):
            self.city.addItem(name, name)
        self.city.activated.connect(lambda i: self.city.itemData(i) and self.place_city(self.city.itemData(i)))
        self.lon = QDoubleSpinBox(minimum=-180, maximum=360, decimals=4, prefix="lon ")
        self.lat = QDoubleSpinBox(minimum=-90, maximum=90, decimals=4, prefix="lat ")
        place = QPushButton("Place")
        place.clicked.connect(lambda: self.place_lonlat(self.lon.value(), self.lat.value()))
        delete = QPushButton("Delete point")
        delete.clicked.connect(lambda: self.delete_point(self.table.currentRow()))
        undo, redo = QPushButton("Undo"), QPushButton("Redo")
        undo.clicked.connect(self.undo_stack.undo)
        redo.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(undo.setEnabled)
        self.undo_stack.canRedoChanged.connect(redo.setEnabled)
        undo.setEnabled(False)
        redo.setEnabled(False)

        options = QHBoxLayout()
        options.addWidget(QLabel("Image CRS"))
        options.addWidget(self.frame, 1)
        options.addWidget(QLabel("Transform"))
        options.addWidget(self.method)
        placing = QHBoxLayout()
        placing.addWidget(self.city, 1)
        placing.addWidget(self.lon)
        placing.addWidget(self.lat)
        placing.addWidget(place)
        edits = QHBoxLayout()
        for button in (delete, undo, redo):
            edits.addWidget(button)
        edits.addStretch(1)
        self.extra = edits  # the dialog adds Load/Save .points and Refine here
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("Click the image, then the same place on the map (or pick a city, or type lon/lat)."))
        column.addLayout(options)
        column.addLayout(placing)
        column.addWidget(self.table, 1)
        column.addWidget(self.rms)
        column.addLayout(edits)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(side)
        splitter.setSizes([600, 520])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._select_frame(georef.frame.name)
        self.method.setCurrentIndex(max(0, self.method.findData(georef.method)))
        self._show(georef)

    # --- public slots: what a user's clicks and choices do --------------------------------------------------
    def image_clicked(self, px: float, py: float) -> None:
        """A pixel of the image was clicked: it waits for its place on the map."""
        self.view.pending = (float(px), float(py))
        self.view.update()
        self.message.emit(f"Pixel {px:.0f}, {py:.0f}: now click the same place on the map")

    def map_clicked(self, lon: float, lat: float) -> None:
        """The map was clicked: the waiting pixel becomes a control point there."""
        if self.view.pending is None or lon != lon or lat != lat:
            return
        px, py = self.view.pending
        self.view.pending = None
        self.change(self.georef.adding(ControlPoint(px, py, unwrap_lon(lon), float(lat))), "Add control point")
        self.message.emit(f"Point {len(self.georef.points)} placed at {lon:.3f}, {lat:.3f}")

    def place_city(self, name: str) -> None:
        feature = next((f for f in reference.cities() if f["name"] == name), None)
        if feature is None:
            self.message.emit(f"No city named {name!r}")
            return
        self.place_lonlat(feature.geometry.x, feature.geometry.y, label=name)

    def place_lonlat(self, lon: float, lat: float, label: str = "") -> None:
        row = self.table.currentRow()
        if self.view.pending is not None:
            px, py = self.view.pending
            self.view.pending = None
            point = ControlPoint(px, py, unwrap_lon(lon), float(lat), label=label)
            self.change(self.georef.adding(point), f"Add control point {label}".strip())
            self.message.emit(f"Point {len(self.georef.points)} placed at {label or f'{lon:.3f}, {lat:.3f}'}")
        elif 0 <= row < len(self.georef.points):
            self.change(self.georef.with_point(row, self.georef.points[row].placed(lon, lat)), "Move point on map")
        else:
            self.message.emit("Click the image first")

    def move_point(self, index: int, px: float, py: float) -> None:
        self.change(self.georef.moving(index, px, py), "Move point on image")

    def delete_point(self, index: int) -> None:
        if 0 <= index < len(self.georef.points):
            self.change(self.georef.without(index), f"Delete point {index + 1}")

    def set_method(self, method: str) -> None:
        if method and method != self.georef.method:
            self.change(self.georef.with_method(method), f"Transform {method}")

    def set_frame(self, text: str) -> None:
        try:
            frame = resolve_frame(str(text))
        except FrameError as exc:
            self.message.emit(str(exc))
            self._select_frame(self.georef.frame.name)
            return
        if frame != self.georef.frame:
            self.change(self.georef.with_frame(frame), f"Image CRS {frame.name}")

    def change(self, georef: Georeference, text: str) -> None:
        """Any change, as one undoable step."""
        self.undo_stack.push(_Change(self, self.georef, georef, text))

    # --- showing ----------------------------------------------------------------------------------------------
    def _select_frame(self, name: str) -> None:
        index = self.frame.findData(name)
        if index < 0:
            self.frame.addItem(name, name)
            index = self.frame.count() - 1
        self.frame.blockSignals(True)
        self.frame.setCurrentIndex(index)
        self.frame.blockSignals(False)

    def _show(self, georef: Georeference) -> None:
        self.georef = georef
        try:
            residuals = {r.index: r for r in georef.residuals} if georef.ready else {}
            rms = f"RMS {georef.rms_km:.2f} km over {len(georef.enabled)} points" if georef.ready else ""
        except TransformError as exc:
            residuals, rms = {}, str(exc)
        if not georef.ready:
            need = {"affine": 3, "poly2": 6, "tps": 3}.get(georef.method, 3)
            rms = rms or f"{len(georef.points)} of at least {need} points placed"
        self.rms.setText(rms)
        self.table.blockSignals(True)
        self.table.setRowCount(len(georef.points))
        for row, p in enumerate(georef.points):
            res = residuals.get(row)
            cells = [str(row + 1), f"{p.px:.1f}", f"{p.py:.1f}", f"{p.lon:.4f}", f"{p.lat:.4f}"]
            cells.append(f"{res.km:.2f}" if res else "–")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (0, 5):
                    item.setFlags(item.flags() & ~Qt.ItemIsEditable)
                if col == 5:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)
        self.view.points = [(p.px, p.py, p.enabled) for p in georef.points]
        self.view.residuals = {i: (r.dx_px, r.dy_px) for i, r in residuals.items()}
        self.view.update()
        self.method.blockSignals(True)
        self.method.setCurrentIndex(max(0, self.method.findData(georef.method)))
        self.method.blockSignals(False)
        self._select_frame(georef.frame.name)
        self.georef_changed.emit(georef)

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        row, col = item.row(), item.column()
        try:
            value = float(item.text().replace(",", "."))
        except ValueError:
            self.message.emit(f"{item.text()!r} is not a number")
            self._show(self.georef)
            return
        p = self.georef.points[row]
        if col in (1, 2):
            self.move_point(row, value if col == 1 else p.px, value if col == 2 else p.py)
        elif col in (3, 4):
            lon, lat = (value, p.lat) if col == 3 else (p.lon, value)
            if not (-90 <= lat <= 90):
                self.message.emit("Latitude must lie between -90 and 90")
                self._show(self.georef)
                return
            self.change(self.georef.with_point(row, p.placed(lon, lat)), "Edit point")
