"""The canvas's mouse and keyboard: the active map tool first, then pan by drag, zoom by wheel and keys."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt

from sovsplit.ui.tools.map_tool import MapEvent, MapTool

ZOOM_STEP = 1.25


class CanvasInput:
    """Input handling of MapCanvas (a mixin before QWidget): tools get MapEvents with lon/lat computed once."""

    def set_tool(self, tool: MapTool | None) -> None:
        """Make `tool` receive mouse and key events first (None: plain pan and zoom)."""
        old = self.tool
        if old is tool:
            return
        self.tool = tool
        if old is not None:
            old.deactivate()
        if tool is not None:
            tool.activate()
        self.setCursor(tool.cursor() if tool is not None else Qt.ArrowCursor)
        self.tool_changed.emit(tool, old)
        self.update()

    def map_event(self, event) -> MapEvent:
        """The tools' view of a Qt mouse event: lon/lat computed once, here."""
        position = event.position()
        lon, lat = self.screen_to_lonlat(position)
        return MapEvent(
            position,
            lon,
            lat,
            event.button(),
            event.buttons(),
            event.modifiers(),
            event.type() == QEvent.MouseButtonDblClick,
        )

    def _tool_call(self, name: str, event) -> bool:
        if self.tool is None:
            return False
        if name == "key_press":
            return bool(self.tool.key_press(event))
        return bool(getattr(self.tool, name)(self.map_event(event)))

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MiddleButton and self._tool_call("mouse_press", event):
            self.update()
            return
        if event.button() in (Qt.LeftButton, Qt.MiddleButton):
            self._drag_start = event.position()
            self._drag_centre = self._centre
            self._dragged = False

    def mouseMoveEvent(self, event) -> None:
        lon, lat = self.screen_to_lonlat(event.position())
        self.cursor_moved.emit(lon, lat)
        if self._drag_start is not None:
            delta = event.position() - self._drag_start
            if not self._dragged and abs(delta.x()) + abs(delta.y()) < 3:
                return
            self._dragged = True
            self._auto_extent = False
            if not self._panning:
                self._panning = True
                self.setCursor(Qt.ClosedHandCursor)
            cx, cy = self._drag_centre
            self._centre = (cx - delta.x() / self._scale, cy + delta.y() / self._scale)
            self._idle.start()
            self.update()
            self.view_changed.emit()
            return
        if self._tool_call("mouse_move", event):
            self.update()

    def mouseReleaseEvent(self, event) -> None:
        if self._drag_start is not None:
            dragged = self._dragged
            self._drag_start = None
            if self._panning:
                self._panning = False
                self._idle.stop()
                self.setCursor(self.tool.cursor() if self.tool is not None else Qt.ArrowCursor)
                self._interactive = True
                self._view_moved()
            if not dragged and event.button() == Qt.LeftButton:
                lon, lat = self.screen_to_lonlat(event.position())
                self.clicked.emit(lon, lat)
            return
        if self._tool_call("mouse_release", event):
            self.update()

    def _drag_idle(self) -> None:
        """The drag paused: draw the whole view now, then keep blitting from the new frame."""
        if self._panning:
            self.render_frame(preview=True)
            self.update()

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self._interactive = True
            self.zoom_by(ZOOM_STEP**steps, event.position())

    def keyPressEvent(self, event) -> None:
        if self._tool_call("key_press", event):
            self.update()
            return
        key = event.key()
        self._interactive = True
        step = min(self.width(), self.height()) / 6
        if key in (Qt.Key_Plus, Qt.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key in (Qt.Key_Minus, Qt.Key_Underscore):
            self.zoom_by(1 / ZOOM_STEP)
        elif key == Qt.Key_Left:
            self.pan_pixels(step, 0)
        elif key == Qt.Key_Right:
            self.pan_pixels(-step, 0)
        elif key == Qt.Key_Up:
            self.pan_pixels(0, step)
        elif key == Qt.Key_Down:
            self.pan_pixels(0, -step)
        else:
            super().keyPressEvent(event)

    def leaveEvent(self, event) -> None:
        self.cursor_moved.emit(math.nan, math.nan)
        super().leaveEvent(event)
