"""The map canvas: pan, zoom at the cursor, keys, extent, projections, coordinates and the tool hooks."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QCursor, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from sovsplit.model.projections import PROJECTIONS
from sovsplit.ui.tools.map_tool import MapEvent, MapTool


def _screen_of(canvas, lon, lat) -> QPointF:
    xs, ys = canvas.project(np.array([lon]), np.array([lat]))
    return canvas.map_to_screen(float(xs[0]), float(ys[0]))


def _mouse(canvas, kind, pos, button=Qt.LeftButton, buttons=Qt.LeftButton):
    QApplication.sendEvent(canvas, QMouseEvent(kind, pos, canvas.mapToGlobal(pos), button, buttons, Qt.NoModifier))


def test_drag_pans_the_map_with_the_cursor(canvas, qtbot):
    start = QPointF(300, 300)
    before = canvas.screen_to_lonlat(start)
    _mouse(canvas, QEvent.MouseButtonPress, start)
    _mouse(canvas, QEvent.MouseMove, QPointF(340, 320), Qt.NoButton)
    _mouse(canvas, QEvent.MouseMove, QPointF(400, 350), Qt.NoButton)
    canvas.repaint()
    _mouse(canvas, QEvent.MouseButtonRelease, QPointF(400, 350), buttons=Qt.NoButton)
    after = canvas.screen_to_lonlat(QPointF(400, 350))
    # The geographic point that was under the cursor moved with it.
    assert after == pytest.approx(before, abs=1e-6)


def test_wheel_zoom_keeps_the_point_under_the_cursor(canvas):
    pos = QPointF(canvas.width() * 0.7, canvas.height() * 0.35)
    before_lonlat = canvas.screen_to_lonlat(pos)
    scale = canvas.pixels_per_metre()
    QApplication.sendEvent(
        canvas,
        QWheelEvent(
            pos, canvas.mapToGlobal(pos), QPoint(), QPoint(0, 240), Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False
        ),
    )
    assert canvas.pixels_per_metre() == pytest.approx(scale * 1.25**2)
    assert canvas.screen_to_lonlat(pos) == pytest.approx(before_lonlat, abs=1e-6)


def test_plus_and_minus_keys_zoom(canvas, qtbot):
    scale = canvas.pixels_per_metre()
    qtbot.keyClick(canvas, Qt.Key_Plus)
    assert canvas.pixels_per_metre() > scale
    qtbot.keyClick(canvas, Qt.Key_Minus)
    qtbot.keyClick(canvas, Qt.Key_Minus)
    assert canvas.pixels_per_metre() < scale


def test_zoom_to_polity_then_full_extent(canvas, scenario):
    full = canvas.pixels_per_metre()
    canvas.zoom_to_polity("east")
    assert canvas.pixels_per_metre() > full
    # Yakutsk (in the East) is on screen, Moscow is not.
    inside = canvas.rect()
    assert inside.contains(_screen_of(canvas, 129.73, 62.03).toPoint())
    assert not inside.contains(_screen_of(canvas, 37.62, 55.75).toPoint())
    canvas.zoom_to_extent()
    assert canvas.pixels_per_metre() == pytest.approx(full)
    for lon, lat in [(20.5, 54.7), (190.0, 66.0), (60.0, 37.0)]:  # Kaliningrad, Chukotka, Turkmenistan
        assert inside.contains(_screen_of(canvas, lon, lat).toPoint())


def test_projection_switch_keeps_the_centre_when_zoomed_in(window, canvas):
    canvas.zoom_by(3.0)
    centre = QPointF(canvas.width() / 2, canvas.height() / 2)
    lonlat = canvas.screen_to_lonlat(centre)
    for key in PROJECTIONS:
        canvas.set_projection(key)
        canvas.repaint()
        assert canvas.projection_key == key
        assert canvas.screen_to_lonlat(centre) == pytest.approx(lonlat, abs=0.05)
    checked = [a.data() for a in window._projection_group.actions() if a.isChecked()]
    assert checked == ["platecarree"]


def test_projection_switch_at_the_full_extent_refits_and_shows_the_whole_ussr(canvas):
    inside = canvas.rect()
    canvas.zoom_to_extent()
    for key in [*PROJECTIONS, "albers"]:
        canvas.set_projection(key)
        extent = canvas.full_extent()
        assert canvas.centre() == pytest.approx((extent.center().x(), extent.center().y()))
        # Kaliningrad, Chukotka's east tip, Turkmenistan's south, the Arctic islands: all on screen.
        for lon, lat in [(19.9, 54.6), (190.0, 66.0), (60.0, 35.5), (58.0, 81.0)]:
            assert inside.contains(_screen_of(canvas, lon, lat).toPoint()), (key, lon, lat)
        canvas.zoom_by(1.5)
        canvas.zoom_to_extent()  # Zoom to Full Extent, in this projection
        for lon, lat in [(19.9, 54.6), (190.0, 66.0)]:
            assert inside.contains(_screen_of(canvas, lon, lat).toPoint()), (key, lon, lat)


def test_chukotka_is_drawn_in_one_piece(canvas, scenario):
    """Chukotka's projected outline stays compact in every projection: nothing jumps across 180°."""
    import shapely

    from sovsplit.ui.canvas.geometry_paths import project_geometry

    for key in PROJECTIONS:
        canvas.set_projection(key)
        chukotka = project_geometry(scenario.regions["RUCHU"].geometry, canvas.transformer)
        x0, _, x1, _ = shapely.bounds(chukotka)
        # Chukotka spans about 30° of longitude; a seam at 180° would stretch it across the whole world.
        assert x1 - x0 < 5.0e6, key


