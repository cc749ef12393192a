"""The canvas as label layers see it while they place for the view and a margin around it, once per extent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTransform

if TYPE_CHECKING:
    from sovsplit.ui.canvas.frame_cache import View


def view_transform(view: View, margin: int = 0) -> QTransform:
    """Projected metres → pixels of an image drawn for `view` with `margin` pixels beyond each of its edges."""
    s = view.scale
    cx, cy = view.centre
    return QTransform(s, 0, 0, -s, view.width / 2 + margin - cx * s, view.height / 2 + margin + cy * s)


def placement_view(kept: View | None, view: View, margin: int) -> View:
    """The view labels are placed for: the kept one while `view` is a whole-pixel pan of it that stays inside
    its margin (labels stay where they are, their image is moved), else `view` itself."""
    if kept is not None:
        shift = view.whole_pixel_shift(kept)
        if shift is not None and abs(shift[0]) <= margin and abs(shift[1]) <= margin:
            return kept
    return view


class PlacementCanvas:
    """Stands in for the canvas in `paint(painter, canvas)` of a view-dependent layer: a frame of the placement
    view grown by the margin on every side, so labels are laid out (and drawn) for that whole extent and a pan
    inside it moves them with their image. Everything else is the canvas's own."""

    def __init__(self, canvas, view: View, margin: int):
        self._canvas = canvas
        self._view = view
        self._margin = margin
        self._transform = view_transform(view, margin)

    def __getattr__(self, name):
        return getattr(self._canvas, name)

    def width(self) -> int:
        return self._view.width + 2 * self._margin

    def height(self) -> int:
        return self._view.height + 2 * self._margin

    def view_rect(self) -> QRectF:
        """Where the placement view itself lies in the grown frame (the margin around it)."""
        return QRectF(self._margin, self._margin, self._view.width, self._view.height)

    def pixels_per_metre(self) -> float:
        return self._view.scale

    def centre(self) -> tuple[float, float]:
        return self._view.centre

    def view_transform(self) -> QTransform:
        return QTransform(self._transform)

    def map_to_screen(self, x: float, y: float) -> QPointF:
        return self._transform.map(QPointF(x, y))

    def screen_to_map(self, point: QPointF) -> tuple[float, float]:
        p = self._transform.inverted()[0].map(point)
        return p.x(), p.y()

    def view_key(self):
        v = self._view
        return (v.scale, v.centre, self.width(), self.height(), v.ratio)
