"""The cut tool: click points of a line across a region, double-click or Enter to cut it into pieces."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QCursor, QFont

from sovsplit.model.editing.cut import cut
from sovsplit.ui.tools.border_tool import round_pen
from sovsplit.ui.tools.map_tool import MapTool

LINE = QColor("#212121")
HINT = "Click to add points · double-click or Enter to cut · Backspace removes a point · Esc cancels"


class CutTool(MapTool):
    """Draw a cut line; each piece of a region it crosses becomes a parcel of its own."""

    id = "cut"
    text = "&Cut Tool"
    shortcut = "K"
    tip = "Draw a line across a region to split it into pieces"

    def __init__(self, canvas, document):
        super().__init__(canvas, document)
        self.points: list[tuple[float, float]] = []
        self._cursor: QPointF | None = None
        self.last_refusal: str | None = None

    def cursor(self):
        return QCursor(Qt.CrossCursor)

    def deactivate(self) -> None:
        self.points = []

    def mouse_press(self, event) -> bool:
        if event.button != Qt.LeftButton or self.document.scenario is None:
            return False
        lon, lat = (event.lon, event.lat)
        if event.double_click:
            # The double-click's first press usually added this point already; add it only if it did not.
            if math.isfinite(lon) and not self._near_last(event.pos):
                self.points.append((lon, lat))
            self.finish()
            return True
        if math.isfinite(lon):
            self.points.append((lon, lat))
        return True

    def _near_last(self, position: QPointF) -> bool:
        if not self.points:
            return False
        x, y = self._screen([self.points[-1]])[0]
        return math.hypot(position.x() - x, position.y() - y) < 4.0

    def mouse_move(self, event) -> bool:
        self._cursor = event.pos
        return bool(self.points)

    def mouse_release(self, event) -> bool:
        return event.button == Qt.LeftButton and bool(self.points)

    def key_press(self, event) -> bool:
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self.finish()
            return True
        if event.key() == Qt.Key_Escape and self.points:
            self.points = []
            self.document.message.emit("Cut cancelled")
            return True
        if event.key() == Qt.Key_Backspace and self.points:
            self.points.pop()
            return True
        return False

    def finish(self) -> bool:
        """Cut along the points drawn so far (the tool then starts a new line)."""
        points, self.points = self.points, []
        # A double-click lands twice on one spot; that is one point.
        cleaned = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        if len(cleaned) < 2:
            return False
        edit = self.document.perform(cut, cleaned, status_ms=0, refusal="Not cut: {}")
        self.last_refusal = self.document.last_refusal
        if edit is None:
            return False
        pieces = len(edit.added) - sum(1 for p, _ in edit.added if p.id in {q.id for q, _ in edit.removed})
        self.document.message.emit(f"{edit.label}: {pieces} pieces; give them away with the Region tool")
        return True

    def _screen(self, points) -> np.ndarray:
        lonlat = np.asarray(points, dtype=float).reshape(-1, 2)
        xs, ys = self.canvas.project(lonlat[:, 0], lonlat[:, 1])
        scale = self.canvas.pixels_per_metre()
        cx, cy = self.canvas.centre()
        return np.column_stack(
            [(xs - cx) * scale + self.canvas.width() / 2, self.canvas.height() / 2 - (ys - cy) * scale]
        )

    def paint_overlay(self, painter) -> None:
        self._paint_hint(painter)
        if not self.points:
            return
        xy = self._screen(self.points)
        polyline = [QPointF(x, y) for x, y in xy]
        painter.setBrush(Qt.NoBrush)
        painter.setPen(round_pen(QColor(255, 255, 255, 220), 6.0))
        painter.drawPolyline(polyline)
        painter.setPen(round_pen(LINE, 2.6))
        painter.drawPolyline(polyline)
        if self._cursor is not None:
            rubber = [polyline[-1], self._cursor]
            painter.setPen(round_pen(QColor(255, 255, 255, 200), 5.0))
            painter.drawPolyline(rubber)
            painter.setPen(round_pen(LINE, 2.0, Qt.DashLine))
            painter.drawPolyline(rubber)
        painter.setPen(round_pen(QColor(255, 255, 255), 1.6))
        painter.setBrush(LINE)
        for point in polyline:
            painter.drawEllipse(point, 4.5, 4.5)

    def _paint_hint(self, painter) -> None:
        font = QFont(painter.font())
        font.setPointSizeF(9.5)
        painter.setFont(font)
        width = painter.fontMetrics().horizontalAdvance(HINT) + 20
        rect = QRectF((self.canvas.width() - width) / 2, 10, width, 24)
        painter.setPen(Qt.NoPen)
        painter.setBrush(QBrush(QColor(38, 50, 56, 210)))
        painter.drawRoundedRect(rect, 6, 6)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(rect, Qt.AlignCenter, HINT)
