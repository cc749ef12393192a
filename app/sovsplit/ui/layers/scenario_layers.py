"""The built-in layers drawn from the scenario: polity fills and borders, and region boundaries."""

from __future__ import annotations

import shapely
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPainterPathStroker

from sovsplit.model import lod, reference
from sovsplit.model.coast import land_border_lines
from sovsplit.render.style import polity_colour
from sovsplit.ui.canvas.geometry_paths import line_pieces, path_from_geometries, project_geometry
from sovsplit.ui.layers.base import MapLayer, cosmetic_pen, qcolor

# How far beyond the area drawn a zoomed-in border outline reaches (share of that area's longer side): pans
# within it reuse the outline, and an antialiased fill costs by the outline's length, so not much further.
_OUTLINE_REACH = 0.5
# Segments of border line stroked and filled as one outline piece (fewer cost more in calls, more overflow the
# rasteriser's memory pool: see line_pieces).
_PIECE_SEGMENTS = 100


class _ScenarioLayer(MapLayer):
    """A layer drawn from the canvas's scenario parcels (their projected paths are shared by the canvas)."""

    def parcel_path(self, parcel, tolerance: float) -> QPainterPath:
        return self.canvas.parcel_path(parcel, tolerance)


class PolitiesLayer(_ScenarioLayer):
    """Each polity's territory in its colour, with its borders (land borders, not coasts) on top."""

    view_dependent = False

    key, title = "polities", "Polities"

    def __init__(self, **kw):
        super().__init__(**kw)
        self._borders: dict[str | None, tuple] = {}
        # Border lines by territory geometry, across scenarios: a timeline's states revisit the same territories.
        self._lines: dict[int, tuple] = {}

    def scenario_changed(self):
        self._borders.clear()

    def projection_changed(self):
        self._borders.clear()
        self._lines.clear()

    def territory_changed(self, polity_ids):
        for pid in polity_ids:
            self._borders.pop(pid, None)

    def legend_items(self):
        canvas = self.canvas
        if canvas is None or canvas.scenario is None:
            return []
        return [
            (p.name, qcolor(polity_colour(canvas.style, p.id, p.colour))) for p in canvas.scenario.polities.values()
        ]

    def fill_paths(self, polity_id, tolerance: float, area: QRectF | None = None) -> list[QPainterPath]:
        """The paths of a polity's parcels at this tolerance's LOD band; with `area` (map units), only those
        that reach into it. Filled one by one, not joined into one path: the parcels never overlap, and Qt's
        rasteriser fills many small paths faster than one large one (measured: 8.2 against 3.2 ms for the
        default scenario at four times the full view, 6.4 against 4.3 at twice)."""
        paths = []
        for parcel in self.canvas.scenario.parcels_of(polity_id):
            path = self.parcel_path(parcel, tolerance)
            if area is None or path.controlPointRect().intersects(area):
                paths.append(path)
        return paths

    def border_path(self, polity_id, tolerance: float) -> QPainterPath:
        """The polity's outline without its sea coast, so coasts keep the coastline's look."""
        tolerance = lod.band_for_tolerance(tolerance)  # one path per LOD band, shared by its zoom levels
        scenario = self.canvas.scenario
        territory = scenario.geometry_of(polity_id)
        cached = self._borders.get(polity_id)
        if cached is None or cached[0] is not territory:
            cached = self._lines.get(id(territory))
        if cached is None or cached[0] is not territory:
            # Coast edges are found by their end points (model/coast.py): no overlay with the coastline here,
            # which cost a third of a second on the GUI thread before the scenario could first appear.
            lines = land_border_lines(territory)
            cached = (territory, project_geometry(lines, self.canvas.transformer), {})
            self._lines[id(territory)] = cached
            while len(self._lines) > 32:
                self._lines.pop(next(iter(self._lines)))
        self._borders[polity_id] = cached
        paths = cached[2]
        if tolerance not in paths:
            paths[tolerance] = path_from_geometries([self._border_lines(polity_id, tolerance)])
        return paths[tolerance]

    def _border_lines(self, polity_id, tolerance: float):
        """The border lines (projected, simplified to the band) of a polity whose border_path was asked for."""
        cached = self._borders[polity_id]
        key = ("lines", tolerance)
        if key not in cached[2]:
            lines = shapely.simplify(cached[1], tolerance, preserve_topology=False) if tolerance else cached[1]
            cached[2][key] = lines
        return cached[2][key]

    def prepare(self):
        reference.coastline()

    def paint_on_clear(self, painter, canvas):
        """paint() onto transparent pixels (the canvas's first layer of an image): the fills, which never
        overlap, replace those pixels rather than blend with them, which is the same colour at half the cost."""
        self.paint(painter, canvas, clear_below=True)

    def paint(self, painter, canvas, clear_below: bool = False):
        scenario = canvas.scenario
        if scenario is None:
            return
        style = canvas.style
        tolerance = canvas.simplify_tolerance()
        painter.setPen(Qt.NoPen)
        # Fills without antialiasing (several times faster): region lines, borders and the coastline are drawn
        # antialiased over every edge of them.
        painter.setRenderHint(QPainter.Antialiasing, False)
        owners = list(scenario.polities) + [None]
        area = drawn_area(painter)
        if clear_below:
            painter.setCompositionMode(QPainter.CompositionMode_Source)
        for pid in owners:
            if pid is None:
                colour = qcolor(style.unclaimed_fill)
            else:
                polity = scenario.polities[pid]
                colour = qcolor(polity_colour(style, pid, polity.colour))
            colour.setAlphaF(colour.alphaF() * style.polity_opacity)
            painter.setBrush(colour)
            for path in self.fill_paths(pid, tolerance, area):
                painter.drawPath(path)
        painter.setCompositionMode(QPainter.CompositionMode_SourceOver)  # the borders blend over the fills
        painter.setRenderHint(QPainter.Antialiasing, True)
        painter.setPen(Qt.NoPen)
        border = qcolor(style.polity_border)
        painter.setBrush(border)
        width_m = max(0.1, style.polity_border_width * canvas.points_to_pixels) / canvas.pixels_per_metre()
        # Outline pieces overlap where they meet: a see-through colour would show each meeting as a dot.
        pieces = border.alpha() == 255
        for pid in scenario.polities:
            for path in self.border_outline(pid, tolerance, width_m, area, pieces):
                painter.drawPath(path)

    def border_outline(
        self, polity_id, tolerance: float, width_m: float, area: QRectF | None = None, pieces: bool = True
    ) -> list[QPainterPath]:
        """The border stroked once into outlines (map units) and kept for this zoom: Qt strokes wide pens
        slowly on every paint, while filling a ready outline is cheap. With `pieces`, the lines are stroked in
        short pieces, each its own outline (ui/canvas/geometry_paths.line_pieces says why); else as one. With
        `area` (map units), only the border near it: filling (antialiased) costs by the whole outline, so
        zoomed in, the lines far outside the image are left out. The part kept reaches well beyond `area`, so
        the strips of later pans reuse it."""
        self.border_path(polity_id, tolerance)  # the territory's border lines, projected once
        # Simplified to this zoom's tolerance (under half a pixel), not to its band: the band may be up to four
        # times finer, and an antialiased fill costs by every vertex of the outline.
        lines = self._border_lines(polity_id, tolerance)
        # Kept with the territory's border paths, so a timeline's states that share a territory share it too.
        per_territory = self._borders[polity_id][2]
        key = ("outline", tolerance, width_m, pieces)
        kept = per_territory.get(key)
        if kept is None or (kept[0] is not None and (area is None or not kept[0].contains(area))):
            for old in [k for k in per_territory if isinstance(k, tuple) and k[0] == "outline" and k[1] == tolerance]:
                del per_territory[old]  # an outline of another width (zoom) at this tolerance
            box = None
            if area is not None:
                box = _reach(area, 4 * width_m)
                x0, y0, x1, y1 = lines.bounds
                if box.contains(QRectF(x0, y0, x1 - x0, y1 - y0)):
                    box = None  # the whole border lies inside: keep it all, good for every later area
                else:
                    inner = box.adjusted(2 * width_m, 2 * width_m, -2 * width_m, -2 * width_m)
                    # Cut a pen's width or two outside what is kept: the caps at the cuts never show inside it.
                    lines, box = shapely.clip_by_rect(lines, *_corners(box)), inner
            stroker = QPainterPathStroker()
            stroker.setWidth(width_m)
            # Bevelled joins: at two pixels wide they look as round ones do, and a round join at every vertex
            # gave the outline curves that made its antialiased fill cost two and a half times as much.
            stroker.setJoinStyle(Qt.BevelJoin)
            stroker.setCapStyle(Qt.RoundCap)
            paths = line_pieces(lines, _PIECE_SEGMENTS) if pieces else [path_from_geometries([lines])]
            kept = per_territory[key] = (box, [stroker.createStroke(path) for path in paths])
        return kept[1]


