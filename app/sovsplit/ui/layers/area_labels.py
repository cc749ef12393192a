"""Polity and neighbour names written across their areas on the canvas, placed by the exporter's label placer."""

from __future__ import annotations

import math
import threading

import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetricsF, QPainterPath, QPen

from sovsplit.model import reference
from sovsplit.model.formatting import map_name
from sovsplit.model.polygons import inner_point, interior_spots
from sovsplit.model.projections import get_projection
from sovsplit.render import labels as placer
from sovsplit.render.area_label_axis import label_angle
from sovsplit.ui.canvas.geometry_paths import project_geometry
from sovsplit.ui.layers.labels import placer_box, view_edges
from sovsplit.ui.layers.map_layers import MapLayer, qcolor
from sovsplit.ui.layers.screen_shapes import ScreenShapes

# Polity names try these sizes (share of the style's polity label size) and letter spacings (share of the
# font size), widest first: the name spreads across its polity and shrinks only when it must.
_SHRINK = (1.0, 0.82, 0.66, 0.52, 0.42)
_SPREAD = (0.6, 0.35, 0.15, 0.0)
# Metres: polity and neighbour outlines are simplified this much once per projection (labels need no detail).
_SIMPLIFY_M = 5000.0
_PAD = 3.0
# The last territories' label outlines by (identity, projection): the window works them out on its loading
# worker (ui/window/scenario_warmup.py), so the first paint of a scenario finds them ready.
_OUTLINES: dict[tuple[int, str], tuple] = {}
_OUTLINES_LOCK = threading.Lock()
_OUTLINES_KEPT = 64  # a timeline's states share territories: keep them all


def label_outline(territory, projection_key: str):
    """A territory projected and simplified for placing its name (any thread: each has its transformer)."""
    key = (id(territory), projection_key)
    with _OUTLINES_LOCK:
        cached = _OUTLINES.get(key)
    if cached is not None and cached[0] is territory:
        return cached[1]
    transformer = get_projection(projection_key).transformer()
    outline = shapely.simplify(project_geometry(territory, transformer), _SIMPLIFY_M)
    remember_label_outline(territory, projection_key, outline)
    return outline


_NEIGHBOURS: dict[str, list[tuple[str, object]]] = {}


def neighbour_outlines(projection_key: str) -> list[tuple[str, object]]:
    """(name, outline) of each neighbouring country, projected and simplified once per projection."""
    with _OUTLINES_LOCK:
        cached = _NEIGHBOURS.get(projection_key)
    if cached is None:
        transformer = get_projection(projection_key).transformer()
        cached = []
        for feature in reference.neighbours():
            geom = shapely.simplify(project_geometry(feature.geometry, transformer), _SIMPLIFY_M)
            if not geom.is_empty:
                cached.append((feature.get("name", ""), geom))
        with _OUTLINES_LOCK:
            _NEIGHBOURS[projection_key] = cached
    return cached


def remember_label_outline(territory, projection_key: str, outline) -> None:
    """Keep a label outline worked out elsewhere (read from a cache) for label_outline."""
    with _OUTLINES_LOCK:
        _OUTLINES[(id(territory), projection_key)] = (territory, outline)
        while len(_OUTLINES) > _OUTLINES_KEPT:
            del _OUTLINES[next(iter(_OUTLINES))]


# Clipped shapes, label spots and fit answers kept per view (ui/layers/screen_shapes.py); spots and long axes
# in tables of their own, since the memo is keyed by the shape alone.
_SHAPES, _SPOTS, _AXES = ScreenShapes(), ScreenShapes(), ScreenShapes()


