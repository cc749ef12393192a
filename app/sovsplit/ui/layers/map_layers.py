"""Map layers drawn by the canvas: the MapLayer base that others extend, and the built-in layers."""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen

from sovsplit.model import reference
from sovsplit.model.coast import land_border_lines
from sovsplit.render.style import polity_colour
from sovsplit.ui.canvas.geometry_paths import path_from_geometries, project_geometry
from sovsplit.ui.layers.labels import LabelCandidate, place_labels


def qcolor(text: str) -> QColor:
    """A QColor from #rrggbb or #rrggbbaa (the style's notation; Qt reads 8 digits as #aarrggbb)."""
    if len(text) == 9:
        colour = QColor(text[:7])
        colour.setAlpha(int(text[7:], 16))
        return colour
    return QColor(text)


def cosmetic_pen(colour: str | QColor, width_pt: float, canvas=None) -> QPen:
    """A pen whose width is in screen points whatever the zoom (the style gives widths in points)."""
    pen = QPen(qcolor(colour) if isinstance(colour, str) else colour)
    pen.setWidthF(max(0.1, width_pt * (canvas.points_to_pixels if canvas is not None else 1.0)))
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.RoundJoin)
    pen.setCapStyle(Qt.RoundCap)
    return pen


class MapLayer:
    """A layer of the map. Subclasses set `key` and `title` and implement `paint`.

    `paint(painter, canvas)` is called with the painter's world transform mapping projected metres to pixels
    (use cosmetic pens, see `cosmetic_pen`); a layer that draws in screen pixels calls `painter.resetTransform()`
    and `canvas.map_to_screen`. The canvas wraps each call in save/restore and applies `opacity`.
    Optional hooks: `attached(canvas)`, `detached()`, `projection_changed()`, `style_changed()`,
    `scenario_changed()` (a new scenario was set) and `territory_changed(polity_ids)`.
    `prepare()`, if defined, runs once off the GUI thread before the layer is first drawn (read files there,
    never touch widgets); the layer is skipped until it returns, so the window never waits for it.
    """

    key = "layer"
    title = "Layer"

    def __init__(self, visible: bool = True, opacity: float = 1.0):
        self.visible = visible
        self.opacity = opacity
        self.canvas = None

    def attached(self, canvas) -> None:
        self.canvas = canvas

    def detached(self) -> None:
        self.canvas = None

    def legend_items(self) -> list:
        return []

    def paint(self, painter: QPainter, canvas) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def changed(self) -> None:
        """Ask the canvas to redraw because this layer's content changed."""
        if self.canvas is not None:
            self.canvas.request_redraw()


class OceanLayer(MapLayer):
    """The sea: the whole frame in the ocean colour."""

    key, title = "ocean", "Ocean"

    def legend_items(self):
        return [("Sea", qcolor(self.canvas.style.ocean))] if self.canvas else []

    def paint(self, painter, canvas):
        painter.resetTransform()
        painter.fillRect(QRectF(0, 0, canvas.width(), canvas.height()), qcolor(canvas.style.ocean))


class GraticuleLayer(MapLayer):
    """Meridians and parallels every 10°."""

    key, title = "graticule", "Graticule"

    def __init__(self, **kw):
        super().__init__(**kw)
        self._path: QPainterPath | None = None

    def projection_changed(self):
        self._path = None

    def paint(self, painter, canvas):
        if self._path is None:
            lines = []
            lats = np.linspace(20.0, 85.0, 131)
            for lon in range(-10, 231, 10):
                lines.append(shapely.LineString(np.column_stack([np.full_like(lats, lon), lats])))
            lons = np.linspace(-10.0, 230.0, 481)
            for lat in range(30, 90, 10):
                lines.append(shapely.LineString(np.column_stack([lons, np.full_like(lons, lat)])))
            self._path = path_from_geometries([project_geometry(shapely.MultiLineString(lines), canvas.transformer)])
        painter.setPen(cosmetic_pen(canvas.style.graticule, canvas.style.graticule_width, canvas))
        painter.setBrush(Qt.NoBrush)
        painter.drawPath(self._path)


