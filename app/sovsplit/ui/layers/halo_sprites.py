"""Label text with its halo rendered once into small images and reused by every later frame."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPainterPath, QPen


class HaloSprites:
    """Label text with its halo rendered once into small images (stroking a halo is the costly part of a
    label), keyed by text, font, colours and pixel ratio; drawn at whole device pixels so they stay crisp."""

    def __init__(self):
        self._images: dict[tuple, tuple[QImage, QPointF]] = {}

    def clear(self) -> None:
        self._images.clear()

    def sprite(self, text: str, font: QFont, halo: QColor, ink: QColor, halo_px: float, ratio: float):
        """The image and where the text's baseline origin lies in it (logical pixels)."""
        key = (text, font.key(), halo.rgba(), ink.rgba(), halo_px, ratio)
        cached = self._images.get(key)
        if cached is None:
            path = QPainterPath()
            path.addText(QPointF(0, 0), font, text)
            margin = halo_px / 2 + 1
            box = path.boundingRect().adjusted(-margin, -margin, margin, margin)
            image = QImage(
                max(1, math.ceil(box.width() * ratio)),
                max(1, math.ceil(box.height() * ratio)),
                QImage.Format_ARGB32_Premultiplied,
            )
            image.setDevicePixelRatio(ratio)
            image.fill(Qt.transparent)
            origin = QPointF(math.floor(-box.left()), math.floor(-box.top()))
            painter = QPainter(image)
            painter.setRenderHint(QPainter.Antialiasing)
            painter.translate(origin)
            pen = QPen(halo, halo_px)
            pen.setJoinStyle(Qt.RoundJoin)
            painter.strokePath(path, pen)
            painter.fillPath(path, QBrush(ink))
            painter.end()
            cached = self._images[key] = (image, origin)
            if len(self._images) > 2000:  # a bound for long sessions with many styles
                self._images.pop(next(iter(self._images)))
        return cached

    def draw(self, painter: QPainter, baseline: QPointF, text, font, halo, ink, halo_px: float, ratio: float):
        image, origin = self.sprite(text, font, halo, ink, halo_px, ratio)
        x = round((baseline.x() - origin.x()) * ratio) / ratio
        y = round((baseline.y() - origin.y()) * ratio) / ratio
        painter.drawImage(QPointF(x, y), image)
