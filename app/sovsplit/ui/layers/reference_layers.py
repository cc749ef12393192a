"""The built-in layers of fixed reference data: ocean, graticule, neighbouring countries, coastline, cities."""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from sovsplit.model import lod, reference
from sovsplit.model.projections import get_projection
from sovsplit.ui.canvas.geometry_paths import path_from_geometries, project_geometry, project_points
from sovsplit.ui.layers.base import MapLayer, cosmetic_pen, qcolor
from sovsplit.ui.layers.halo_sprites import HaloSprites
from sovsplit.ui.layers.labels import LabelCandidate, place_labels, view_edges


class OceanLayer(MapLayer):
    """The sea: the whole frame in the ocean colour."""

    view_dependent = False

    @property
    def covers_frame(self) -> bool:
        """Every pixel painted opaquely (an opaque sea): the canvas need not clear the image or the frame."""
        return self.canvas is not None and qcolor(self.canvas.style.ocean).alpha() == 255

    scenario_free = True

    key, title = "ocean", "Ocean"

    def legend_items(self):
        return [("Sea", qcolor(self.canvas.style.ocean))] if self.canvas else []

    def paint(self, painter, canvas):
        painter.resetTransform()
        # The whole image, which may reach beyond the view (the canvas caches anchored layers with a margin).
        device = painter.device()
        ratio = device.devicePixelRatioF()
        painter.fillRect(QRectF(0, 0, device.width() / ratio, device.height() / ratio), qcolor(canvas.style.ocean))


class GraticuleLayer(MapLayer):
    """Meridians and parallels every 10°."""

    view_dependent = False
    scenario_free = True

    key, title = "graticule", "Graticule"

    def __init__(self, **kw):
        super().__init__(**kw)
        self._path: tuple[str, QPainterPath] | None = None  # (projection key, path)

    def projection_changed(self):
        self._path = None

    def prepare(self):
        # Projected on a worker (pyproj's first transformer on a thread costs more than the drawing).
        if self.canvas is not None:
            key = self.canvas.projection_key  # read once: the projection may change while the worker projects
            path = self._build(key)
            if self.canvas is not None and self.canvas.projection_key == key:
                self._path = (key, path)

    @staticmethod
    def _build(projection_key: str) -> QPainterPath:
        lines = []
        lats = np.linspace(20.0, 85.0, 131)
        for lon in range(-10, 231, 10):
            lines.append(shapely.LineString(np.column_stack([np.full_like(lats, lon), lats])))
        lons = np.linspace(-10.0, 230.0, 481)
        for lat in range(30, 90, 10):
            lines.append(shapely.LineString(np.column_stack([lons, np.full_like(lons, lat)])))
        transformer = get_projection(projection_key).transformer()
        return path_from_geometries([project_geometry(shapely.MultiLineString(lines), transformer)])

    def paint(self, painter, canvas):
        if self._path is None or self._path[0] != canvas.projection_key:
            self._path = (canvas.projection_key, self._build(canvas.projection_key))
        painter.setPen(cosmetic_pen(canvas.style.graticule, canvas.style.graticule_width, canvas))
        painter.setBrush(Qt.NoBrush)
        painter.drawPath(self._path[1])


class _BandPaths:
    """One reference dataset's painter paths per level-of-detail band (model/lod.py), for one projection.

    `prepare()` projects the data and builds the paths of the band in view and the coarser ones on a worker, so
    the window's first paint does not wait for pyproj and the simplification; `build_finer()` then builds the
    finer bands on a worker too, so a first zoom in does not build them on the GUI thread (5-15 ms each). A band
    still missing when a zoom needs it is built there and then.
    """

    def __init__(self, geometries):
        self._geometries = geometries  # callable: the lon/lat geometries (numpy array of shapely objects)
        self._projection: str | None = None
        self._projected = None
        self._paths: dict[float, QPainterPath] = {}

    def clear(self) -> None:
        self._projection, self._projected, self._paths = None, None, {}

    def prepare(self, canvas) -> None:
        key = canvas.projection_key  # read once: the projection may change while the worker projects
        projected = project_geometry(self._geometries(), get_projection(key).transformer())
        # The band in view and the coarser ones: the view zooms out to the scenario's extent once it is read.
        now = lod.band_for_tolerance(canvas.simplify_tolerance())
        paths = {band: _band_path(projected, band) for band in (now, *(b for b in lod.BANDS_M if b > now))}
        if canvas.projection_key == key:  # else the projection changed meanwhile: paint projects afresh
            self._projection, self._projected, self._paths = key, projected, paths

    def build_finer(self, canvas) -> None:
        """Build the bands prepare() left out on one of the canvas's workers (after the first frame: the start
        is not kept waiting); they join the others on the GUI thread if the projection is still the same."""
        key, projected = self._projection, self._projected
        missing = [band for band in (*lod.BANDS_M, 0.0) if band not in self._paths]
        if projected is None or not missing:
            return

        def built(paths: dict[float, QPainterPath]) -> None:
            if self._projection == key and self._projected is projected:
                for band, path in paths.items():
                    self._paths.setdefault(band, path)

        canvas.tasks.submit(lambda _: {band: _band_path(projected, band) for band in missing}, None, built)

    def path(self, canvas) -> QPainterPath:
        band = lod.band_for_tolerance(canvas.simplify_tolerance())
        if self._projection != canvas.projection_key:
            self._projection = canvas.projection_key
            self._projected = project_geometry(self._geometries(), canvas.transformer)
            self._paths = {}
        if band not in self._paths:
            self._paths[band] = _band_path(self._projected, band)
        return self._paths[band]