class NeighboursLayer(MapLayer):
    """Neighbouring countries, drawn muted behind the USSR."""

    key, title = "neighbours", "Neighbouring countries"

    def __init__(self, **kw):
        super().__init__(**kw)
        self._paths: dict[float, QPainterPath] = {}
        self._projected = None

    def projection_changed(self):
        self._paths.clear()
        self._projected = None

    def legend_items(self):
        return [("Neighbouring country", qcolor(self.canvas.style.neighbour_fill))] if self.canvas else []

    def prepare(self):
        reference.neighbours()

    def paint(self, painter, canvas):
        tolerance = canvas.simplify_tolerance()
        if tolerance not in self._paths:
            if self._projected is None:
                geoms = [f.geometry for f in reference.neighbours()]
                self._projected = project_geometry(np.array(geoms, dtype=object), canvas.transformer)
            # Douglas-Peucker without topology repair: ten times faster, and a display needs no valid polygons.
            shapes = (
                shapely.simplify(self._projected, tolerance, preserve_topology=False) if tolerance else self._projected
            )
            self._paths[tolerance] = path_from_geometries(shapes)
        style = canvas.style
        # Fill without antialiasing (several times faster); the antialiased outline on top hides the steps.
        painter.setRenderHint(QPainter.Antialiasing, False)
        painter.setPen(Qt.NoPen)
        painter.setBrush(qcolor(style.neighbour_fill))
        painter.drawPath(self._paths[tolerance])
        painter.setRenderHint(QPainter.Antialiasing, True)
        painter.setPen(cosmetic_pen(style.neighbour_border, style.neighbour_border_width, canvas))
        painter.setBrush(Qt.NoBrush)
        painter.drawPath(self._paths[tolerance])


class _ScenarioLayer(MapLayer):
    """A layer drawn from the canvas's scenario parcels (their projected paths are shared by the canvas)."""

    def parcel_path(self, parcel, tolerance: float) -> QPainterPath:
        return self.canvas.parcel_path(parcel, tolerance)


class PolitiesLayer(_ScenarioLayer):
    """Each polity's territory in its colour, with its borders (land borders, not coasts) on top."""

    key, title = "polities", "Polities"

    def __init__(self, **kw):
        super().__init__(**kw)
        self._fills: dict[tuple, QPainterPath] = {}
        self._borders: dict[str | None, tuple] = {}
        # Border lines by territory geometry, across scenarios: a timeline's states revisit the same territories.
        self._lines: dict[int, tuple] = {}

    def scenario_changed(self):
        self._fills.clear()
        self._borders.clear()

    def projection_changed(self):
        self._fills.clear()
        self._borders.clear()
        self._lines.clear()

    def territory_changed(self, polity_ids):
        for key in [k for k in self._fills if k[0] in polity_ids or (k[0] == "outline" and k[1] in polity_ids)]:
            del self._fills[key]
        for pid in polity_ids:
            self._borders.pop(pid, None)

    def legend_items(self):
        canvas = self.canvas
        if canvas is None or canvas.scenario is None:
            return []
        return [
            (p.name, qcolor(polity_colour(canvas.style, p.id, p.colour))) for p in canvas.scenario.polities.values()
        ]

    def fill_path(self, polity_id, tolerance: float) -> QPainterPath:
        """All parcels of a polity as one path (odd-even fill: the parcels never overlap)."""
        key = (polity_id, tolerance)
        if key not in self._fills:
            path = QPainterPath()
            for parcel in self.canvas.scenario.parcels_of(polity_id):
                path.addPath(self.parcel_path(parcel, tolerance))
            self._fills[key] = path
        return self._fills[key]

    def border_path(self, polity_id, tolerance: float) -> QPainterPath:
        """The polity's outline without its sea coast, so coasts keep the coastline's look."""
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
            shape = shapely.simplify(cached[1], tolerance, preserve_topology=False) if tolerance else cached[1]
            paths[tolerance] = path_from_geometries([shape])
        return paths[tolerance]

    def prepare(self):
        reference.coastline()

    def paint(self, painter, canvas):
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
        for pid in owners:
            if pid is None:
                colour = qcolor(style.unclaimed_fill)
            else:
                polity = scenario.polities[pid]
                colour = qcolor(polity_colour(style, pid, polity.colour))
            colour.setAlphaF(colour.alphaF() * style.polity_opacity)
            painter.setBrush(colour)
            painter.drawPath(self.fill_path(pid, tolerance))
        painter.setRenderHint(QPainter.Antialiasing, True)
        painter.setPen(Qt.NoPen)
        painter.setBrush(qcolor(style.polity_border))
        width_m = max(0.1, style.polity_border_width * canvas.points_to_pixels) / canvas.pixels_per_metre()
        for pid in scenario.polities:
            painter.drawPath(self.border_outline(pid, tolerance, width_m))

    def border_outline(self, polity_id, tolerance: float, width_m: float) -> QPainterPath:
        """The border stroked once into an outline (map units) and kept for this zoom: Qt strokes wide pens
        slowly on every paint, while filling a ready outline is cheap."""
        key = ("outline", polity_id, tolerance)
        cached = self._fills.get(key)
        border = self.border_path(polity_id, tolerance)
        if cached is None or cached[0] != width_m or cached[1] is not border:
            stroker = QPainterPathStroker()
            stroker.setWidth(width_m)
            stroker.setJoinStyle(Qt.RoundJoin)
            stroker.setCapStyle(Qt.RoundCap)
            cached = (width_m, border, stroker.createStroke(border))
            self._fills[key] = cached
        return cached[2]


