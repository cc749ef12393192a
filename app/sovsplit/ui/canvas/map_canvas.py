"""The map canvas: layers painted with QPainter from paths projected once, panned and zoomed by a transform."""

from __future__ import annotations

import math
import re
import traceback

import numpy as np
import shapely
from pyproj.enums import TransformDirection
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPainterPath, QTransform
from PySide6.QtWidgets import QSizePolicy, QWidget

from sovsplit.model.projections import DEFAULT_PROJECTION, get_projection
from sovsplit.render.style import Style, load_style, polity_colour
from sovsplit.ui.canvas.canvas_input import CanvasInput
from sovsplit.ui.canvas.frame_cache import FrameCache, View
from sovsplit.ui.canvas.geometry_paths import ProjectedCache, project_geometry
from sovsplit.ui.canvas.layer_stack import LayerStack, call_hook
from sovsplit.ui.canvas.lod_paths import LodPreparation
from sovsplit.ui.document.tasks import TaskRunner
from sovsplit.ui.layers.map_layers import MapLayer, qcolor

# The shipped regions carry vertices about 1 km apart; finer simplification would change nothing.
_MIN_TOLERANCE_M = 500.0
# A paused drag shows the newly exposed map after this many milliseconds.
_DRAG_IDLE_MS = 150
# Labels moved with a pan are laid out for the view after it has been still this many milliseconds.
_SETTLE_MS = 300
_MARGIN = 0.04