def drawn_area(painter: QPainter) -> QRectF | None:
    """The part of the map (in the painter's map units) that this drawing can touch: the image, or only its
    clip (a pan's strips); None when the transform cannot say."""
    inverse, ok = painter.transform().inverted()
    device = painter.device()
    if not ok or device is None:
        return None
    ratio = device.devicePixelRatioF()
    area = inverse.mapRect(QRectF(0, 0, device.width() / ratio, device.height() / ratio))
    if painter.hasClipping():
        area = area.intersected(painter.clipBoundingRect())  # Qt gives it in the current (map) units
    return area if not area.isEmpty() else None


def _reach(area: QRectF, extra: float = 0.0) -> QRectF:
    """The area grown by _OUTLINE_REACH of its longer side (and `extra` map units) on every side."""
    reach = max(area.width(), area.height()) * _OUTLINE_REACH + extra
    return area.adjusted(-reach, -reach, reach, reach)


def _corners(rect: QRectF) -> tuple[float, float, float, float]:
    return rect.left(), rect.top(), rect.right(), rect.bottom()


class RegionBoundariesLayer(_ScenarioLayer):
    """The outlines of the regions (and of region pieces split by border edits)."""

    view_dependent = False

    key, title = "regions", "Region boundaries"

    def __init__(self, **kw):
        super().__init__(**kw)
        self._path: tuple | None = None

    def scenario_changed(self):
        self._path = None

    def projection_changed(self):
        self._path = None

    def territory_changed(self, polity_ids):
        self._path = None

    def legend_items(self):
        return [("Region boundary", qcolor(self.canvas.style.region_border))] if self.canvas else []

    def paint(self, painter, canvas):
        if canvas.scenario is None:
            return
        tolerance = lod.band_for_tolerance(canvas.simplify_tolerance())
        if self._path is None or self._path[0] != tolerance:
            path = QPainterPath()
            for parcel in canvas.scenario.parcels.values():
                path.addPath(self.parcel_path(parcel, tolerance))
            self._path = (tolerance, path)
        painter.setBrush(Qt.NoBrush)
        painter.setPen(cosmetic_pen(canvas.style.region_border, canvas.style.region_border_width, canvas))
        painter.drawPath(self._path[1])
