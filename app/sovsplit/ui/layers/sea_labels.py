"""Names of the seas and oceans on the canvas: italic, in the style's sea colour, placed by the shared placer."""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QFont, QFontMetricsF, QPainterPath

from sovsplit.model import lod, reference
from sovsplit.render import labels as placer
from sovsplit.render.sea_labels import MIN_SCREEN_POINTS, font_sizes, forms, sea_names
from sovsplit.ui.layers.labels import placer_box, view_edges
from sovsplit.ui.layers.map_layers import MapLayer, qcolor

# Metres: the land is simplified this much once per projection (a name keeps a few pixels off the coast anyway).
_SIMPLIFY_M = 5000.0
_PAD = 3.0


def _simplified(projected: np.ndarray) -> np.ndarray:
    """Douglas-Peucker per part (no topology repair: a name keeps a few pixels off the coast anyway), empties out."""
    simplified = shapely.simplify(projected, _SIMPLIFY_M, preserve_topology=False)
    return simplified[~shapely.is_empty(simplified)]


class ProjectedLand:
    """Land parts in projected metres behind a spatial index: does a shape touch any of them?"""

    def __init__(self, parts: np.ndarray):
        shapely.prepare(parts)
        self.parts = parts
        self._tree = shapely.STRtree(parts)

    @property
    def is_empty(self) -> bool:
        return not len(self.parts)

    def intersects(self, shape) -> bool:
        return bool(len(self._tree.query(shape, predicate="intersects")))


class SeaLabelsLayer(MapLayer):
    """Sea and ocean names, wholly over water and clear of every other label; the first layer to give way."""

    key, title = "seas", "Sea names"

    def __init__(self, **kw):
        super().__init__(**kw)
        self._land = None  # (region set, projection key, ProjectedLand)
        self._neighbours: tuple[str, np.ndarray] | None = None  # (projection key, simplified projected parts)
        self._points: np.ndarray | None = None
        # The label boxes of the last paint, in screen pixels: (name, QRectF); tests check them.
        self.placed: list[tuple[str, QRectF]] = []

    def prepare(self):
        reference.seas()
        if self.canvas is not None:  # the neighbours' part of the land, on the worker
            key = self.canvas.projection_key
            self._neighbours = (key, self._simplified_neighbours(key))

    def projection_changed(self):
        self._land = None
        self._points = None

    @staticmethod
    def _simplified_neighbours(projection_key: str) -> np.ndarray:
        parts = np.array([f.geometry for f in reference.neighbours()], dtype=object)
        return _simplified(lod.project(parts, projection_key))

    def projected_land(self, canvas) -> ProjectedLand | None:
        """The USSR's regions (whoever holds them) and its neighbours, projected and simplified, in a spatial index.

        Kept per region set: an edit or a timeline state moves borders, never the coast, so it is not redone.
        Each part is simplified alone and never merged: the union of them all once cost half a second of the
        first scenario frame, and a name tested against the parts is tested against the same land."""
        if canvas.scenario is None:
            return None
        regions, key = canvas.scenario.regions, canvas.projection_key
        if self._land is None or self._land[0] is not regions or self._land[1] != key:
            if self._neighbours is None or self._neighbours[0] != key:
                self._neighbours = (key, self._simplified_neighbours(key))
            # The regions as the loading worker projected them (model/lod.py keeps them per region set).
            ussr = _simplified(lod.simplified_regions(regions, key, 0.0))
            self._land = (regions, key, ProjectedLand(np.concatenate([ussr, self._neighbours[1]])))
        return self._land[2]

    def paint(self, painter, canvas):
        land = self.projected_land(canvas)
        if land is None:
            return
        seas = sea_names()
        if self._points is None:
            xs, ys = canvas.project(np.array([s.lon for s in seas]), np.array([s.lat for s in seas]))
            self._points = np.column_stack([xs, ys])
        to_map, _ok = canvas.view_transform().inverted()

        def at_sea(box: placer.Box) -> bool:
            # The box (y-up screen units) back in projected metres, tested against the land there.
            corners = [to_map.map(QPointF(x, -y)) for x, y in placer.outline(box)]
            return not land.intersects(shapely.Polygon([(p.x(), p.y()) for p in corners]))

        style = canvas.style
        width, height = canvas.width(), canvas.height()
        requests = []
        for sea, (mx, my) in zip(seas, self._points):
            point = canvas.map_to_screen(float(mx), float(my))
            if not (0 <= point.x() <= width and 0 <= point.y() <= height):
                continue
            # Smaller than MIN_SCREEN_POINTS is noise on a screen: the name waits for a closer zoom.
            for points in font_sizes(sea, style.label_size, MIN_SCREEN_POINTS):
                font = QFont(style.font_family)
                font.setItalic(True)
                font.setPointSizeF(points)
                metrics = QFontMetricsF(font)
                for text in forms(sea):
                    lines = text.split("\n")
                    size = (max(metrics.horizontalAdvance(line) for line in lines), metrics.lineSpacing() * len(lines))
                    request = placer.LabelRequest(
                        sea.name, point.x(), -point.y(), size, centred=True, group=f"sea:{sea.name}", accept=at_sea
                    )
                    request.payload = {"font": font, "metrics": metrics, "lines": lines}
                    requests.append(request)
        obstacles = []
        for key in ("cities", "area-labels"):
            layer = canvas.layer(key)
            if layer is not None and layer.visible:
                obstacles += [placer_box(entry[1]) for entry in getattr(layer, "placed", [])]
        notes = canvas.layer("annotations")
        if notes is not None and notes.visible and canvas.scenario is not None:  # the arguments' markers (their
            # callouts, laid out after us, avoid our names), for this very view: not the last drawing's
            rects = [g.rect for g in notes.marker_groups(canvas)[1]]
            obstacles += [placer_box(r) for r in rects]
        obstacles += [placer_box(r) for r in view_edges(canvas)]
        placed = placer.place_labels(requests, placer.Box(0, -height, width, 0), obstacles, pad=_PAD)
        self.placed = []
        painter.resetTransform()
        brush = QBrush(qcolor(style.sea_label))
        for item in placed:
            box, payload = item.box, item.request.payload
            rect = QRectF(box.x0, -box.y1, box.width, box.height)
            self.placed.append((item.request.text, rect))
            metrics = payload["metrics"]
            path = QPainterPath()
            for i, line in enumerate(payload["lines"]):
                left = rect.center().x() - metrics.horizontalAdvance(line) / 2
                path.addText(
                    QPointF(left, rect.top() + i * metrics.lineSpacing() + metrics.ascent()), payload["font"], line
                )
            painter.fillPath(path, brush)
