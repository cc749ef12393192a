"""Greedy label placement: the most important labels first, each at the first free spot around its point."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF

# Where a label may sit around its point, in order of preference (cartographic convention: upper right
# first, then right, then the other corners and sides).
_POSITIONS = [(1, -1), (1, 0), (1, 1), (-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1)]
_GAP = 2.0
# Halo and breathing room: labels closer than this are as unreadable as overlapping ones.
_PAD = 2.0


@dataclass
class LabelCandidate:
    text: str
    point: QPointF
    metrics: QFontMetricsF
    font: QFont
    rank: int  # 0 = scenario capital, then 1 (most important) … 4
    population: int
    radius: float
    capital: bool = False


@dataclass
class Placement:
    candidate: LabelCandidate
    rect: QRectF  # the label's box in screen pixels
    baseline: QPointF  # where text drawing starts


def _rect_at(c: LabelCandidate, dx: int, dy: int) -> tuple[QRectF, QPointF]:
    width = c.metrics.horizontalAdvance(c.text)
    height = c.metrics.ascent() + c.metrics.descent()
    offset = c.radius + _GAP
    if dx > 0:
        left = c.point.x() + offset
    elif dx < 0:
        left = c.point.x() - offset - width
    else:
        left = c.point.x() - width / 2
    # Corner positions sit diagonally off the marker; straight above or below clear it fully.
    lift = offset * 0.3 if dx else offset
    if dy < 0:
        top = c.point.y() - lift - height
    elif dy > 0:
        top = c.point.y() + lift
    else:
        top = c.point.y() - height / 2
    rect = QRectF(left, top, width, height)
    return rect, QPointF(left, top + c.metrics.ascent())


def place_labels(candidates: list[LabelCandidate], bounds: QRectF) -> list[Placement]:
    """Labels that fit without touching each other, any point marker or the frame edge; the rest are dropped."""
    order = sorted(candidates, key=lambda c: (c.rank, -c.population))
    taken: list[QRectF] = []
    placed: list[Placement] = []
    markers = {
        id(c): QRectF(c.point.x() - c.radius, c.point.y() - c.radius, 2 * c.radius, 2 * c.radius) for c in candidates
    }
    for c in order:
        marker = markers[id(c)]
        if any(marker.intersects(r) for r in taken):
            continue  # the point itself is under a more important label: show neither point nor label
        for dx, dy in _POSITIONS:
            rect, baseline = _rect_at(c, dx, dy)
            padded = rect.adjusted(-_PAD, -_PAD, _PAD, _PAD)
            if not bounds.contains(rect):
                continue
            if any(padded.intersects(r) for r in taken):
                continue
            taken.append(padded)
            taken.append(marker)
            placed.append(Placement(c, rect, baseline))
            break
    return placed
