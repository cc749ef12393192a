"""What the debate overlay draws with: verdict and stance colours, marker groups, callouts and box geometry."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF

from sovsplit.model.annotations.arguments import Assessment
from sovsplit.model.annotations.rules import CONTRADICTED, NOT_MEASURABLE, SUPPORTED
from sovsplit.model.annotations.wording import verdict_heading

VERDICT_COLOURS = {SUPPORTED: "#2e7d32", CONTRADICTED: "#c62828", NOT_MEASURABLE: "#9e9e9e"}
VERDICT_GLYPHS = {SUPPORTED: "✓", CONTRADICTED: "✗", NOT_MEASURABLE: "?"}
VERDICT_LEGEND = {v: verdict_heading(v) for v in (SUPPORTED, CONTRADICTED, NOT_MEASURABLE)}
STANCE_COLOURS = {"for": "#1565c0", "against": "#ef6c00", "neutral": "#b0b0b0"}
STANCE_LEGEND = {
    "for": "Argues the East could work",
    "against": "Argues against the East",
    "neutral": "Premise or open question",
}
# Anchors closer than this (pixels) share one marker and one callout, one row per argument: two markers
# (radius BADGE_RADIUS) never overlap.
GROUP_PX = 20.0
# Distances (pixels) from the anchor at which a callout may sit, nearest first.
CALLOUT_RADII = (18, 34, 56, 84, 118, 160, 210, 270)
CALLOUT_ANGLES = 16
BOX_GAP = 4.0  # free space kept around each box
MARKER_RADIUS = 3.5
BADGE_RADIUS = 8.5  # radius (pixels) of a compact group marker


@dataclass
class MarkerGroup:
    """Arguments anchored at (about) one place, drawn as one verdict marker with a count."""

    anchor: QPointF
    members: list[Assessment]

    @property
    def rect(self) -> QRectF:
        return QRectF(
            self.anchor.x() - BADGE_RADIUS, self.anchor.y() - BADGE_RADIUS, 2 * BADGE_RADIUS, 2 * BADGE_RADIUS
        )

    def ids(self) -> set[str]:
        return {a.annotation.id for a in self.members}


@dataclass
class Callout:
    """One box on screen: the arguments anchored at (about) one place."""

    anchor: QPointF
    rows: list[tuple[Assessment, QRectF]]
    rect: QRectF
    leader_end: QPointF


STANCE_ORDER = {"against": 0, "for": 1, "neutral": 2}
VERDICT_ORDER = (CONTRADICTED, SUPPORTED, NOT_MEASURABLE)


def row_text(assessment: Assessment) -> str:
    title = assessment.annotation.props["title"]
    return f"✎ {title}" if assessment.annotation.user else title


def angle_order(step: int) -> float:
    """Directions to try: right, left, the diagonals, then up and down, then the in-betweens (radians)."""
    preferred = [0, 8, 2, 14, 6, 10, 4, 12, 1, 15, 7, 9, 3, 13, 5, 11]
    return preferred[step % len(preferred)] * 2 * math.pi / CALLOUT_ANGLES


def rect_towards(anchor: QPointF, radius: float, angle: float, width: float, height: float) -> QRectF:
    """A box whose nearest side lies `radius` pixels from the anchor in direction `angle` (screen y down)."""
    dx, dy = math.cos(angle), -math.sin(angle)
    cx = anchor.x() + dx * radius + (width / 2 if dx > 0.38 else -width / 2 if dx < -0.38 else 0.0)
    cy = anchor.y() + dy * radius + (height / 2 if dy > 0.38 else -height / 2 if dy < -0.38 else 0.0)
    return QRectF(cx - width / 2, cy - height / 2, width, height)


def rect_overlap(a: QRectF, b: QRectF) -> float:
    inter = a.intersected(b)
    return inter.width() * inter.height() if not inter.isEmpty() else 0.0


def nearest_on_rect(rect: QRectF, point: QPointF) -> QPointF:
    return QPointF(min(max(point.x(), rect.left()), rect.right()), min(max(point.y(), rect.top()), rect.bottom()))


def line_crosses_rect(line: QLineF, rect: QRectF) -> bool:
    """Whether a leader line passes through a box (sampled: leaders are short)."""
    for i in range(1, 20):
        if rect.contains(line.pointAt(i / 20)):
            return True
    return False


def lines_cross(a: QLineF, b: QLineF) -> bool:
    """Whether two leader lines cross between their ends (touching at a shared anchor does not count)."""
    kind, point = a.intersects(b)
    if kind != QLineF.BoundedIntersection:
        return False
    ends = (a.p1(), a.p2(), b.p1(), b.p2())
    return not any(QLineF(point, e).length() < 0.5 for e in ends)