def test_screen_and_lonlat_round_trip_across_180(canvas):
    for lon, lat in [(131.87, 43.11), (185.0, 65.0), (37.6, 55.7)]:
        got = canvas.screen_to_lonlat(_screen_of(canvas, lon, lat))
        assert got == pytest.approx((lon, lat), abs=1e-6)


class RecordingTool(MapTool):
    """A tool that takes left presses and records what it sees (with the lon/lat the canvas computed)."""

    def __init__(self, take: bool):
        super().__init__(None, None)
        self.take = take
        self.events = []
        self.seen: list[MapEvent] = []
        self.overlay_painted = False
        self.active = None

    def activate(self):
        self.active = True

    def deactivate(self):
        self.active = False

    def mouse_press(self, event):
        self.events.append("press")
        self.seen.append(event)
        return self.take

    def mouse_move(self, event):
        self.events.append("move")

    def mouse_release(self, event):
        self.events.append("release")

    def key_press(self, event):
        self.events.append("key")
        return event.key() == Qt.Key_Escape

    def paint_overlay(self, painter):
        self.overlay_painted = True

    def cursor(self):
        return QCursor(Qt.CrossCursor)


def test_a_tool_gets_events_first_and_blocks_left_button_panning(canvas, qtbot):
    tool = RecordingTool(take=True)
    changes = []
    canvas.tool_changed.connect(lambda new, old: changes.append((new, old)))
    canvas.set_tool(tool)
    assert canvas.cursor().shape() == Qt.CrossCursor and tool.active and changes == [(tool, None)]
    centre = canvas.centre()
    _mouse(canvas, QEvent.MouseButtonPress, QPointF(200, 200))
    press = tool.seen[0]
    assert (press.lon, press.lat) == pytest.approx(canvas.screen_to_lonlat(QPointF(200, 200)))
    assert press.left() and press.on_map and not press.double_click
    _mouse(canvas, QEvent.MouseMove, QPointF(260, 260), Qt.NoButton)
    _mouse(canvas, QEvent.MouseButtonRelease, QPointF(260, 260), buttons=Qt.NoButton)
    assert tool.events == ["press", "move", "release"]
    assert canvas.centre() == centre
    qtbot.keyClick(canvas, Qt.Key_Escape)
    assert tool.events[-1] == "key"
    canvas.repaint()
    assert tool.overlay_painted
    # The middle button still pans.
    _mouse(canvas, QEvent.MouseButtonPress, QPointF(200, 200), Qt.MiddleButton, Qt.MiddleButton)
    _mouse(canvas, QEvent.MouseMove, QPointF(260, 260), Qt.NoButton, Qt.MiddleButton)
    _mouse(canvas, QEvent.MouseButtonRelease, QPointF(260, 260), Qt.MiddleButton, Qt.NoButton)
    assert canvas.centre() != centre
    canvas.set_tool(None)
    assert canvas.cursor().shape() == Qt.ArrowCursor
    assert tool.active is False and changes[-1] == (None, tool)