class MapCanvas(LayerStack, CanvasInput, LodPreparation, QWidget):
    """Draws the layers (bottom first) and handles pan, zoom, projections and the active tool."""

    layers_changed = Signal()
    view_changed = Signal()
    projection_changed = Signal(str)
    # Cursor position in unwrapped longitude and latitude (NaN off the map).
    cursor_moved = Signal(float, float)
    # A click (press and release without a drag) at a longitude and latitude.
    clicked = Signal(float, float)
    frame_painted = Signal()
    # The map style changed (colours that views outside the canvas, such as swatches, must follow).
    style_changed = Signal()
    # The active map tool changed: (new tool or None, old tool or None).
    tool_changed = Signal(object, object)

    def __init__(self, style: Style | None = None, parent=None):
        super().__init__(parent)
        self.setAttribute(Qt.WA_OpaquePaintEvent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMinimumSize(200, 150)
        self.style = style or load_style(None)[0]
        self.scenario = None
        self.layers: list[MapLayer] = []
        self.tool = None
        self.projection_key = DEFAULT_PROJECTION
        self._centre = (0.0, 0.0)
        self._scale = 1e-4  # pixels per projected metre
        self._has_view = False
        # Until the user moves the map, it follows the window size showing the full extent.
        self._auto_extent = True
        self._parcels = ProjectedCache(lambda: self.transformer)
        self._region_paths: dict[float, dict[str, QPainterPath]] = {}
        self._regions_projected = None
        self._extent: QRectF | None = None
        # The (regions, projection) whose band paths a worker is building (model/lod.py, ui/canvas/lod_paths.py).
        self._lod_job: tuple | None = None
        self._lod_pending = False
        # The last full rendering and the view it was drawn for; pans blit it until the drag settles.
        self._frame: QImage | None = None
        self._frame_view = None
        self._dirty = True
        # Layer images kept between frames (ui/canvas/frame_cache.py); a frame made partly of images moved or
        # scaled from the last view is a preview, finished by a deferred render right after it is on screen.
        self._frames = FrameCache(self)
        self._frame_complete = True
        # Set by user pans and zooms: only then is a preview shown first (programmatic views draw finished).
        self._interactive = False
        self._finish = QTimer(self, singleShot=True, interval=0, timeout=self._finish_frame)
        self._settle = QTimer(self, singleShot=True, interval=_SETTLE_MS, timeout=self.settle_labels)
        self._drag_start = None
        self._drag_centre = None
        self._dragged = False
        self._panning = False
        self._idle = QTimer(self, singleShot=True, interval=_DRAG_IDLE_MS, timeout=self._drag_idle)
        self.layer_errors: list[str] = []
        # Layers whose prepare() has not finished yet; they are skipped when painting.
        self._unprepared: set[int] = set()
        # Layers read their data through the one task mechanism, two at a time; a failure is listed in
        # layer_errors (the window shows them) and the layer is left out rather than breaking the map.
        self.tasks = TaskRunner(self.layer_errors.append, self, threads=2, name="sovsplit-layers")

    # --- scenario, layers, style -----------------------------------------------------------------------
    def set_scenario(self, scenario) -> None:
        if self.scenario is not None:
            self.scenario.territory_changed.disconnect(self._territory_changed)
            self.scenario.polities_changed.disconnect(self._polities_changed)
        self.scenario = scenario
        self._parcels.reset(self.transformer)
        if self._regions_projected is not None and self._regions_projected[0] is not scenario.regions:
            self._region_paths.clear()
            self._regions_projected = None
            self._extent = None
        scenario.territory_changed.connect(self._territory_changed)
        scenario.polities_changed.connect(self._polities_changed)
        for layer in self.layers:
            call_hook(layer, "scenario_changed")
        self._prepare_lod()
        if not self._has_view:
            self.zoom_to_extent()
        self._scenario_redraw()

    def _territory_changed(self, polity_ids) -> None:
        self._parcels.forget(set(self.scenario.parcels))
        for layer in self.layers:
            call_hook(layer, "territory_changed", polity_ids)
        self._scenario_redraw()

    def _polities_changed(self, polity_id) -> None:
        self._territory_changed({polity_id})
        self.layers_changed.emit()

    def set_style(self, style: Style) -> None:
        self.style = style
        for layer in self.layers:
            call_hook(layer, "style_changed")
        self.layers_changed.emit()
        self.style_changed.emit()
        self.request_redraw()

    def polity_colour(self, polity_id: str, scenario_colour: str) -> str:
        """The colour the map paints a polity in (a style may replace the scenario's own)."""
        return polity_colour(self.style, polity_id, scenario_colour)

    @property
    def points_to_pixels(self) -> float:
        return self.logicalDpiY() / 72.0

    # --- projection ------------------------------------------------------------------------------------
    def set_projection(self, key: str) -> None:
        """Switch projection, keeping the map centre and the zoom relative to the full extent."""
        get_projection(key)  # refuses unknown keys before anything changes
        if key == self.projection_key:
            return
        relative = self._scale / self._full_scale() if self._has_view else 1.0
        # Zoomed in, keep the place in view; at (or beyond) the full extent, refit to the new extent.
        zoomed_in = self._has_view and relative > 1.05
        centre = self.screen_to_lonlat(QPointF(self.width() / 2, self.height() / 2)) if zoomed_in else None
        self.projection_key = key
        self._parcels.reset(lambda: self.transformer)
        self._region_paths.clear()
        self._regions_projected = None
        self._extent = None
        for layer in self.layers:
            call_hook(layer, "projection_changed")
        self._prepare_lod()
        self.zoom_to_extent()
        if centre is not None and all(math.isfinite(v) for v in centre):
            xs, ys = self.project(np.array([centre[0]]), np.array([centre[1]]))
            if math.isfinite(xs[0]) and math.isfinite(ys[0]):
                self._centre = (float(xs[0]), float(ys[0]))
                self._scale = self._full_scale() * relative
        self.projection_changed.emit(key)
        self._view_moved()

    @property
    def transformer(self):
        """lon/lat → map metres for the calling thread: layers prepare their paths on worker threads."""
        return get_projection(self.projection_key).transformer()

    def project(self, lons, lats):
        """Projected metres of longitudes and latitudes (numpy arrays)."""
        lats = np.clip(np.asarray(lats, dtype=float), -85.0, 85.0)
        return self.transformer.transform(np.asarray(lons, dtype=float), lats)

    def _lon_0(self) -> float:
        match = re.search(r"\+lon_0=([-\d.]+)", get_projection(self.projection_key).proj)
        return float(match.group(1)) if match else 0.0

    def screen_to_lonlat(self, point: QPointF) -> tuple[float, float]:
        """Longitude (unwrapped around the projection's centre, so Chukotka is east of 180°) and latitude."""
        x, y = self.screen_to_map(point)
        lon, lat = self.transformer.transform(x, y, direction=TransformDirection.INVERSE)
        if not (math.isfinite(lon) and math.isfinite(lat)) or abs(lat) > 90:
            return math.nan, math.nan
        lon_0 = self._lon_0()
        return lon_0 + ((lon - lon_0 + 180.0) % 360.0 - 180.0), lat

    # --- view transform ----------------------------------------------------------------------------------
    def view_transform(self) -> QTransform:
        """Projected metres → widget pixels."""
        s = self._scale
        cx, cy = self._centre
        return QTransform(s, 0, 0, -s, self.width() / 2 - cx * s, self.height() / 2 + cy * s)

    def map_to_screen(self, x: float, y: float) -> QPointF:
        cx, cy = self._centre
        return QPointF((x - cx) * self._scale + self.width() / 2, self.height() / 2 - (y - cy) * self._scale)

    def screen_to_map(self, point: QPointF) -> tuple[float, float]:
        cx, cy = self._centre
        return ((point.x() - self.width() / 2) / self._scale + cx, cy - (point.y() - self.height() / 2) / self._scale)

    def pixels_per_metre(self) -> float:
        return self._scale

    def centre(self) -> tuple[float, float]:
        return self._centre

    def set_view(self, centre: tuple[float, float], pixels_per_metre: float) -> None:
        self._centre = (float(centre[0]), float(centre[1]))
        self._scale = float(pixels_per_metre)
        self._has_view = True
        self._auto_extent = False
        self._view_moved()

    def simplify_tolerance(self) -> float:
        """How much the geometry may be simplified at this zoom: about half a pixel, on a power-of-two ladder."""
        metres_per_half_pixel = 0.5 / self._scale
        if metres_per_half_pixel < _MIN_TOLERANCE_M:
            return 0.0
        return float(2 ** math.floor(math.log2(metres_per_half_pixel)))

    def full_extent(self) -> QRectF:
        """The USSR's bounding box in projected metres."""
        if self._extent is None:
            if self.scenario is None:
                # Before a scenario is read: the USSR's longitude/latitude box, projected.
                lons = np.concatenate(
                    [np.linspace(19, 191, 60), np.full(20, 191), np.linspace(191, 19, 60), np.full(20, 19)]
                )
                lats = np.concatenate(
                    [np.full(60, 35), np.linspace(35, 82, 20), np.full(60, 82), np.linspace(82, 35, 20)]
                )
                xs, ys = self.project(lons, lats)
                return QRectF(xs.min(), ys.min(), xs.max() - xs.min(), ys.max() - ys.min())
            _, projected = self._projected_regions()
            x0, y0, x1, y1 = shapely.total_bounds(projected)
            self._extent = QRectF(x0, y0, x1 - x0, y1 - y0)
        return self._extent

    def _full_scale(self) -> float:
        extent = self.full_extent()
        w, h = max(self.width(), 1), max(self.height(), 1)
        return min(w / (extent.width() * (1 + 2 * _MARGIN)), h / (extent.height() * (1 + 2 * _MARGIN)))

    def zoom_to_extent(self) -> None:
        self.zoom_to_rect(self.full_extent())
        self._auto_extent = True

    def zoom_to_rect(self, rect: QRectF) -> None:
        """Show a rectangle of projected metres with a small margin."""
        w, h = max(self.width(), 1), max(self.height(), 1)
        rw, rh = max(rect.width(), 1.0), max(rect.height(), 1.0)
        self._scale = min(w / (rw * (1 + 2 * _MARGIN)), h / (rh * (1 + 2 * _MARGIN)))
        self._centre = (rect.center().x(), rect.center().y())
        self._has_view = True
        self._auto_extent = False
        self._view_moved()

    def zoom_to_polity(self, polity_id: str) -> None:
        if self.scenario is None:
            return
        territory = self.scenario.geometry_of(polity_id)
        if territory.is_empty:
            return
        x0, y0, x1, y1 = shapely.total_bounds(project_geometry(territory, self.transformer))
        self.zoom_to_rect(QRectF(x0, y0, x1 - x0, y1 - y0))

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom by `factor`, keeping the map point under `anchor` (default: the centre) where it is."""
        anchor = anchor if anchor is not None else QPointF(self.width() / 2, self.height() / 2)
        mx, my = self.screen_to_map(anchor)
        full = self._full_scale()
        self._scale = min(max(self._scale * factor, full / 8), full * 400)
        self._auto_extent = False
        self._centre = (
            mx - (anchor.x() - self.width() / 2) / self._scale,
            my + (anchor.y() - self.height() / 2) / self._scale,
        )
        self._view_moved()

    def pan_pixels(self, dx: float, dy: float) -> None:
        """Move the map content by (dx, dy) pixels."""
        cx, cy = self._centre
        self._centre = (cx - dx / self._scale, cy + dy / self._scale)
        self._auto_extent = False
        self._view_moved()

    def _view_moved(self) -> None:
        if not self._panning:
            self._dirty = True
        self.update()
        self.view_changed.emit()

    def request_redraw(self) -> None:
        """Redraw everything: the content of any layer may have changed."""
        self._frames.invalidate()
        self._dirty = True
        self.update()

    def _scenario_redraw(self) -> None:
        """Redraw the layers drawn from the scenario (a new state or an edit); scenario-free images are kept."""
        self._frames.invalidate_scenario(self.layers)
        self._dirty = True
        self.update()

    def layer_changed(self, layer) -> None:
        """Redraw because one layer's content changed (the images of the others are kept)."""
        self._frames.invalidate(layer)
        self._dirty = True
        self.update()

    # --- painting ------------------------------------------------------------------------------------------
    def view_key(self):
        """What a drawn frame depends on: scale, centre, size and pixel ratio (layers cache by it)."""
        return (self._scale, self._centre, self.width(), self.height(), self.devicePixelRatioF())

    def view(self) -> View:
        return View(self._scale, self._centre, self.width(), self.height(), self.devicePixelRatioF())

    def render_frame(self, preview: bool = False) -> QImage:
        """Every visible layer composed into a frame for the current view, from the layer images still valid
        (ui/canvas/frame_cache.py). With `preview`, images of an older view may stand in, moved or scaled; the
        finished frame then follows from a deferred render."""
        layers = [
            layer for layer in self.layers if layer.visible and layer.opacity > 0 and id(layer) not in self._unprepared
        ]
        image, complete = self._frames.compose(
            layers, self.view(), self.view_transform(), qcolor(self.style.background), preview
        )
        self._frame = image
        self._frame_view = self.view_key()
        self._frame_complete = complete
        self._dirty = False
        if complete:
            self._interactive = False
        else:
            self._finish.start()
        if self._frames.labels_moved:
            self._settle.start()  # restarted by every frame: waits for the view to stay still
        return image

    def settle_labels(self) -> bool:
        """Lay out afresh labels that were moved with a pan, for the view as it is (True: a frame was drawn)."""
        if self._panning or not self._frames.relayout_labels():
            return False
        self.render_frame()
        self.update()
        return True

    def frame_complete(self) -> bool:
        """False while the frame on screen is a preview (parts moved or scaled from the last view)."""
        return self._frame_complete

    def _finish_frame(self) -> None:
        if not self._frame_complete and not self._panning:
            self.render_frame()
            self.update()

    def paintEvent(self, event) -> None:
        if self._dirty or self._frame is None or (not self._panning and self._frame_view != self.view_key()):
            self.render_frame(preview=self._interactive)
        painter = QPainter(self)
        scale, (fx, fy), width, height, _ = self._frame_view
        if self._frame_view == self.view_key():
            painter.drawImage(0, 0, self._frame)
        else:
            # A pan in progress: the last frame moved by the drag, sea where nothing is drawn yet.
            painter.fillRect(self.rect(), qcolor(self.style.ocean))
            cx, cy = self._centre
            painter.drawImage(QPointF((fx - cx) * scale, (cy - fy) * scale), self._frame)
        if self.tool is not None:
            painter.setRenderHint(QPainter.Antialiasing)
            try:
                self.tool.paint_overlay(painter)
            except Exception:
                traceback.print_exc()
        painter.end()
        self.frame_painted.emit()

    def resizeEvent(self, event) -> None:
        if self._auto_extent and self.scenario is not None:
            self.zoom_to_extent()
        self._dirty = True
        super().resizeEvent(event)