class RegionBoundariesLayer(_ScenarioLayer):
    """The outlines of the regions (and of region pieces split by border edits)."""

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
        tolerance = canvas.simplify_tolerance()
        if self._path is None or self._path[0] != tolerance:
            path = QPainterPath()
            for parcel in canvas.scenario.parcels.values():
                path.addPath(self.parcel_path(parcel, tolerance))
            self._path = (tolerance, path)
        painter.setBrush(Qt.NoBrush)
        painter.setPen(cosmetic_pen(canvas.style.region_border, canvas.style.region_border_width, canvas))
        painter.drawPath(self._path[1])


class CoastlineLayer(MapLayer):
    """The USSR's sea (and Caspian) coast."""

    key, title = "coastline", "Coastline"

    def __init__(self, **kw):
        super().__init__(**kw)
        self._projected = None
        self._paths: dict[float, QPainterPath] = {}

    def projection_changed(self):
        self._projected = None
        self._paths.clear()

    def legend_items(self):
        return [("Coastline", qcolor(self.canvas.style.coastline))] if self.canvas else []

    def prepare(self):
        reference.coastline()

    def paint(self, painter, canvas):
        tolerance = canvas.simplify_tolerance()
        if tolerance not in self._paths:
            if self._projected is None:
                self._projected = project_geometry(reference.coastline(), canvas.transformer)
            shape = (
                shapely.simplify(self._projected, tolerance, preserve_topology=False) if tolerance else self._projected
            )
            self._paths[tolerance] = path_from_geometries([shape])
        painter.setBrush(Qt.NoBrush)
        painter.setPen(cosmetic_pen(canvas.style.coastline, canvas.style.coastline_width, canvas))
        painter.drawPath(self._paths[tolerance])


class CitiesLayer(MapLayer):
    """Capitals and cities with labels that never overlap: placed greedily by rank, drawn with a halo."""

    key, title = "cities", "Cities and capitals"

    def __init__(self, **kw):
        super().__init__(**kw)
        self._xy: np.ndarray | None = None
        # The label rectangles of the last paint, in screen pixels (name, QRectF); tests check them.
        self.placed: list[tuple[str, QRectF]] = []

    def projection_changed(self):
        self._xy = None

    def legend_items(self):
        if self.canvas is None:
            return []
        return [("Capital", qcolor(self.canvas.style.capital_marker)), ("City", qcolor(self.canvas.style.city_marker))]

    def prepare(self):
        reference.cities()

    def _capitals(self, canvas) -> set[str]:
        scenario = canvas.scenario
        return {p.capital for p in scenario.polities.values()} if scenario is not None else set()

    def paint(self, painter, canvas):
        cities = reference.cities()
        if self._xy is None:
            lons = np.array([c.geometry.x for c in cities])
            lats = np.array([c.geometry.y for c in cities])
            self._xy = np.column_stack(canvas.project(lons, lats))
        style = canvas.style
        capitals = self._capitals(canvas)
        scale = canvas.points_to_pixels
        label_font = QFont(style.font_family)
        label_font.setPointSizeF(style.label_size)
        capital_font = QFont(style.font_family)
        capital_font.setPointSizeF(style.capital_label_size)
        capital_font.setBold(True)
        candidates = []
        bounds = QRectF(0, 0, canvas.width(), canvas.height())
        for index, city in enumerate(cities):
            point = canvas.map_to_screen(*self._xy[index])
            if not bounds.contains(point):
                continue
            is_capital = city["name"] in capitals
            rank = 0 if is_capital else int(city.get("rank") or 4)
            font = capital_font if is_capital else label_font
            radius = (4.0 if is_capital else 2.6 if rank <= 2 else 2.0) * scale
            candidates.append(
                LabelCandidate(
                    city["name"],
                    point,
                    QFontMetricsF(font),
                    font,
                    rank,
                    int(city.get("population") or 0),
                    radius,
                    is_capital,
                )
            )
        placements = place_labels(candidates, bounds)
        self.placed = [(p.candidate.text, p.rect) for p in placements]
        painter.resetTransform()
        halo_pen = QPen(qcolor(style.halo), 3.0 * scale)
        halo_pen.setJoinStyle(Qt.RoundJoin)
        for placement in placements:
            c = placement.candidate
            painter.setPen(QPen(qcolor(style.halo), 1.2 * scale))
            painter.setBrush(qcolor(style.capital_marker if c.capital else style.city_marker))
            if c.capital:
                painter.drawRect(QRectF(c.point.x() - c.radius, c.point.y() - c.radius, 2 * c.radius, 2 * c.radius))
            else:
                painter.drawEllipse(c.point, c.radius, c.radius)
            text = QPainterPath()
            text.addText(placement.baseline, c.font, c.text)
            painter.strokePath(text, halo_pen)
            painter.fillPath(text, QBrush(qcolor(style.text)))


def default_layers() -> list[MapLayer]:
    """The built-in layers, bottom first."""
    return [
        OceanLayer(),
        NeighboursLayer(),
        GraticuleLayer(),
        PolitiesLayer(),
        RegionBoundariesLayer(),
        CoastlineLayer(),
        CitiesLayer(),
    ]
