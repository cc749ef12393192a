"""The region tool: click a region, or drag across many, to give them to the active polity (one drag, one undo)."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QCursor, QPen

from sovsplit.model.editing.edits import reassign
from sovsplit.ui.document.edit_commands import StrokeCommand, new_stroke
from sovsplit.ui.tools.map_tool import MapTool

# Points sampled along a fast drag so no region under the path is skipped (pixels apart).
_SAMPLE_PX = 4.0


class RegionTool(MapTool):
    """Paint regions (and pieces) with the polity picked in the polities panel."""

    id = "region"
    text = "&Region Tool"
    shortcut = "R"
    tip = "Click or drag across regions to give them to the active polity"

    def __init__(self, canvas, document, active_polity):
        super().__init__(canvas, document)
        # Which polity the brush paints with (the polities panel's selection).
        self._active = active_polity
        self._stroke: int | None = None
        self._last: QPointF | None = None
        self._hover = None

    def cursor(self):
        return QCursor(Qt.PointingHandCursor)

    def deactivate(self) -> None:
        self._stroke = None
        self._hover = None

    def mouse_press(self, event) -> bool:
        if event.button != Qt.LeftButton or self.document.scenario is None:
            return False
        if self._active() is None:
            self.document.message.emit("Pick a polity in the Polities panel first")
            return True
        self._stroke = new_stroke()
        self._last = event.pos
        self._paint_at(event.pos)
        return True

    def mouse_move(self, event) -> bool:
        scenario = self.document.scenario
        if scenario is None:
            return False
        position = event.pos
        lon, lat = event.lon, event.lat
        with self.document.session.access(wait=False) as free:
            if free:
                self._hover = scenario.parcel_at(lon, lat) if math.isfinite(lon) else None
        if self._stroke is not None and event.buttons & Qt.LeftButton:
            start = self._last or position
            steps = max(1, int(math.hypot(position.x() - start.x(), position.y() - start.y()) / _SAMPLE_PX))
            for t in np.linspace(1.0 / steps, 1.0, steps):
                self._paint_at(
                    QPointF(start.x() + (position.x() - start.x()) * t, start.y() + (position.y() - start.y()) * t)
                )
            self._last = position
        return True

    def mouse_release(self, event) -> bool:
        if event.button != Qt.LeftButton or self._stroke is None:
            return False
        self._stroke = None
        self._last = None
        return True

    def key_press(self, event) -> bool:
        return False

    def _paint_at(self, position: QPointF) -> None:
        scenario = self.document.scenario
        lon, lat = self.canvas.screen_to_lonlat(position)
        if not math.isfinite(lon):
            return
        with self.document.session.access() as free:
            parcel = scenario.parcel_at(lon, lat) if free else None
        polity = self._active()
        if parcel is None or polity is None or scenario.owner.get(parcel.id) == polity:
            return
        stroke, name = self._stroke, scenario.polities[polity].name
        # Pushing applies the edit at once (the map and statistics follow live); the stroke merges into one step.
        self.document.perform(
            reassign, [parcel.id], polity, command=lambda scenario, edit: StrokeCommand(scenario, edit, stroke, name)
        )

    def paint_overlay(self, painter) -> None:
        scenario = self.document.scenario
        if self._hover is None or scenario is None or self._hover.id not in scenario.parcels:
            return
        polity = self._active()
        colour = QColor(scenario.polities[polity].colour) if polity in scenario.polities else QColor("#333333")
        path = self.canvas.parcel_path(self._hover, self.canvas.simplify_tolerance())
        painter.save()
        painter.setTransform(self.canvas.view_transform())
        halo = QPen(QColor(255, 255, 255, 200), 4.5)
        halo.setCosmetic(True)
        painter.setPen(halo)
        painter.drawPath(path)
        pen = QPen(colour.darker(115), 2.5)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawPath(path)
        painter.restore()
