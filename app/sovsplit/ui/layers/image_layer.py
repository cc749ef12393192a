"""A map image as a layer, warped into the canvas's projection through its georeference; and the document's
images kept in step with the canvas (added, reopened, missing)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QPointF, QRectF, Signal
from PySide6.QtGui import QImage, QImageReader, QPainter, QPolygonF, QTransform, QUndoCommand

from sovsplit.model.trace.image_ref import ImageRef
from sovsplit.ui.layers.map_layers import MapLayer

MESH = (17, 13)  # columns × rows of image quads warped one by one: smooth enough for a preview, fast to draw


class ImageLayer(MapLayer):
    """An image underlay. Before it is georeferenced nothing is drawn; afterwards each quad of a mesh of image
    pixels is drawn with the projective transform that takes it to its place on the map."""

    title = "Map image"

    def __init__(self, ref: ImageRef, image: QImage, on_change=None):
        super().__init__(visible=ref.visible, opacity=ref.opacity)
        self._ref, self.image = ref, image
        self.key = f"image:{Path(ref.path).name}"
        self.title = f"Image: {Path(ref.path).name}"
        self._on_change = on_change  # told of every change, so the scenario saves what is shown
        self._quads = None  # cached (source rect, projected quad) pairs for the current projection

    # Opacity and visibility are set by the Layers panel through the canvas: keep the ref in step.
    @property
    def ref(self) -> ImageRef:
        above = self._ref.above
        if self.canvas is not None and self.canvas.layer("polities") is not None:  # the user may have moved it
            above = self.canvas.layers.index(self) > self.canvas.layers.index(self.canvas.layer("polities"))
        return replace(self._ref, opacity=float(self.opacity), visible=bool(self.visible), above=above)

    @property
    def opacity(self) -> float:
        return self._opacity

    @opacity.setter
    def opacity(self, value: float) -> None:
        self._opacity = float(value)
        self._notify()

    @property
    def visible(self) -> bool:
        return self._visible

    @visible.setter
    def visible(self, value: bool) -> None:
        self._visible = bool(value)
        self._notify()

    def _notify(self) -> None:
        if getattr(self, "_on_change", None) is not None:
            self._on_change(self)

    @property
    def missing(self) -> bool:
        return self.image.isNull()

    def set_georef(self, georef) -> None:
        self._ref = replace(self._ref, georef=georef)
        self._quads = None
        self._notify()
        self.changed()

    def projection_changed(self) -> None:
        self._quads = None

    def quads(self, canvas) -> list[tuple[QRectF, QPolygonF]]:
        """Image rectangles and the projected quadrilaterals they are drawn into (empty when not ready)."""
        georef = self._ref.georef
        if self._quads is None:
            self._quads = []
            if georef is not None and georef.ready and not self.missing:
                cols, rows = MESH
                lon, lat = georef.preview_mesh(cols, rows)
                x, y = canvas.project(lon, lat)
                x, y = np.asarray(x).reshape(rows, cols), np.asarray(y).reshape(rows, cols)
                sx, sy = self.image.width() / georef.width, self.image.height() / georef.height
                px = np.linspace(0, georef.width, cols) * sx
                py = np.linspace(0, georef.height, rows) * sy
                for r in range(rows - 1):
                    for c in range(cols - 1):
                        corners = [(r, c), (r, c + 1), (r + 1, c + 1), (r + 1, c)]
                        xs = [x[i, j] for i, j in corners]
                        ys = [y[i, j] for i, j in corners]
                        if not np.all(np.isfinite(xs + ys)):
                            continue
                        src = QRectF(QPointF(px[c], py[r]), QPointF(px[c + 1], py[r + 1]))
                        dst = QPolygonF([QPointF(a, b) for a, b in zip(xs, ys)])
                        self._quads.append((src, dst))
        return self._quads

    def paint(self, painter, canvas):
        quads = self.quads(canvas)
        if not quads:
            return
        base = painter.worldTransform()
        painter.setRenderHint(QPainter.SmoothPixmapTransform, True)
        for src, dst in quads:
            warp = QTransform()
            if not QTransform.quadToQuad(QPolygonF(src), dst, warp):
                continue
            painter.setWorldTransform(warp * base)
            # A hair wider than the quad, so neighbouring quads overlap instead of leaving seams.
            painter.drawImage(src.adjusted(-0.5, -0.5, 0.5, 0.5), self.image, src.adjusted(-0.5, -0.5, 0.5, 0.5))
        painter.setWorldTransform(base)


def read_qimage(path: Path) -> QImage:
    """The image file as a QImage (null when missing or unreadable)."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(False)  # pixel coordinates as the model reads the file (no EXIF turn)
    return reader.read()


