"""The canvas hands its city labels to the exporter's placer: same preferred side on a y-down screen."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF

from sovsplit.ui.layers.labels import LabelCandidate, place_labels


def _candidate(text, x, y, rank=1):
    font = QFont()
    return LabelCandidate(text, QPointF(x, y), QFontMetricsF(font), font, rank, 0, 3.0)


def test_a_lone_city_label_sits_upper_right_on_screen(qapp):
    [placed] = place_labels([_candidate("Omsk", 200, 200)], QRectF(0, 0, 400, 400))
    # y grows downwards on screen: upper right means left of the box right of the point, bottom above it.
    assert placed.rect.left() > 200 and placed.rect.bottom() < 200
    assert placed.baseline.x() == placed.rect.left()


def test_labels_stay_on_screen_and_apart(qapp):
    cities = [_candidate(f"City {i}", 20 + 7 * i, 30 + 5 * i, rank=i % 4) for i in range(40)]
    placed = place_labels(cities, QRectF(0, 0, 300, 300))
    assert len(placed) >= 5
    for i, a in enumerate(placed):
        assert QRectF(0, 0, 300, 300).contains(a.rect)
        for b in placed[i + 1 :]:
            assert not a.rect.intersects(b.rect)
