"""Area shapes in screen units, memoized per view: repaints of one view and a timeline's states that share a
territory reuse the clipped shape, its inner point and its label-fit answers instead of recomputing them."""

from __future__ import annotations

from collections.abc import Callable

import shapely

# Entries kept per table (oldest dropped first): a few views' worth of polities and neighbouring countries.
_LIMIT = 1024


def _bounded_put(table: dict, key, value) -> None:
    table[key] = value
    while len(table) > _LIMIT:
        table.pop(next(iter(table)))


class ScreenShapes:
    """Memo tables keyed by the identity of the geometry (kept alive with the entry, so ids are never reused)."""

    def __init__(self):
        self._clipped: dict[tuple, tuple] = {}
        self._points: dict[int, tuple] = {}
        self._tests: dict[tuple, tuple] = {}

    def clipped(self, geom, affine, screen, clip: Callable):
        """`clip(affine_transform(geom, affine), screen)`, once per geometry, view transform and screen."""
        key = (id(geom), tuple(affine), screen.bounds)
        entry = self._clipped.get(key)
        if entry is None or entry[0] is not geom:
            entry = (geom, clip(_near_screen(geom, affine, screen), screen))
            _bounded_put(self._clipped, key, entry)
        return entry[1]

    def inner_point(self, shape, find: Callable):
        """`find(shape)` (a label anchor well inside the shape), once per shape."""
        entry = self._points.get(id(shape))
        if entry is None or entry[0] is not shape:
            entry = (shape, find(shape))
            _bounded_put(self._points, id(shape), entry)
        return entry[1]

    def fits(self, shape, share: float, make_test: Callable):
        """`make_test(shape, share)` with every answer kept: the placer asks about the same boxes again."""
        key = (id(shape), share)
        entry = self._tests.get(key)
        if entry is None or entry[0] is not shape:
            test, answers = make_test(shape, share), {}

            def remembered(box) -> bool:
                corners = (box.x0, box.y0, box.x1, box.y1)
                if corners not in answers:
                    answers[corners] = test(box)
                return answers[corners]

            entry = (shape, remembered)
            _bounded_put(self._tests, key, entry)
        return entry[1]


def _near_screen(geom, affine, screen):
    """`geom` moved onto the screen by the affine, without the parts that cannot reach it: zoomed in, a shape
    far larger than the screen (a neighbouring country) is first cut to the screen's box in its own units, so
    only what may show is transformed (the exact cut is made on screen afterwards)."""
    a, b, d, e, xoff, yoff = affine
    if b or d or a <= 0 or e <= 0:  # not a plain scale and move: transform it all
        return shapely.affinity.affine_transform(geom, affine)
    left, bottom, right, top = screen.bounds
    # The screen's box in the geometry's units, a pixel larger on every side.
    x0, x1 = (left - 1 - xoff) / a, (right + 1 - xoff) / a
    y0, y1 = (bottom - 1 - yoff) / e, (top + 1 - yoff) / e
    gx0, gy0, gx1, gy1 = geom.bounds
    if gx1 < x0 or gx0 > x1 or gy1 < y0 or gy0 > y1:
        return shapely.Polygon()  # wholly off screen
    if gx0 < x0 or gx1 > x1 or gy0 < y0 or gy1 > y1:
        geom = shapely.clip_by_rect(geom, x0, y0, x1, y1)
    return shapely.affinity.affine_transform(geom, affine)