class AreaLabelsLayer(MapLayer):
    """Names of the polities (spread across them, never over a border) and of the neighbouring countries."""

    key, title = "area-labels", "Polity and country names"

    def __init__(self, **kw):
        super().__init__(**kw)
        self._polities: dict[str, object] = {}
        self._neighbours: list[tuple[str, object]] | None = None
        # The label boxes of the last paint, in screen pixels: (text, QRectF, kind), the upright box around each;
        # `outlines` holds each label's own corners (turned along its area), in the same order. Tests check both.
        self.placed: list[tuple[str, QRectF, str]] = []
        self.outlines: list[list[QPointF]] = []

    def scenario_changed(self):
        self._polities.clear()

    def labels_moved(self, dx: int, dy: int) -> None:
        super().labels_moved(dx, dy)
        step = QPointF(dx, dy)
        self.outlines = [[corner + step for corner in outline] for outline in self.outlines]

    def screen_records(self):
        return self.placed, self.outlines

    def restore_screen_records(self, records) -> None:
        self.placed, self.outlines = records

    def territory_changed(self, polity_ids):
        self._polities.clear()

    def projection_changed(self):
        self._polities.clear()
        self._neighbours = None

    def _projected_polities(self, canvas) -> dict[str, object]:
        if not self._polities and canvas.scenario is not None:
            for pid in canvas.scenario.polities:
                geom = canvas.scenario.geometry_of(pid)
                if not geom.is_empty:
                    self._polities[pid] = label_outline(geom, canvas.projection_key)
        return self._polities

    def prepare(self):
        # On a layer worker at start: the neighbours' outlines are ready before the first scenario paint.
        neighbour_outlines(self.canvas.projection_key)

    def _projected_neighbours(self, canvas) -> list[tuple[str, object]]:
        if self._neighbours is None:
            self._neighbours = neighbour_outlines(canvas.projection_key)
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
            area = shape.area
            if shape.is_empty or area < 400:
                continue
            # The deepest points of the area, best first: a name crowded out by city labels tries the next. A
            # shape wholly in the frame is the outline scaled and moved (the affine has no turn or shear): its
            # spots and axis are found once in metres and mapped, so a new zoom level does not look for them.
            whole = _wholly_in(geom, affine, screen)
            base = geom if whole else shape
            spots = _SPOTS.inner_point(base, lambda s: interior_spots(s, 4) or [inner_point(s)])
            if whole:
                a, _, _, e, xoff, yoff = affine
                spots = [(a * x + xoff, e * y + yoff) for x, y in spots]
            name = map_name(canvas.scenario.polities[pid].name).upper()
            inside = _SHAPES.fits(shape, 1.0, _inside)
            # At each spot, deepest first: along the area's long axis, then level (the shape is already in y-up
            # screen units). City labels are placed before these, so a deep spot beats a turned name.
            angles = dict.fromkeys((_AXES.inner_point(base, label_angle), 0.0))
            within = placer.Box(*shape.bounds)  # a name wholly inside its area lies inside its bounds too
            for shrink in _SHRINK:
                for spread in _SPREAD:
                    font = QFont(style.title_font_family)
                    font.setBold(True)
                    font.setPointSizeF(style.polity_label_size * shrink)
                    spacing = font.pointSizeF() * spread
                    font.setLetterSpacing(QFont.AbsoluteSpacing, spacing)
                    metrics = QFontMetricsF(font)
                    # Qt adds the spacing after the last letter too: it is no part of the name's width.
                    width = metrics.horizontalAdvance(name) - spacing
                    size = (width, metrics.ascent() + metrics.descent())
                    # Larger than the area, or than its box this way round: it can lie inside the area nowhere.
                    if size[0] * size[1] > area:
                        continue
                    turns = [angle for angle in angles if _may_fit(size, angle, shape.bounds)]
                    for x, y in spots:
                        for angle in turns:
                            request = placer.LabelRequest(
                                name,
                                x,
                                y,
                                size,
                                centred=True,
                                group=f"polity:{pid}",
                                accept=inside,
                                angle=angle,
                                within=within,
                            )
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
            placer_box(r) for _, r in (getattr(cities, "placed", []) if cities is not None and cities.visible else [])
        ]
        obstacles += [placer_box(r) for r in view_edges(canvas)]
        placed = placer.place_labels(requests, frame, obstacles, pad=_PAD)
        self.placed, self.outlines = [], []
        painter.resetTransform()
        halo = qcolor(style.halo)
        for item in placed:
            box, payload, request = item.box, item.request.payload, item.request
            rect = QRectF(box.x0, -box.y1, box.width, box.height)
            self.placed.append((request.text, rect, payload["kind"]))
            self.outlines.append([QPointF(px, -py) for px, py in placer.outline(box)])
            metrics = payload["metrics"]
            w, h = request.size
            path = QPainterPath()
            # Drawn about the label's centre, turned by its angle (Qt turns clockwise on a y-down screen).
            path.addText(QPointF(-w / 2, -h / 2 + metrics.ascent()), payload["font"], request.text)
            colour = qcolor(style.polity_label_colour if payload["kind"] == "polity" else style.neighbour_label)
            painter.save()
            painter.translate(item.x, -item.y)
            painter.rotate(-request.angle)
            if payload["kind"] == "country":
                pen = QPen(halo, 2.5)
                pen.setJoinStyle(Qt.RoundJoin)
                painter.strokePath(path, pen)
            painter.fillPath(path, QBrush(colour))
            painter.restore()


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


def _may_fit(size, angle: float, bounds) -> bool:
    """Whether a label box of `size` turned by `angle` fits the area's bounding box at all (a box the area
    contains lies inside its bounds): the requests that cannot are never handed to the placer."""
    w, h = size
    c, s = abs(math.cos(math.radians(angle))), abs(math.sin(math.radians(angle)))
    x0, y0, x1, y1 = bounds
    return w * c + h * s <= x1 - x0 and w * s + h * c <= y1 - y0


def _wholly_in(geom, affine, screen) -> bool:
    """True when the affine (a scale and a move, as the canvas's always is) puts `geom` wholly inside the screen
    box: then `_clipped` left it whole, and points found on `geom` map onto the shape."""
    a, b, d, e, xoff, yoff = affine
    if b or d or a <= 0 or e <= 0:
        return False
    x0, y0, x1, y1 = geom.bounds
    left, bottom, right, top = screen.bounds
    return left <= a * x0 + xoff and a * x1 + xoff <= right and bottom <= e * y0 + yoff and e * y1 + yoff <= top


def _inside(shape, share: float):
    """A test that a label box lies (almost) wholly on an area: a polity's name never crosses its border."""
    shapely.prepare(shape)  # many boxes are tested against one shape

    def test(box: placer.Box) -> bool:
        rect = shapely.Polygon(placer.outline(box))
        if share >= 1.0:
            return bool(shapely.contains(shape, rect))
        return shapely.intersection(shape, rect).area >= share * rect.area

    return test
