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
            entry = (geom, clip(shapely.affinity.affine_transform(geom, affine), screen))
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
