"""Tests a label box against the map's geometry: coast and polity frontiers it must not cross, areas it must stay in."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from sovsplit.model import reference
from sovsplit.render.labels import TurnedBox, outline
from sovsplit.render.path_batch import frontier_lines, simplified_all


@dataclass(frozen=True)
class PlacedLabel:
    """A label as drawn: its text, its kind (city, port, polity, country, sea, note) and its box in map metres."""

    text: str
    kind: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in the projection's metres
    corners: tuple[tuple[float, float], ...] = ()  # a label turned along its area: its own outline in metres

    def shape(self):
        """The label's outline in map metres: its turned rectangle, or its box."""
        return shapely.Polygon(self.corners) if self.corners else shapely.box(*self.box)


class LabelFit:
    """The lines labels must keep off (coast, polity frontiers) and the land, in projected metres.

    Boxes arrive in display pixels and are turned into map metres with the axes' inverse transform; the
    geometry is simplified to about a pixel, so the tests are as fine as the eye and still fast.
    """

    def __init__(self, to_data, projection_key: str, polities, land: list, metres_per_pixel: float):
        """`to_data` maps an (n, 2) array of display points to map metres (matplotlib: transData.inverted().transform;
        the canvas: its view transform), so the exporter and the canvas test boxes alike. `land` is the
        territory's parts (polities and unclaimed land) in lon/lat."""
        tol = 2.0 ** np.floor(np.log2(max(metres_per_pixel * 0.25, 1.0)))  # a quarter pixel or finer
        self.to_data = to_data
        # The outlines come from the disk cache when an earlier export simplified them so (path_batch.py).
        coast = simplified_all([reference.coastline()], projection_key, tol)[0]
        # Every polity outline: the frontiers between polities and with the neighbours (and the coast again).
        outline = frontier_lines([geom for _pid, geom in polities], projection_key, tol)
        self.lines = [g for g in (coast, outline) if not g.is_empty]
        for g in self.lines:
            shapely.prepare(g)
        # Each land part simplified on its own (as a collection's simplification does, and cached per part).
        self.land = shapely.GeometryCollection(simplified_all(land, projection_key, tol * 4))
        shapely.prepare(self.land)
        self.neighbours = simplified_all([f.geometry for f in reference.neighbours()], projection_key, tol * 4)
        for g in self.neighbours:
            shapely.prepare(g)

    def data_box(self, box) -> tuple[float, float, float, float]:
        (x0, y0), (x1, y1) = self.to_data(np.array([(box.x0, box.y0), (box.x1, box.y1)], dtype=float))
        x0, x1 = sorted((float(x0), float(x1)))
        y0, y1 = sorted((float(y0), float(y1)))  # a y-down screen flips them
        return x0, y0, x1, y1

    def data_outline(self, box):
        """A label's own outline (turned or upright) in map metres, as a polygon."""
        if not isinstance(box, TurnedBox):
            return shapely.box(*self.data_box(box))
        return shapely.Polygon(self.to_data(np.array(outline(box), dtype=float)))

    def crosses_lines(self, box) -> bool:
        rect = self.data_outline(box)
        return any(g.intersects(rect) for g in self.lines)

    def clear(self, box) -> bool:
        """The box crosses no coast and no polity frontier (a city label keeps to one side of both)."""
        return not self.crosses_lines(box)

    def inside(self, shape):
        """A test that a box lies wholly inside `shape` (map metres) and crosses no coast or frontier."""
        shapely.prepare(shape)

        def test(box) -> bool:
            rect = self.data_outline(box)
            return shape.contains(rect) and not any(g.intersects(rect) for g in self.lines)

        return test

    def inside_or_at_sea(self, shape):
        """A neighbour's name: wholly inside its own country, or wholly over the sea, never across a coast."""
        shapely.prepare(shape)

        def test(box) -> bool:
            rect = self.data_outline(box)
            if any(g.intersects(rect) for g in self.lines):
                return False
            if shape.contains(rect):
                return True
            return not self._on_land(rect)

        return test

    def at_sea(self, box) -> bool:
        """A sea's name: wholly over water, crossing no coast, frontier or land."""
        rect = self.data_outline(box)
        return not any(g.intersects(rect) for g in self.lines) and not self._on_land(rect)

    def _on_land(self, rect) -> bool:
        return self.land.intersects(rect) or any(g.intersects(rect) for g in self.neighbours)
