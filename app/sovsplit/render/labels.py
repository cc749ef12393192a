"""Greedy label placement shared by the canvas and the exporter: in the order given, each label takes the
first free spot around its point, or is left out. Plain numbers only (no Qt, no matplotlib)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

# Where a label may sit around its point, in order of preference, in y-up display units (a y-down screen
# flips its points): the cartographic convention of upper right first, then right, the other corners and
# sides. (dx, dy): -1, 0 or 1 for left/centre/right and below/centre/above.
POSITIONS = [(1, 1), (1, 0), (1, -1), (-1, 1), (-1, 0), (-1, -1), (0, 1), (0, -1)]
# Corner labels sit diagonally off the marker, lifted by this share of the gap; straight above or below a
# label clears the marker by the whole gap.
CORNER_LIFT = 0.3
# Names written across an area may slide a little off their point (in label widths and heights).
CENTRED = [(0, 0), (0, 1), (0, -1), (0.5, 0), (-0.5, 0), (0, 2), (0, -2), (0.5, 1), (-0.5, -1)]


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in display units; anything with x0, y0, x1, y1 (a matplotlib Bbox) compares with it."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def overlaps(self, other) -> bool:
        """Whether the insides overlap (touching edges do not)."""
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def padded(self, pad: float) -> Box:
        return Box(self.x0 - pad, self.y0 - pad, self.x1 + pad, self.y1 + pad)

    def within(self, frame) -> bool:
        return frame.x0 <= self.x0 and self.x1 <= frame.x1 and frame.y0 <= self.y0 and self.y1 <= frame.y1


@dataclass(frozen=True)
class TurnedBox(Box):
    """The upright box around a label turned off the horizontal; `corners` is the label's own outline
    (anticlockwise), which tests of "inside its area" use, while overlaps use the upright box."""

    corners: tuple[tuple[float, float], ...] = ()


def outline(box) -> tuple[tuple[float, float], ...]:
    """A label box's own corners: a turned label's outline, or the four corners of an upright box."""
    if isinstance(box, TurnedBox) and box.corners:
        return box.corners
    return ((box.x0, box.y0), (box.x1, box.y0), (box.x1, box.y1), (box.x0, box.y1))


@dataclass
class LabelRequest:
    """A label to place at a display point; `size` is its (width, height) in display units."""

    text: str
    x: float
    y: float
    size: tuple[float, float]
    gap: float = 0.0  # between the point and the label
    centred: bool = False  # polity and country names sit on their point, not beside it
    group: str = ""  # of several requests with one group (e.g. a name at falling sizes) the first that fits wins
    accept: Callable[[Box], bool] | None = None  # optional test of a candidate Box, e.g. "stays inside its polity"
    marker: float = 0.0  # radius of the point's marker: kept clear of later labels; dropped if already covered
    angle: float = 0.0  # degrees anticlockwise (y up) a centred label runs at, e.g. along its area's long axis
    # A box every accepted candidate lies within (e.g. the bounds of the area `accept` wants it inside): tested
    # first, since it costs four comparisons where `accept` and the overlap tests cost far more.
    within: Box | None = None
    payload: dict = field(default_factory=dict)


@dataclass
class Placed:
    """Where a label went: its anchor (x, y) with matplotlib-style alignment, and its box."""

    request: LabelRequest
    x: float
    y: float
    ha: str
    va: str
    box: Box


def _beside(req: LabelRequest, dx: int, dy: int) -> tuple[Box, float, float, str, str]:
    w, h = req.size
    lift = req.gap * CORNER_LIFT if dx else req.gap
    x = req.x + dx * req.gap
    y = req.y + dy * lift
    ha = "left" if dx > 0 else "right" if dx < 0 else "center"
    va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
    x0 = x if ha == "left" else x - w if ha == "right" else x - w / 2
    y0 = y if va == "bottom" else y - h if va == "top" else y - h / 2
    return Box(x0, y0, x0 + w, y0 + h), x, y, ha, va


def _across(req: LabelRequest, dx: float, dy: float) -> tuple[Box, float, float, str, str]:
    w, h = req.size
    if not req.angle:
        x, y = req.x + dx * w, req.y + dy * h
        return Box(x - w / 2, y - h / 2, x + w / 2, y + h / 2), x, y, "center", "center"
    # A turned label slides along its own axes (along the line of text and across it).
    c, s = math.cos(math.radians(req.angle)), math.sin(math.radians(req.angle))
    x, y = req.x + dx * w * c - dy * h * s, req.y + dx * w * s + dy * h * c
    corners = tuple(
        (x + u * w / 2 * c - v * h / 2 * s, y + u * w / 2 * s + v * h / 2 * c)
        for u, v in ((-1, -1), (1, -1), (1, 1), (-1, 1))
    )
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return TurnedBox(min(xs), min(ys), max(xs), max(ys), corners), x, y, "center", "center"


def clash(a, b, pad: float = 0.0) -> bool:
    """Whether two label boxes come closer than `pad`: upright boxes by their edges, a turned label by its own
    outline (separating axes), so a label along a slanting area does not block the whole box around it."""
    if not a.padded(pad).overlaps(b):
        return False
    if not isinstance(a, TurnedBox) and not isinstance(b, TurnedBox):
        return True
    pa, pb = outline(a), outline(b)
    # The upright axes were tested above (the boxes around the outlines); a turned outline adds its own two
    # (its edges come in parallel pairs).
    for poly in (pa, pb):
        if poly[0][1] == poly[1][1] and poly[1][0] == poly[2][0]:
            continue  # an upright box: its axes are the ones already tested
        for (x0, y0), (x1, y1) in (poly[0:2], poly[1:3]):
            nx, ny = y0 - y1, x1 - x0  # an edge's normal: a candidate separating axis
            norm = math.hypot(nx, ny)
            if norm == 0:
                continue
            nx, ny = nx / norm, ny / norm
            ka = [x * nx + y * ny for x, y in pa]
            kb = [x * nx + y * ny for x, y in pb]
            if max(ka) + pad <= min(kb) or max(kb) + pad <= min(ka):
                return False
    return True


def candidates(req: LabelRequest) -> list:
    """The boxes a request may take, best first."""
    return list(_each_candidate(req))


def _each_candidate(req: LabelRequest):
    """candidates() one at a time, for the placer: most labels take their first or are refused early."""
    if req.centred:
        return (_across(req, dx, dy) for dx, dy in CENTRED)
    return (_beside(req, dx, dy) for dx, dy in POSITIONS)


def place_labels(requests: list[LabelRequest], frame, obstacles: list, pad: float = 2.0) -> list[Placed]:
    """Place requests in the given order inside `frame`, `pad` clear of obstacles, markers and each other."""
    # Plain corner tuples: reading a matplotlib Bbox's corners costs far more than the comparisons themselves.
    taken = [(float(o.x0), float(o.y0), float(o.x1), float(o.y1)) for o in obstacles]
    # Index in `taken` -> a turned label there, tested by its own outline.
    turned: dict[int, TurnedBox] = {i: o for i, o in enumerate(obstacles) if isinstance(o, TurnedBox)}
    frame = Box(float(frame.x0), float(frame.y0), float(frame.x1), float(frame.y1))
    placed: list[Placed] = []
    done_groups: set[str] = set()
    for req in requests:
        if req.group and req.group in done_groups:
            continue
        marker = None
        if req.marker:
            r = req.marker
            marker = Box(req.x - r, req.y - r, req.x + r, req.y + r)
            if _hits(marker, taken, turned):
                continue  # the point itself is under a more important label: show neither point nor label
        for box, x, y, ha, va in _each_candidate(req):
            if not box.within(frame) or (req.within is not None and not box.within(req.within)):
                continue
            if _hits(box, taken, turned, pad):
                continue
            if req.accept is not None and not req.accept(box):
                continue
            if isinstance(box, TurnedBox):
                turned[len(taken)] = box
            taken.append((box.x0, box.y0, box.x1, box.y1))
            if marker is not None:
                taken.append((marker.x0, marker.y0, marker.x1, marker.y1))
            placed.append(Placed(req, x, y, ha, va, box))
            if req.group:
                done_groups.add(req.group)
            break
    return placed


def _hits(box: Box, taken: list[tuple[float, float, float, float]], turned: dict, pad: float = 0.0) -> bool:
    """Whether `box`, grown by `pad`, overlaps any taken box (insides only, as Box.overlaps); where either is a
    turned label, only if their own outlines come that close (`clash`). A plain loop: with the few hundred
    boxes of a map it beats numpy, whose per-call cost is paid for every candidate."""
    grown = box.padded(pad) if pad else box
    x0, y0, x1, y1 = grown.x0, grown.y0, grown.x1, grown.y1
    for i, (a0, b0, a1, b1) in enumerate(taken):
        if x0 < a1 and a0 < x1 and y0 < b1 and b0 < y1:
            other = turned.get(i)
            if other is None and not isinstance(box, TurnedBox):
                return True
            if clash(box, other if other is not None else Box(a0, b0, a1, b1), pad):
                return True
    return False
