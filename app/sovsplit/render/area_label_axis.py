"""The direction an area's name runs along: the principal axis of its largest part, kept readable."""

from __future__ import annotations

import math

import numpy as np
import shapely
from shapely.geometry.polygon import orient

# Steeper names are hard to read: the axis is clamped to this many degrees either side of horizontal.
MAX_ANGLE = 60.0
# A tilt this small looks like a mistake rather than a choice: the name stays level.
MIN_ANGLE = 4.0
# A part whose long axis is less than this many times its short one has no direction worth following.
MIN_ELONGATION = 1.35


def principal_axis(shape) -> tuple[float, float]:
    """(angle in degrees anticlockwise from +x, elongation) of the largest polygon part of `shape`.

    The axis is the major eigenvector of the part's area moments of inertia (exact for polygons, holes
    subtracted), so a bent or ragged outline still gives the direction most of its area runs in;
    elongation is the square root of the ratio of the two moments (1 for a disc or a square).
    """
    parts = [p for p in shapely.get_parts(shape) if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        return 0.0, 1.0
    part = orient(max(parts, key=lambda p: p.area))
    cx, cy = part.centroid.x, part.centroid.y
    sxx = syy = sxy = area = 0.0
    for ring in [part.exterior, *part.interiors]:  # oriented: exterior anticlockwise, holes clockwise
        xy = np.asarray(ring.coords) - (cx, cy)
        x0, y0, x1, y1 = xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1]
        cross = x0 * y1 - x1 * y0
        area += cross.sum() / 2
        sxx += (cross * (x0 * x0 + x0 * x1 + x1 * x1)).sum() / 12  # ∫ x² dA
        syy += (cross * (y0 * y0 + y0 * y1 + y1 * y1)).sum() / 12  # ∫ y² dA
        sxy += (cross * (x0 * y1 + 2 * x0 * y0 + 2 * x1 * y1 + x1 * y0)).sum() / 24  # ∫ xy dA
    if area <= 0:
        return 0.0, 1.0
    eigen, vectors = np.linalg.eigh(np.array([[sxx, sxy], [sxy, syy]]))
    major = vectors[:, 1]  # eigh sorts ascending: the last is the direction of greatest spread
    angle = math.degrees(math.atan2(major[1], major[0]))
    elongation = math.sqrt(eigen[1] / eigen[0]) if eigen[0] > 0 else math.inf
    return angle, elongation


def readable(angle: float) -> float:
    """An angle turned so text along it never reads upside down ((-90, 90]), then clamped to ±MAX_ANGLE."""
    angle = (angle + 90.0) % 180.0 - 90.0  # a line's direction: the same line either way round
    if angle == -90.0:
        angle = 90.0
    return max(-MAX_ANGLE, min(MAX_ANGLE, angle))


def label_angle(shape) -> float:
    """The angle (degrees anticlockwise, y up) an area's name should run at; 0 for compact shapes."""
    angle, elongation = principal_axis(shape)
    if elongation < MIN_ELONGATION:
        return 0.0
    angle = readable(angle)
    return 0.0 if abs(angle) < MIN_ANGLE else round(angle, 1)


def spaced(text: str) -> str:
    """A name letter-spaced as area names are on maps: a thin space between letters, a wider gap between words."""
    return "\n".join("\u2002".join("\u2009".join(word) for word in line.split(" ")) for line in text.split("\n"))
