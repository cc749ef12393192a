"""The border tool: drag, insert and delete vertices of the borders between polities, snapping to real edges."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QCursor, QFont, QPainterPath, QPen

from sovsplit.model.editing.border import BorderLine, border_lines
from sovsplit.model.editing.snapping import Snap, Snapper, closest_on_segments
from sovsplit.model.editing.vertex_edits import delete_vertex, insert_vertex, move_vertex
from sovsplit.ui.tools.map_tool import MapTool

SNAP_PX = 10.0
# With more vertices than this on screen, handles are drawn only near the cursor (the line is enough).
_MAX_HANDLES = 500
_NEAR_CURSOR_PX = 140.0

ACCENT = QColor("#ff6d00")
HANDLE_EDGE = QColor("#263238")
SNAP_COLOUR = QColor("#00b8d4")
REFUSED = QColor("#d50000")


def round_pen(colour, width, style=Qt.SolidLine) -> QPen:
    """A pen with round caps and joins, for tool overlays."""
    pen = QPen(colour, width, style)
    pen.setCapStyle(Qt.RoundCap)
    pen.setJoinStyle(Qt.RoundJoin)
    return pen


class BorderTool(MapTool):
    """Edit the borders between polities as lines: every change is an exact, reversible parcel edit."""

    id = "border"
    text = "&Border Tool"
    shortcut = "B"
    tip = "Drag border vertices; click a border to add one; right-click or Delete removes one"

    def __init__(self, canvas, document):
        super().__init__(canvas, document)
        self._lines: list[BorderLine] | None = None
        self._projected: tuple | None = None
        self._snapper: Snapper | None = None
        self._hover_vertex: tuple[int, int] | None = None
        self._hover_segment: tuple[int, int, float] | None = None
        self._cursor: QPointF | None = None
        self._drag: dict | None = None
        self.last_refusal: str | None = None

    def cursor(self):
        return QCursor(Qt.CrossCursor)

    def deactivate(self) -> None:
        self._cancel_drag()
        self._hover_vertex = self._hover_segment = None

    def territory_changed(self) -> None:
        """The parcels changed (an edit, an undo, another scenario): borders and snap targets are stale."""
        self._lines = None
        self._projected = None
        self._snapper = None

    # --- geometry helpers ------------------------------------------------------------------------------------
    def lines(self) -> list[BorderLine]:
        if self._lines is None:
            self._lines = border_lines(self.document.scenario) if self.document.scenario is not None else []
        return self._lines

    def snapper(self) -> Snapper:
        if self._snapper is None:
            self._snapper = Snapper(self.document.scenario)
        return self._snapper

    def to_screen(self, lonlat: np.ndarray) -> np.ndarray:
        """Screen pixels of lon/lat rows."""
        lonlat = np.asarray(lonlat, dtype=float).reshape(-1, 2)
        xs, ys = self.canvas.project(lonlat[:, 0], lonlat[:, 1])
        return self._metres_to_screen(np.column_stack([xs, ys]))

    def _metres_to_screen(self, xy: np.ndarray) -> np.ndarray:
        scale = self.canvas.pixels_per_metre()
        cx, cy = self.canvas.centre()
        return np.column_stack(
            [(xy[:, 0] - cx) * scale + self.canvas.width() / 2, self.canvas.height() / 2 - (xy[:, 1] - cy) * scale]
        )

    def _screen_lines(self) -> list[np.ndarray]:
        """Each border line in screen pixels (projected once per edit and projection, shifted per view)."""
        key = (id(self.lines()), self.canvas.projection_key)
        if self._projected is None or self._projected[0] != key:
            metres = []
            for line in self.lines():
                xs, ys = self.canvas.project(line.coords[:, 0], line.coords[:, 1])
                metres.append(np.column_stack([xs, ys]))
            self._projected = (key, metres)
        return [self._metres_to_screen(m) for m in self._projected[1]]

    def _hit(self, position: QPointF):
        """The vertex (line, index) or else the segment (line, segment, t) under the cursor, within SNAP_PX."""
        p = np.array([position.x(), position.y()])
        best_vertex, best_d = None, SNAP_PX
        best_segment, best_sd = None, SNAP_PX * 0.8
        for li, xy in enumerate(self._screen_lines()):
            d = np.hypot(xy[:, 0] - p[0], xy[:, 1] - p[1])
            i = int(np.argmin(d))
            if d[i] <= best_d:
                best_vertex, best_d = (li, i), d[i]
            t, sd = closest_on_segments(p, xy[:-1], xy[1:])
            j = int(np.argmin(sd))
            if sd[j] <= best_sd:
                best_segment, best_sd = (li, j, float(t[j])), sd[j]
        return best_vertex, (None if best_vertex is not None else best_segment)

    def snap(self, position: QPointF, exclude=None) -> Snap:
        """Where a vertex dropped at `position` lands: snapped to a vertex or an edge within SNAP_PX."""
        lon, lat = self.canvas.screen_to_lonlat(position)
        corners = [
            self.canvas.screen_to_lonlat(QPointF(position.x() + dx, position.y() + dy))
            for dx in (-SNAP_PX * 1.5, SNAP_PX * 1.5)
            for dy in (-SNAP_PX * 1.5, SNAP_PX * 1.5)
        ]
        corners = [c for c in corners if math.isfinite(c[0])]
        if not corners or not math.isfinite(lon):
            return Snap(lon, lat, "free")
        box = (
            min(c[0] for c in corners),
            min(c[1] for c in corners),
            max(c[0] for c in corners),
            max(c[1] for c in corners),
        )
        return self.snapper().snap(
            lon, lat, box, self.to_screen, (position.x(), position.y()), SNAP_PX, exclude=exclude
        )

    # --- events ------------------------------------------------------------------------------------------------
    def mouse_press(self, event) -> bool:
        if self.document.scenario is None:
            return False
        position = event.pos
        vertex, segment = self._hit(position)
        if event.button == Qt.RightButton:
            if vertex is not None:
                self.delete(*vertex)
                return True
            return False
        if event.button != Qt.LeftButton:
            return False
        if vertex is not None:
            line = self.lines()[vertex[0]]
            if not line.movable(vertex[1]):
                self.last_refusal = "The ends of a border, where it meets another border or the coast, stay put"
                self.document.message.emit(f"Not done: {self.last_refusal}")
                return True
            self._drag = {
                "line": vertex[0],
                "index": vertex[1],
                "origin": line.coords[vertex[1]].copy(),
                "start": position,
                "target": None,
                "macro": False,
            }
            return True
        if segment is not None:
            li, j, t = segment
            point = self.insert(li, j, t, open_macro=True)
            if point is None:
                return True
            # The new vertex can be dragged at once; insert and move then undo as one step.
            index = self._find_vertex(point)
            if index is None:
                self.document.undo_stack.endMacro()
                return True
            self._drag = {
                "line": index[0],
                "index": index[1],
                "origin": point,
                "start": position,
                "target": None,
                "macro": True,
            }
            return True
        return False

    def mouse_move(self, event) -> bool:
        position = event.pos
        self._cursor = position
        if self._drag is not None:
            start = self._drag["start"]
            if self._drag["target"] is None and math.hypot(position.x() - start.x(), position.y() - start.y()) < 3:
                return True
            self._drag["target"] = self.snap(position, exclude=self._drag["origin"])
            return True
        if self.document.scenario is None:
            return False
        self._hover_vertex, self._hover_segment = self._hit(position)
        return True

    def mouse_release(self, event) -> bool:
        if self._drag is None or event.button != Qt.LeftButton:
            return False
        drag, self._drag = self._drag, None
        target = drag["target"]
        if target is not None and math.isfinite(target.lon):
            self.move(drag["line"], drag["index"], (target.lon, target.lat))
        if drag["macro"]:
            self.document.undo_stack.endMacro()
        return True

    def key_press(self, event) -> bool:
        if event.key() == Qt.Key_Escape and self._drag is not None:
            self._cancel_drag()
            return True
        if event.key() in (Qt.Key_Delete, Qt.Key_Backspace) and self._hover_vertex is not None:
            self.delete(*self._hover_vertex)
            return True
        return False

    def _cancel_drag(self) -> None:
        if self._drag is not None and self._drag["macro"]:
            self.document.undo_stack.endMacro()
        self._drag = None

    # --- edits (also called directly by scripts and tests) ---------------------------------------------------
    def move(self, line_index: int, vertex: int, lonlat) -> bool:
        edit = self.document.perform(move_vertex, self.lines()[line_index], vertex, lonlat, refusal="Not done: {}")
        self.last_refusal = self.document.last_refusal
        return edit is not None

    def insert(self, line_index: int, segment: int, t: float, open_macro: bool = False):
        built = self.document.perform(
            insert_vertex,
            self.lines()[line_index],
            segment,
            t,
            status_ms=0,
            refusal="Not done: {}",
            macro=(lambda edit: edit.label.replace("Add a vertex to", "Reshape")) if open_macro else None,
        )
        self.last_refusal = self.document.last_refusal
        return built[1] if built is not None else None

    def delete(self, line_index: int, vertex: int) -> bool:
        edit = self.document.perform(delete_vertex, self.lines()[line_index], vertex, refusal="Not done: {}")
        self.last_refusal = self.document.last_refusal
        if edit is None:
            return False
        self._hover_vertex = None
        return True

    def _find_vertex(self, point) -> tuple[int, int] | None:
        for li, line in enumerate(self.lines()):
            hits = np.nonzero(np.all(line.coords == point, axis=1))[0]
            if len(hits):
                return li, int(hits[0])
        return None

    # --- drawing ---------------------------------------------------------------------------------------------
    def paint_overlay(self, painter) -> None:
        if self.document.scenario is None:
            return
        screen = self._screen_lines()
        width, height = self.canvas.width(), self.canvas.height()
        for xy in screen:
            path = QPainterPath(QPointF(*xy[0]))
            for x, y in xy[1:]:
                path.lineTo(x, y)
            painter.setBrush(Qt.NoBrush)
            painter.setPen(round_pen(QColor(255, 255, 255, 210), 5.0))
            painter.drawPath(path)
            painter.setPen(round_pen(ACCENT, 2.2))
            painter.drawPath(path)
        self._paint_handles(painter, screen, width, height)
        if self._hover_segment is not None and self._drag is None:
            li, j, t = self._hover_segment
            if li < len(screen) and j + 1 < len(screen[li]):
                a, b = screen[li][j], screen[li][j + 1]
                self._plus_marker(painter, QPointF(*(a + (b - a) * t)))
        if self._drag is not None:
            self._paint_drag(painter)

    def _paint_handles(self, painter, screen, width, height) -> None:
        lines = self.lines()
        inside = [
            (xy[:, 0] > -10) & (xy[:, 0] < width + 10) & (xy[:, 1] > -10) & (xy[:, 1] < height + 10) for xy in screen
        ]
        crowded = sum(int(m.sum()) for m in inside) > _MAX_HANDLES
        cursor = self._cursor
        for li, (xy, visible) in enumerate(zip(screen, inside)):
            show = visible.copy()
            if crowded:
                if cursor is None:
                    show[:] = False
                else:
                    show &= np.hypot(xy[:, 0] - cursor.x(), xy[:, 1] - cursor.y()) < _NEAR_CURSOR_PX
            line = lines[li]
            for i in np.nonzero(show)[0]:
                x, y = xy[i]
                if not line.movable(int(i)):
                    painter.setPen(round_pen(QColor(255, 255, 255), 1.5))
                    painter.setBrush(HANDLE_EDGE)
                    painter.drawEllipse(QPointF(x, y), 4.5, 4.5)
                    continue
                hovered = self._hover_vertex == (li, int(i)) and self._drag is None
                size = 5.5 if hovered else 3.5
                painter.setPen(round_pen(HANDLE_EDGE, 1.4))
                painter.setBrush(ACCENT if hovered else QColor(255, 255, 255))
                painter.drawRect(QRectF(x - size, y - size, 2 * size, 2 * size))

    def _plus_marker(self, painter, at: QPointF) -> None:
        painter.setPen(round_pen(HANDLE_EDGE, 1.4))
        painter.setBrush(QColor(255, 255, 255, 230))
        painter.drawEllipse(at, 6.5, 6.5)
        painter.setPen(round_pen(ACCENT, 2.0))
        painter.drawLine(QPointF(at.x() - 3.5, at.y()), QPointF(at.x() + 3.5, at.y()))
        painter.drawLine(QPointF(at.x(), at.y() - 3.5), QPointF(at.x(), at.y() + 3.5))

    def _paint_drag(self, painter) -> None:
        drag = self._drag
        lines = self.lines()
        if drag["line"] >= len(lines):
            return
        line = lines[drag["line"]]
        a, b = line.neighbours(drag["index"])
        origin = self.to_screen(drag["origin"])[0]
        target = drag["target"]
        if target is None:
            return
        q = self.to_screen(np.array([target.lon, target.lat]))[0]
        sa, sb = self.to_screen(a)[0], self.to_screen(b)[0]
        painter.setBrush(Qt.NoBrush)
        painter.setPen(round_pen(QColor(255, 255, 255, 220), 4.5))
        painter.drawPolyline([QPointF(*sa), QPointF(*q), QPointF(*sb)])
        painter.setPen(round_pen(HANDLE_EDGE, 2.0, Qt.DashLine))
        painter.drawPolyline([QPointF(*sa), QPointF(*q), QPointF(*sb)])
        painter.setPen(round_pen(HANDLE_EDGE, 1.2, Qt.DotLine))
        painter.drawEllipse(QPointF(*origin), 5, 5)
        snapped = target.kind != "free"
        painter.setPen(round_pen(HANDLE_EDGE, 1.5))
        painter.setBrush(SNAP_COLOUR if snapped else ACCENT)
        painter.drawRect(QRectF(q[0] - 5.5, q[1] - 5.5, 11, 11))
        if snapped:
            painter.setBrush(Qt.NoBrush)
            painter.setPen(round_pen(SNAP_COLOUR, 2.0))
            painter.drawEllipse(QPointF(*q), 11, 11)
            text = {
                "vertex": "snap: vertex",
                "coast vertex": "snap: coast vertex",
                "edge": "snap: region edge",
                "coast": "snap: coast",
            }.get(target.kind, target.kind)
            font = QFont(painter.font())
            font.setPointSizeF(9)
            painter.setFont(font)
            rect = QRectF(q[0] + 14, q[1] - 22, painter.fontMetrics().horizontalAdvance(text) + 10, 18)
            painter.setPen(Qt.NoPen)
            painter.setBrush(QBrush(QColor(38, 50, 56, 220)))
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(QColor(255, 255, 255))
            painter.drawText(rect, Qt.AlignCenter, text)