def test_a_tool_that_declines_the_press_lets_the_map_pan(canvas):
    tool = RecordingTool(take=False)
    canvas.set_tool(tool)
    centre = canvas.centre()
    _mouse(canvas, QEvent.MouseButtonPress, QPointF(200, 200))
    _mouse(canvas, QEvent.MouseMove, QPointF(260, 260), Qt.NoButton)
    _mouse(canvas, QEvent.MouseButtonRelease, QPointF(260, 260), buttons=Qt.NoButton)
    assert tool.events[0] == "press"
    assert canvas.centre() != centre


def test_status_bar_shows_the_cursor_lon_lat(window, canvas):
    pos = _screen_of(canvas, 131.87, 43.11)
    _mouse(canvas, QEvent.MouseMove, pos, Qt.NoButton, Qt.NoButton)
    assert window._position_label.text() == "131.87°E 43.11°N"
    # East of 180° the display wraps to west longitudes.
    _mouse(canvas, QEvent.MouseMove, _screen_of(canvas, 185.5, 66.0), Qt.NoButton, Qt.NoButton)
    assert window._position_label.text() == "174.50°W 66.00°N"


def test_hover_shows_the_region_its_polity_and_numbers(window, canvas, scenario):
    _mouse(canvas, QEvent.MouseMove, _screen_of(canvas, 129.7, 62.0), Qt.NoButton, Qt.NoButton)
    text = window.stats_panel.info.text()
    region = scenario.regions["RUSA"]
    assert region.name in text and "East USSR" in text
    area = window.stats_panel.parcel_stats["RUSA"].area_km2
    assert f"{area:,.0f} km²" in text
    assert canvas.toolTip() == text
    # Over the sea there is nothing to say.
    _mouse(canvas, QEvent.MouseMove, _screen_of(canvas, 150.0, 55.0), Qt.NoButton, Qt.NoButton)
    assert region.name not in window.stats_panel.info.text()


def _covers(paths, point) -> bool:
    return any(path.contains(point) for path in paths)


def test_territory_change_redraws_only_what_changed(canvas, scenario):
    polities = canvas.layer("polities")
    canvas.repaint()
    tolerance = canvas.simplify_tolerance()
    point = canvas.view_transform().inverted()[0].map(_screen_of(canvas, 134.0, 45.0))
    assert _covers(polities.fill_paths("west", tolerance), point)
    region_paths = canvas.region_paths(tolerance)
    scenario.set_owners({"RUPRI": "east"})
    canvas.repaint()
    assert not _covers(polities.fill_paths("west", tolerance), point)
    assert canvas.region_paths(tolerance) is region_paths  # the projected regions were kept
    assert _covers(polities.fill_paths("east", tolerance), point)


def test_zoomed_in_a_fill_leaves_out_only_parcels_away_from_the_view(canvas):
    # Parcels wholly outside the area drawn are not handed to the rasteriser at all.
    canvas.zoom_to_extent()
    canvas.zoom_by(8.0, _screen_of(canvas, 60.0, 55.0))
    canvas.render_frame()
    polities, tolerance = canvas.layer("polities"), canvas.simplify_tolerance()
    to_map = canvas.view_transform().inverted()[0]
    view = to_map.mapRect(QRectF(canvas.rect()))
    near = polities.fill_paths("west", tolerance, view)
    whole = polities.fill_paths("west", tolerance)
    assert 0 < len(near) < len(whole)
    # ...and nothing in view changes: the same points are inside either set of paths.
    for x in range(0, canvas.width(), 37):
        for y in range(0, canvas.height(), 41):
            point = to_map.map(QPointF(x, y))
            assert _covers(near, point) == _covers(whole, point), (x, y)
