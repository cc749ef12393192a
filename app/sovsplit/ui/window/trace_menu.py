"""Plugs issue 18 into the main window: File → Add Map Image… and the image underlays."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from sovsplit.ui.layers.image_layer import ImageUnderlays
from sovsplit.ui.window.actions import ActionSpec

if TYPE_CHECKING:  # the georeferencer and the tracing code load when it is first opened, not at start
    from sovsplit.ui.dialogs.georeferencer import TraceDialog

ADD_MAP_IMAGE = ActionSpec(
    "File", "image", "Add &Map Image…", None, "Trace a map image: place control points, then map its colours"
)
GEOREFERENCE = ActionSpec(
    "Layers", "layers", "&Georeference Map Image…", None, "Place control points and trace colours on the map image"
)
IMAGE_FILTER = "Map images (*.png *.jpg *.jpeg *.tif *.tiff *.webp)"


class MapImages:
    """The window's map images: adding one opens the georeferencer on it."""

    def __init__(self, window):
        self.window = window
        self.underlays = ImageUnderlays(window.canvas, window.document, window)
        self.dialog: TraceDialog | None = None
        self.action = window.menus.create(ADD_MAP_IMAGE, self.choose)
        self.georef_action = window.menus.create(GEOREFERENCE, self.georeference_selected)
        self.georef_action.setEnabled(False)
        self.underlays.changed.connect(lambda: self.georef_action.setEnabled(bool(self.underlays.layers)))

    def georeference_selected(self) -> TraceDialog | None:
        """The georeferencer on the image selected in the Layers panel (else the last one added)."""
        layers = self.underlays.layers
        selected = self.window.layers_panel.selected_layer()
        layer = selected if selected in layers else (layers[-1] if layers else None)
        if layer is None or layer.missing:
            self.window.set_status("No map image to georeference" if layer is None else f"{layer.title}: file missing")
            return None
        return self.open(layer)

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Add Map Image", "", IMAGE_FILTER)
        if path:
            self.add(path)

    def add(self, path) -> TraceDialog | None:
        """Add the image as a layer and open the georeferencer on it."""
        layer = self.underlays.add_image(path)
        if layer is None:
            return None
        self.window.layers_panel.select_layer(layer.key)
        return self.open(layer)

    def open(self, layer) -> TraceDialog:
        from sovsplit.ui.dialogs.georeferencer import TraceDialog

        window = self.window
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = TraceDialog(window.document, layer.ref.path, window.canvas, self.underlays, layer, parent=window)
        self.dialog.show()
        return self.dialog


def install_map_images(window) -> MapImages:
    return MapImages(window)
