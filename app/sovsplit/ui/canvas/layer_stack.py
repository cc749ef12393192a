"""The canvas's layers: their order, visibility and opacity, and their data prepared off the GUI thread."""

from __future__ import annotations

from sovsplit.ui.layers.map_layers import MapLayer


def _prepare(layer: MapLayer) -> MapLayer:
    """Run a layer's prepare() (reading its data) off the GUI thread."""
    layer.prepare()
    return layer


def call_hook(layer, name: str, *args) -> None:
    hook = getattr(layer, name, None)
    if hook is not None:
        hook(*args)


class LayerStack:
    """Layer management of MapCanvas (a mixin before QWidget): the drawing order is the list order."""

    def add_layer(self, layer: MapLayer, index: int | None = None) -> None:
        """Add a layer on top (or at `index`, 0 = bottom)."""
        self.layers.insert(len(self.layers) if index is None else index, layer)
        layer.attached(self)
        if hasattr(layer, "prepare"):
            self._unprepared.add(id(layer))
            self.tasks.submit(
                _prepare, layer, self._layer_prepared, lambda message, layer=layer: self._layer_failed(layer, message)
            )
        self.layers_changed.emit()
        self.request_redraw()

    def _layer_prepared(self, layer) -> None:
        self._unprepared.discard(id(layer))
        call_hook(layer, "prepared")  # on the GUI thread: a layer may queue more work for later zooms
        self.request_redraw()

    def _layer_failed(self, layer, message: str) -> None:
        self._unprepared.discard(id(layer))
        self.layer_errors.append(f"layer {layer.title!r} could not read its data: {message}")
        self.request_redraw()

    def layers_ready(self) -> bool:
        """True when every layer has its data (nothing is left out of the frame)."""
        return not self._unprepared

    def wait_for_layers(self, timeout_ms: int = 30000) -> bool:
        """Block until every layer has read its data and the level-of-detail paths are built, and the layers'
        workers are idle (snapshots, benchmarks and tests need the whole map, as a user sees it moments after
        the start)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer

        deadline = QDeadlineTimer(timeout_ms)

        def busy() -> bool:
            return bool(self._unprepared or self._lod_pending or self.tasks.pool.activeThreadCount())

        while busy() and not deadline.hasExpired():
            self.tasks.pool.waitForDone(50)
            QCoreApplication.processEvents()
        return not self._unprepared

    def remove_layer(self, layer: MapLayer) -> None:
        if layer in self.layers:
            self.layers.remove(layer)
            layer.detached()
            self.layers_changed.emit()
            self.request_redraw()

    def layer(self, key: str) -> MapLayer | None:
        return next((layer for layer in self.layers if layer.key == key), None)

    def move_layer(self, layer: MapLayer, index: int) -> None:
        """Put a layer at a position in the drawing order (0 = bottom)."""
        self.layers.remove(layer)
        self.layers.insert(max(0, min(index, len(self.layers))), layer)
        self.layers_changed.emit()
        self.request_redraw()

    def set_layer_visible(self, layer: MapLayer, visible: bool) -> None:
        layer.visible = visible
        self.layers_changed.emit()
        self.request_redraw()

    def set_layer_opacity(self, layer: MapLayer, opacity: float) -> None:
        layer.opacity = max(0.0, min(1.0, opacity))
        self.request_redraw()
