"""Greedy label placement: labels in rank order take the first free spot around their point, or none."""

from __future__ import annotations

from dataclasses import dataclass, field

from matplotlib.transforms import Bbox

# Offsets (in units of the marker gap) tried in order: right, left, above, below, then the diagonals.
_POSITIONS = [
    (1, 0, "left", "center"),
    (-1, 0, "right", "center"),
    (0, 1, "center", "bottom"),
    (0, -1, "center", "top"),
    (1, 1, "left", "bottom"),
    (-1, 1, "right", "bottom"),
    (1, -1, "left", "top"),
    (-1, -1, "right", "top"),
]
# Names written across an area may slide a little off their point to clear a city.
_CENTRED = [
    (0, 0, "center", "center"),
    (0, 1, "center", "center"),
    (0, -1, "center", "center"),
    (0.5, 0, "center", "center"),
    (-0.5, 0, "center", "center"),
    (0, 2, "center", "center"),
    (0, -2, "center", "center"),
    (0.5, 1, "center", "center"),
    (-0.5, -1, "center", "center"),
]


@dataclass
class LabelRequest:
    """A label to place at a display point (pixels); `size` is its (width, height) in pixels."""

    text: str
    x: float
    y: float
    size: tuple[float, float]
    gap: float = 0.0  # pixels between the point and the label
    centred: bool = False  # polity and country names sit on their point, not beside it
    group: str = ""  # of several requests with one group (e.g. a name at falling sizes) the first that fits wins
    accept: object = None  # optional test of a candidate box, e.g. "stays inside its polity"
    payload: dict = field(default_factory=dict)


@dataclass
class Placed:
    request: LabelRequest
    x: float
    y: float
    ha: str
    va: str
    box: Bbox


def _box(req: LabelRequest, dx: int, dy: int, ha: str, va: str) -> tuple[Bbox, float, float]:
    w, h = req.size
    step_x, step_y = (w, h) if req.centred else (req.gap, req.gap)
    x = req.x + dx * step_x
    y = req.y + dy * step_y
    x0 = x if ha == "left" else x - w if ha == "right" else x - w / 2
    y0 = y if va == "bottom" else y - h if va == "top" else y - h / 2
    return Bbox.from_bounds(x0, y0, w, h), x, y


def place_labels(requests: list[LabelRequest], frame: Bbox, obstacles: list[Bbox], pad: float = 2.0) -> list[Placed]:
    """Place requests in the given order inside `frame`, never overlapping obstacles or each other."""
    taken = list(obstacles)
    placed: list[Placed] = []
    done_groups: set[str] = set()
    for req in requests:
        if req.group and req.group in done_groups:
            continue
        for dx, dy, ha, va in _CENTRED if req.centred else _POSITIONS:
            box, x, y = _box(req, dx, dy, ha, va)
            padded = box.expanded(1.0 + 2 * pad / max(box.width, 1), 1.0 + 2 * pad / max(box.height, 1))
            if not (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1):
                continue
            if any(padded.overlaps(other) for other in taken):
                continue
            if req.accept is not None and not req.accept(box):
                continue
            taken.append(box)
            placed.append(Placed(req, x, y, ha, va, box))
            if req.group:
                done_groups.add(req.group)
            break
    return placed