class ImageUnderlays(QObject):
    """Keeps one ImageLayer per image of the document's scenario, under (or over) the polities."""

    changed = Signal()  # an image was added, removed or re-georeferenced

    def __init__(self, canvas, document, parent=None):
        super().__init__(parent)
        self.canvas, self.document = canvas, document
        self.layers: list[ImageLayer] = []
        document.scenario_replaced.connect(self._scenario_replaced)
        if document.scenario is not None:
            self._scenario_replaced(document.scenario)

    def _scenario_replaced(self, scenario) -> None:
        for layer in self.layers:
            self.canvas.remove_layer(layer)
        self.layers = []
        missing = []
        for ref in list(getattr(scenario, "images", [])):
            layer = self._add_layer(ref, scenario.path)
            if layer.missing:
                missing.append(str(ref.resolve(scenario.path)))
        if missing:
            # One line; the scenario itself loaded, and the image keeps its place and points for later.
            self.document.message.emit(f"Map image not found: {', '.join(missing)} (the scenario loaded without it)")
        self.changed.emit()

    def _add_layer(self, ref: ImageRef, scenario_path) -> ImageLayer:
        image = read_qimage(ref.resolve(scenario_path))
        layer = ImageLayer(ref, image, on_change=lambda _layer: self._sync())
        keys = [existing.key for existing in self.canvas.layers]
        index = None
        if "polities" in keys:  # over: above the fills, under region borders and the coast that check the fit
            index = (
                keys.index("polities")
                if not ref.above
                else next((keys.index(k) for k in ("regions", "coastline") if k in keys), keys.index("polities") + 1)
            )
        self.canvas.add_layer(layer, index)
        self.layers.append(layer)
        return layer

    def add_image(self, path: Path | str) -> ImageLayer | None:
        """Add an image file (not yet georeferenced); None (and one line) when it cannot be read."""
        path = Path(path).resolve()
        ref = ImageRef(str(path))
        layer = self._add_layer(ref, None)
        if layer.missing:
            self.canvas.remove_layer(layer)
            self.layers.remove(layer)
            self.document.message.emit(f"{path}: not a readable image")
            return None
        # One undo step: Undo takes the image off the map and out of the scenario, Redo puts the same layer back
        # where it was placed.
        index = self.canvas.layers.index(layer)
        self.hide_layer(layer)
        self.document.undo_stack.push(AddImageCommand(self, layer, index))
        return layer

    def show_layer(self, layer: ImageLayer, index: int | None) -> None:
        """Put a layer (back) on the map and into the scenario."""
        self.canvas.add_layer(layer, index)
        self.layers.append(layer)
        self._sync()
        self.changed.emit()

    def hide_layer(self, layer: ImageLayer) -> None:
        """Take a layer off the map and out of the scenario."""
        self.canvas.remove_layer(layer)
        if layer in self.layers:
            self.layers.remove(layer)
        self._sync()
        self.changed.emit()

    def set_georef(self, layer: ImageLayer, georef) -> None:
        current = layer.ref.georef
        if georef == current or (current is None and not georef.points):
            return  # nothing placed yet (the georeferencer opening): no unsaved work to mark
        layer.set_georef(georef)
        self.document.mark_unsaved()
        self.changed.emit()

    def _sync(self) -> None:
        """The scenario saves what the canvas shows."""
        scenario = self.document.scenario
        if scenario is not None:
            scenario.images = [layer.ref for layer in self.layers]


class AddImageCommand(QUndoCommand):
    """Adding a map image, as one undo step of the document."""

    def __init__(self, underlays: ImageUnderlays, layer: ImageLayer, index: int):
        super().__init__(f"Add map image {Path(layer.ref.path).name}")
        self.underlays, self.layer, self.index = underlays, layer, index

    def redo(self) -> None:
        self.underlays.show_layer(self.layer, self.index)

    def undo(self) -> None:
        self.underlays.hide_layer(self.layer)