def _band_path(projected, band: float) -> QPainterPath:
    # Douglas-Peucker without topology repair: ten times faster, and a display needs no valid polygons.
    shapes = shapely.simplify(projected, band, preserve_topology=False) if band else projected
    return path_from_geometries(shapes if isinstance(shapes, np.ndarray) else [shapes])


class NeighboursLayer(MapLayer):
    """Neighbouring countries, drawn muted behind the USSR."""

    view_dependent = False
    scenario_free = True

    key, title = "neighbours", "Neighbouring countries"

    def __init__(self, **kw):
        super().__init__(**kw)
        self._bands = _BandPaths(lambda: np.array([f.geometry for f in reference.neighbours()], dtype=object))

    def projection_changed(self):
        self._bands.clear()

    def legend_items(self):
        return [("Neighbouring country", qcolor(self.canvas.style.neighbour_fill))] if self.canvas else []

    def prepare(self):
        reference.neighbours()
        if self.canvas is not None:
            self._bands.prepare(self.canvas)

    def prepared(self):
        if self.canvas is not None:
            self._bands.build_finer(self.canvas)

    def paint(self, painter, canvas):
        path = self._bands.path(canvas)
        style = canvas.style
        # Fill without antialiasing (several times faster); the antialiased outline on top hides the steps.
        painter.setRenderHint(QPainter.Antialiasing, False)
        painter.setPen(Qt.NoPen)
        painter.setBrush(qcolor(style.neighbour_fill))
        painter.drawPath(path)
        painter.setRenderHint(QPainter.Antialiasing, True)
        painter.setPen(cosmetic_pen(style.neighbour_border, style.neighbour_border_width, canvas))
        painter.setBrush(Qt.NoBrush)
        painter.drawPath(path)


class CoastlineLayer(MapLayer):
    """The USSR's sea (and Caspian) coast."""

    view_dependent = False
    scenario_free = True

    key, title = "coastline", "Coastline"

    def __init__(self, **kw):
        super().__init__(**kw)
        self._bands = _BandPaths(reference.coastline)

    def projection_changed(self):
        self._bands.clear()

    def legend_items(self):
        return [("Coastline", qcolor(self.canvas.style.coastline))] if self.canvas else []

    def prepare(self):
        reference.coastline()
        if self.canvas is not None:
            self._bands.prepare(self.canvas)

    def prepared(self):
        if self.canvas is not None:
            self._bands.build_finer(self.canvas)

    def paint(self, painter, canvas):
        painter.setBrush(Qt.NoBrush)
        painter.setPen(cosmetic_pen(canvas.style.coastline, canvas.style.coastline_width, canvas))
        painter.drawPath(self._bands.path(canvas))


class CitiesLayer(MapLayer):
    """Capitals and cities with labels that never overlap: placed greedily by rank, drawn with a halo."""

    key, title = "cities", "Cities and capitals"

    def __init__(self, **kw):
        super().__init__(**kw)
        self._xy: tuple[str, np.ndarray] | None = None  # (projection key, n × 2 metres)
        # The label rectangles of the last paint, in screen pixels (name, QRectF); tests check them.
        self.placed: list[tuple[str, QRectF]] = []
        self._sprites = HaloSprites()

    def projection_changed(self):
        self._xy = None

    def style_changed(self):
        self._sprites.clear()

    def legend_items(self):
        if self.canvas is None:
            return []
        return [("Capital", qcolor(self.canvas.style.capital_marker)), ("City", qcolor(self.canvas.style.city_marker))]

    def prepare(self):
        cities = reference.cities()
        if self.canvas is not None:  # projected here: the first pyproj call on the GUI thread costs a frame
            key = self.canvas.projection_key
            self._xy = (key, project_points(cities, key))

    def _capitals(self, canvas) -> set[str]:
        scenario = canvas.scenario
        return {p.capital for p in scenario.polities.values()} if scenario is not None else set()

    def paint(self, painter, canvas):
        cities = reference.cities()
        if self._xy is None or self._xy[0] != canvas.projection_key:
            self._xy = (canvas.projection_key, project_points(cities, canvas.projection_key))
        xy = self._xy[1]
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
            point = canvas.map_to_screen(*xy[index])
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
        placements = place_labels(candidates, bounds, view_edges(canvas))
        self.placed = [(p.candidate.text, p.rect) for p in placements]
        painter.resetTransform()
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        halo, ink = qcolor(style.halo), qcolor(style.text)
        for placement in placements:
            c = placement.candidate
            painter.setPen(QPen(qcolor(style.halo), 1.2 * scale))
            painter.setBrush(qcolor(style.capital_marker if c.capital else style.city_marker))
            if c.capital:
                painter.drawRect(QRectF(c.point.x() - c.radius, c.point.y() - c.radius, 2 * c.radius, 2 * c.radius))
            else:
                painter.drawEllipse(c.point, c.radius, c.radius)
            # The text with its halo is drawn once into an image and reused by every later frame.
            self._sprites.draw(painter, placement.baseline, c.text, c.font, halo, ink, 3.0 * scale, ratio)
