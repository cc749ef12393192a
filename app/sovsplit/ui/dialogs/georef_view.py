"""The image side of the georeferencer: zoom (wheel), pan (drag), click to place a point, markers and residuals."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget


class ImageView(QWidget):
    """Shows an image with the control points on it; a click (without a drag) reports the pixel clicked."""

    pixel_clicked = Signal(float, float)  # image pixel from the top-left, x right, y down

    def __init__(self, image, parent=None):
        super().__init__(parent)
        self.image = image
        self.points: list[tuple[float, float, bool]] = []  # px, py, enabled
        self.residuals: dict[int, tuple[float, float]] = {}  # point index → pixel offset of the fit
        self.pending: tuple[float, float] | None = None
        self._scale, self._offset = 1.0, QPointF(0, 0)
        self._press: QPointF | None = None
        self._fitted = False
        self.setMinimumSize(360, 300)
        self.setMouseTracking(True)
        self.setCursor(Qt.CrossCursor)

    def fit(self) -> None:
        if self.image.isNull() or self.width() <= 0:
            return
        self._scale = min(self.width() / self.image.width(), self.height() / self.image.height())
        self._offset = QPointF(
            (self.width() - self.image.width() * self._scale) / 2,
            (self.height() - self.image.height() * self._scale) / 2,
        )
        self._fitted = True

    def to_screen(self, px: float, py: float) -> QPointF:
        return QPointF(px * self._scale + self._offset.x(), py * self._scale + self._offset.y())

    def to_pixel(self, pos: QPointF) -> tuple[float, float]:
        return (pos.x() - self._offset.x()) / self._scale, (pos.y() - self._offset.y()) / self._scale

    def zoom(self, factor: float, anchor: QPointF) -> None:
        px, py = self.to_pixel(anchor)
        self._fitted = True
        self._scale *= factor
        self._offset = QPointF(anchor.x() - px * self._scale, anchor.y() - py * self._scale)
        self.update()

    def resizeEvent(self, event) -> None:
        if not self._fitted:  # the whole image until the user zooms or pans
            self.fit()
            self._fitted = False
        super().resizeEvent(event)

    def wheelEvent(self, event) -> None:
        self.zoom(1.25 if event.angleDelta().y() > 0 else 0.8, event.position())

    def mousePressEvent(self, event) -> None:
        self._press, self._press_offset, self._dragged = event.position(), QPointF(self._offset), False

    def mouseMoveEvent(self, event) -> None:
        if self._press is None:
            return
        delta = event.position() - self._press
        if abs(delta.x()) + abs(delta.y()) > 3:
            self._dragged = self._fitted = True
            self._offset = self._press_offset + delta
            self.update()

    def mouseReleaseEvent(self, event) -> None:
        if self._press is not None and not self._dragged and event.button() == Qt.LeftButton:
            px, py = self.to_pixel(event.position())
            if 0 <= px <= self.image.width() and 0 <= py <= self.image.height():
                self.pixel_clicked.emit(px, py)
        self._press = None

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#3a3a3a"))
        painter.setRenderHint(QPainter.SmoothPixmapTransform, True)
        painter.setRenderHint(QPainter.Antialiasing, True)
        target = QRectF(self._offset, QPointF(*self._corner()))
        painter.drawImage(target, self.image)
        for i, (px, py, enabled) in enumerate(self.points):
            at = self.to_screen(px, py)
            colour = QColor("#e02020") if enabled else QColor("#909090")
            if i in self.residuals:  # the fit's place for the point, exaggerated ×10 as QGIS draws it
                dx, dy = self.residuals[i]
                painter.setPen(QPen(QColor("#ffd000"), 2))
                painter.drawLine(at, QPointF(at.x() + 10 * dx * self._scale, at.y() + 10 * dy * self._scale))
            painter.setPen(QPen(QColor("white"), 3))
            painter.drawEllipse(at, 5, 5)
            painter.setPen(QPen(colour, 2))
            painter.drawEllipse(at, 5, 5)
            painter.drawText(at + QPointF(8, -6), str(i + 1))
        if self.pending is not None:
            at = self.to_screen(*self.pending)
            painter.setPen(QPen(QColor("#1060ff"), 2, Qt.DashLine))
            painter.drawEllipse(at, 8, 8)
            painter.drawText(at + QPointF(10, -8), "now click the map")
        painter.end()

    def _corner(self) -> tuple[float, float]:
        return (
            self._offset.x() + self.image.width() * self._scale,
            self._offset.y() + self.image.height() * self._scale,
        )
