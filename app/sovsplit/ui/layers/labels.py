"""City labels on the canvas: Qt fonts and screen points handed to the placer the exporter uses too."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF

from sovsplit.render import labels as placer

_GAP = 2.0
# Halo and breathing room: labels closer than this are as unreadable as overlapping ones.
_PAD = 4.0


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


def view_edges(canvas) -> list[QRectF]:
    """Hairline rectangles along the view's edges when labels are laid out for the view and a margin around it
    (ui/canvas/placement_view.py); none for a frame that is the view. As obstacles they keep every label wholly
    inside the view or wholly in the margin, so the window's edge never cuts one in half."""
    inner = getattr(canvas, "view_rect", None)
    if inner is None:
        return []
    r, width, height = inner(), canvas.width(), canvas.height()
    if r.width() >= width and r.height() >= height:
        return []
    hair = 0.5
    return [
        QRectF(r.left() - hair, 0, 2 * hair, height),
        QRectF(r.right() - hair, 0, 2 * hair, height),
        QRectF(0, r.top() - hair, width, 2 * hair),
        QRectF(0, r.bottom() - hair, width, 2 * hair),
    ]


def placer_box(rect: QRectF) -> placer.Box:
    """A screen rectangle (y down) as the shared placer's box (y up)."""
    return placer.Box(rect.left(), -rect.bottom(), rect.right(), -rect.top())


def place_labels(candidates: list[LabelCandidate], bounds: QRectF, avoid: list[QRectF] = ()) -> list[Placement]:
    """Labels that fit without touching each other, any point marker, the frame edge or the `avoid` rectangles;
    the rest are dropped.

    The screen's y axis points down; the shared placer's points up, so y is negated on the way in and out.
    """
    order = sorted(candidates, key=lambda c: (c.rank, -c.population))
    requests = [
        placer.LabelRequest(
            c.text,
            c.point.x(),
            -c.point.y(),
            (c.metrics.horizontalAdvance(c.text), c.metrics.ascent() + c.metrics.descent()),
            gap=c.radius + _GAP,
            marker=c.radius,
            payload={"candidate": c},
        )
        for c in order
    ]
    frame = placer.Box(bounds.left(), -bounds.bottom(), bounds.right(), -bounds.top())
    placements = []
    for item in placer.place_labels(requests, frame, [placer_box(r) for r in avoid], pad=_PAD):
        c, box = item.request.payload["candidate"], item.box
        rect = QRectF(box.x0, -box.y1, box.width, box.height)
        placements.append(Placement(c, rect, QPointF(rect.left(), rect.top() + c.metrics.ascent())))
    return placements
