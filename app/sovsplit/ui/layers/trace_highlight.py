"""Outlines of the regions a trace left uncertain, drawn on the map while the georeferencer is open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainterPath

from sovsplit.ui.layers.map_layers import MapLayer, cosmetic_pen


class TraceHighlightLayer(MapLayer):
    key, title = "trace-uncertain", "Uncertain regions (trace)"

    def __init__(self, region_ids=(), **kw):
        super().__init__(**kw)
        self.region_ids = set(region_ids)

    def set_regions(self, region_ids) -> None:
        self.region_ids = set(region_ids)
        self.changed()

    def paint(self, painter, canvas):
        paths = canvas.region_paths(canvas.simplify_tolerance())
        outline = QPainterPath()
        for rid in self.region_ids:
            if rid in paths:
                outline.addPath(paths[rid])
        painter.setBrush(Qt.NoBrush)
        painter.setPen(cosmetic_pen("#ff00ff", 2.5, canvas))
        painter.drawPath(outline)
