"""Pre-rendered label halos: a sprite draws what stroking and filling the text in place draws."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPainterPath, QPen

from sovsplit.ui.layers.halo_sprites import HaloSprites


def _canvas_image() -> QImage:
    image = QImage(300, 80, QImage.Format_ARGB32_Premultiplied)
    image.fill(QColor("#b9d3e3"))
    return image


def _pixels(image: QImage) -> np.ndarray:
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    return data.reshape(image.height(), -1, 4)[:, : image.width()].astype(int)


def test_a_sprite_matches_text_stroked_in_place(qapp):
    font = QFont()
    font.setPointSizeF(11)
    halo, ink, baseline = QColor("white"), QColor("#222222"), QPointF(20, 50)
    direct = _canvas_image()
    painter = QPainter(direct)
    painter.setRenderHint(QPainter.Antialiasing)
    path = QPainterPath()
    path.addText(baseline, font, "Vladivostok")
    pen = QPen(halo, 4.0)
    pen.setJoinStyle(Qt.RoundJoin)
    painter.strokePath(path, pen)
    painter.fillPath(path, QBrush(ink))
    painter.end()

    sprites = HaloSprites()
    drawn = _canvas_image()
    painter = QPainter(drawn)
    sprites.draw(painter, baseline, "Vladivostok", font, halo, ink, 4.0, 1.0)
    painter.end()

    changed = (np.abs(_pixels(direct) - _pixels(drawn)).max(axis=2) > 24).mean()
    inked = (np.abs(_pixels(direct) - _pixels(_canvas_image())).max(axis=2) > 24).mean()
    assert inked > 0.02  # the label is really there
    assert changed < 0.05 * inked  # and the sprite puts it in the same pixels
    first = sprites.sprite("Vladivostok", font, halo, ink, 4.0, 1.0)
    assert sprites.sprite("Vladivostok", font, halo, ink, 4.0, 1.0) is first  # rendered once
