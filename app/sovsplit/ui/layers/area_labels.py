"""Polity and neighbour names written across their areas on the canvas, placed by the exporter's label placer."""

from __future__ import annotations

import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetricsF, QPainterPath, QPen

from sovsplit.model import reference
from sovsplit.model.polygons import inner_point
from sovsplit.render import labels as placer
from sovsplit.ui.canvas.geometry_paths import project_geometry
from sovsplit.ui.layers.map_layers import MapLayer, qcolor
from sovsplit.ui.layers.screen_shapes import ScreenShapes

# Polity names try these sizes (share of the style's polity label size) and letter spacings (share of the
# font size), widest first: the name spreads across its polity and shrinks only when it must.
_SHRINK = (1.0, 0.82, 0.66, 0.52, 0.42)
_SPREAD = (0.6, 0.35, 0.15, 0.0)
# Metres: polity and neighbour outlines are simplified this much once per projection (labels need no detail).
_SIMPLIFY_M = 5000.0
_PAD = 3.0
# Clipped shapes, inner points and fit answers kept per view (ui/layers/screen_shapes.py).
_SHAPES = ScreenShapes()


class AreaLabelsLayer(MapLayer):
    """Names of the polities (spread across them, never over a border) and of the neighbouring countries."""

    key, title = "area-labels", "Polity and country names"

    def __init__(self, **kw):
        super().__init__(**kw)
        self._polities: dict[str, object] = {}
        self._neighbours: list[tuple[str, object]] | None = None
        # Simplified outlines by territory geometry, across scenarios: a timeline's states share territories.
        self._outlines: dict[int, tuple] = {}
        # The label boxes of the last paint, in screen pixels: (text, QRectF, kind); tests check them.
        self.placed: list[tuple[str, QRectF, str]] = []

    def scenario_changed(self):
        self._polities.clear()

    def territory_changed(self, polity_ids):
        self._polities.clear()

    def projection_changed(self):
        self._polities.clear()
        self._outlines.clear()
        self._neighbours = None

    def _projected_polities(self, canvas) -> dict[str, object]:
        if not self._polities and canvas.scenario is not None:
            transformer = canvas.transformer
            for pid in canvas.scenario.polities:
                geom = canvas.scenario.geometry_of(pid)
                if not geom.is_empty:
                    kept = self._outlines.get(id(geom))
                    if kept is None or kept[0] is not geom:
                        kept = (geom, shapely.simplify(project_geometry(geom, transformer), _SIMPLIFY_M))
                        self._outlines[id(geom)] = kept
                    self._polities[pid] = kept[1]
            while len(self._outlines) > 64:
                self._outlines.pop(next(iter(self._outlines)))
        return self._polities

    def _projected_neighbours(self, canvas) -> list[tuple[str, object]]:
        if self._neighbours is None:
            transformer = canvas.transformer
            self._neighbours = []
            for feature in reference.neighbours():
                geom = shapely.simplify(project_geometry(feature.geometry, transformer), _SIMPLIFY_M)
                if not geom.is_empty:
                    self._neighbours.append((feature.get("name", ""), geom))
        return self._neighbours

    def paint(self, painter, canvas):
        if canvas.scenario is None:
            return
        t = canvas.view_transform()
        # Projected metres → the placer's y-up screen units (screen y negated), in one affine step.
        affine = [t.m11(), t.m21(), -t.m12(), -t.m22(), t.dx(), -t.dy()]
        width, height = canvas.width(), canvas.height()
        frame = placer.Box(0, -height, width, 0)
        screen = shapely.box(0, -height, width, 0)
        style = canvas.style
        requests = []
        for pid, geom in self._projected_polities(canvas).items():
            shape = _SHAPES.clipped(geom, affine, screen, _clipped)
            if shape.is_empty or shape.area < 400:
                continue
            x, y = _SHAPES.inner_point(shape, inner_point)
            name = canvas.scenario.polities[pid].name.upper()
            inside = _SHAPES.fits(shape, 1.0, _inside)
            for shrink in _SHRINK:
                for spread in _SPREAD:
                    font = QFont(style.title_font_family)
                    font.setBold(True)
                    font.setPointSizeF(style.polity_label_size * shrink)
                    font.setLetterSpacing(QFont.AbsoluteSpacing, font.pointSizeF() * spread)
                    metrics = QFontMetricsF(font)
                    size = (metrics.horizontalAdvance(name), metrics.ascent() + metrics.descent())
                    request = placer.LabelRequest(name, x, y, size, centred=True, group=f"polity:{pid}", accept=inside)
                    request.payload = {"font": font, "kind": "polity", "metrics": metrics}
                    requests.append(request)
        country_font = QFont(style.font_family)
        country_font.setItalic(True)
        country_font.setPointSizeF(style.label_size * 0.95)
        country_metrics = QFontMetricsF(country_font)
        for name, geom in self._projected_neighbours(canvas):
            shape = _SHAPES.clipped(geom, affine, screen, _clipped)
            if shape.is_empty or shape.area < 2500 or not name:
                continue
            x, y = _SHAPES.inner_point(shape, inner_point)
            size = (country_metrics.horizontalAdvance(name), country_metrics.ascent() + country_metrics.descent())
            request = placer.LabelRequest(name, x, y, size, centred=True, accept=_SHAPES.fits(shape, 0.95, _inside))
            request.payload = {"font": country_font, "kind": "country", "metrics": country_metrics}
            requests.append(request)
        cities = canvas.layer("cities")
        obstacles = [
            placer.Box(r.left(), -r.bottom(), r.right(), -r.top())
            for _, r in (getattr(cities, "placed", []) if cities is not None and cities.visible else [])
        ]
        placed = placer.place_labels(requests, frame, obstacles, pad=_PAD)
        self.placed = []
        painter.resetTransform()
        halo = qcolor(style.halo)
        for item in placed:
            box, payload = item.box, item.request.payload
            rect = QRectF(box.x0, -box.y1, box.width, box.height)
            self.placed.append((item.request.text, rect, payload["kind"]))
            metrics = payload["metrics"]
            path = QPainterPath()
            path.addText(QPointF(rect.left(), rect.top() + metrics.ascent()), payload["font"], item.request.text)
            colour = qcolor(style.polity_label_colour if payload["kind"] == "polity" else style.neighbour_label)
            if payload["kind"] == "country":
                pen = QPen(halo, 2.5)
                pen.setJoinStyle(Qt.RoundJoin)
                painter.strokePath(path, pen)
            painter.fillPath(path, QBrush(colour))


def _clipped(shape, screen):
    """The part of a shape on screen, without an overlay when it lies wholly inside (as at the full view)."""
    x0, y0, x1, y1 = shape.bounds
    left, bottom, right, top = screen.bounds
    if x0 >= left and y0 >= bottom and x1 <= right and y1 <= top:
        return shape
    # Rectangle clipping is many times faster than an overlay but may leave an invalid shape (rare): then the
    # overlay decides, since the fit tests that follow need a valid one.
    clipped = shapely.clip_by_rect(shape, left, bottom, right, top)
    return clipped if shapely.is_valid(clipped) else shapely.intersection(shape, screen)


def _inside(shape, share: float):
    """A test that a label box lies (almost) wholly on an area: a polity's name never crosses its border."""
    shapely.prepare(shape)  # many boxes are tested against one shape

    def test(box: placer.Box) -> bool:
        rect = shapely.box(box.x0, box.y0, box.x1, box.y1)
        if share >= 1.0:
            return bool(shapely.contains(shape, rect))
        return shapely.intersection(shape, rect).area >= share * rect.area

    return test
