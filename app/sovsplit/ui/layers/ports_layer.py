"""The ports layer: a diamond per sea port (dark = usable all year, light = seasonal) and a tooltip on hover."""

from __future__ import annotations

import math
from html import escape

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QPen, QPolygonF
from PySide6.QtWidgets import QToolTip

from sovsplit.model import reference
from sovsplit.ui.canvas.geometry_paths import project_points
from sovsplit.ui.layers.base import MapLayer, qcolor

# Half the diagonal of a diamond, in points; year-round ports are drawn a little larger.
YEAR_ROUND_RADIUS_PT, SEASONAL_RADIUS_PT = 4.6, 3.8
# How far from a symbol's centre (pixels) the pointer still counts as over the port.
HOVER_SLACK_PX = 3.0


def _km(value) -> str:
    return f"{float(value):,.0f} km"


def port_tooltip(port, owner: str | None) -> str:
    """Rich text describing one port (a reference.ports() feature) and who holds it ("": not known yet)."""
    months = int(port.get("navigation_months") or 0)
    ice = (
        "<b>Ice-free</b>: usable all year"
        if port.get("ice_free")
        else f"All year with icebreakers ({months} months without)"
        if port.get("ice_class") == "icebreaker"
        else f"Seasonal: {months} months of navigation"
    )
    outlet = port.get("ocean_outlet")
    basin = f"{escape(port.get('basin') or '—')} basin" + (
        f", opens to the {escape(outlet)}" if outlet else ", no outlet to the ocean"
    )
    yokohama, shanghai = port.get("sea_km_to_yokohama"), port.get("sea_km_to_shanghai")
    sea_route = (
        f"By sea: {_km(yokohama)} to Yokohama · {_km(shanghai)} to Shanghai"
        if yokohama is not None and shanghai is not None
        else "No sea route to Japan or China"
    )
    lines = [
        f"<b>{escape(port['name'])}</b> <span style='color:#666'>({escape(port.get('locode') or '—')})</span>",
        f"{escape(port.get('sea') or '—')} · {basin}",
        ice,
        f"Rail link: {'yes' if port.get('rail') else 'no'}",
        sea_route,
        f"Held by <b>{escape(owner)}</b>"
        if owner
        else "Holder: being computed…"
        if owner == ""
        else "Held by nobody (unclaimed)",
    ]
    if port.get("notes"):
        lines.append(f"<i>{escape(port['notes'])}</i>")
    return "<p style='white-space:pre-wrap; max-width:340px'>" + "<br>".join(lines) + "</p>"


class _HoverFilter(QObject):
    """Answers the canvas's tooltip events over a port; elsewhere the canvas's own tooltip (the region) shows."""

    def __init__(self, layer: PortsLayer):
        super().__init__()
        self.layer = layer

    def eventFilter(self, watched, event) -> bool:
        if event.type() != QEvent.ToolTip or not self.layer.visible or self.layer.canvas is None:
            return False
        index = self.layer.port_at(event.position() if hasattr(event, "position") else QPointF(event.pos()))
        if index is None:
            return False
        centre = self.layer.screen_point(index)
        radius = math.ceil(self.layer.radius_px(index) + HOVER_SLACK_PX)
        area = QRect(int(centre.x()) - radius, int(centre.y()) - radius, 2 * radius, 2 * radius)
        QToolTip.showText(event.globalPos(), self.layer.tooltip(index), watched, area)
        return True


class PortsLayer(MapLayer):
    """Every shipped port, styled by ice status; `tooltip(i)` says what the port gives its holder."""

    view_dependent = False
    scenario_free = True

    key = "ports"
    title = "Ports"

    def __init__(self, **kw):
        super().__init__(**kw)
        self._xy: tuple[str, np.ndarray] | None = None  # (projection key, n × 2 metres)
        self._owners: dict[str, str] | None = None
        self._filter = _HoverFilter(self)

    # --- canvas hooks ----------------------------------------------------------------------------------------
    def attached(self, canvas) -> None:
        super().attached(canvas)
        canvas.installEventFilter(self._filter)

    def detached(self) -> None:
        if self.canvas is not None:
            self.canvas.removeEventFilter(self._filter)
        super().detached()

    def prepare(self) -> None:
        reference.ports()
        if self.canvas is not None:  # projected here: the first pyproj call on the GUI thread costs a frame
            self._xy = self._project(self.canvas)

    def projection_changed(self) -> None:
        self._xy = None

    def legend_items(self):
        if self.canvas is None:
            return []
        style = self.canvas.style
        return [
            ("Port, ice-free (usable all year)", qcolor(style.port_ice_free)),
            ("Port with winter ice (seasonal or icebreaker-kept)", qcolor(style.port_seasonal)),
        ]

    # --- geometry ------------------------------------------------------------------------------------------
    def projected(self) -> np.ndarray:
        """Projected metres of every port (n × 2), in reference.ports() order."""
        if self._xy is None or self._xy[0] != self.canvas.projection_key:
            self._xy = self._project(self.canvas)
        return self._xy[1]

    @staticmethod
    def _project(canvas) -> tuple[str, np.ndarray]:
        key = canvas.projection_key  # read once: the projection may change while a worker projects
        return key, project_points(reference.ports(), key)

    def screen_point(self, index: int) -> QPointF:
        return self.canvas.map_to_screen(*self.projected()[index])

    def radius_px(self, index: int) -> float:
        ice_free = reference.ports()[index].get("ice_free")
        return (YEAR_ROUND_RADIUS_PT if ice_free else SEASONAL_RADIUS_PT) * self.canvas.points_to_pixels

    def port_at(self, point: QPointF) -> int | None:
        """The index of the port whose symbol is under a widget position (the nearest if several), or None."""
        if self.canvas is None:
            return None
        best, best_distance = None, math.inf
        for index in range(len(reference.ports())):
            centre = self.screen_point(index)
            distance = math.hypot(centre.x() - point.x(), centre.y() - point.y())
            if distance <= self.radius_px(index) + HOVER_SLACK_PX and distance < best_distance:
                best, best_distance = index, distance
        return best

    def set_report(self, report) -> None:
        """Take who holds which port from the statistics report, so the tooltip and the panel always agree."""
        if report is None:
            self._owners = None
            return
        self._owners = {held.locode: polity.name for polity in report.polities for held in polity.ports.held}

    def owner_name(self, index: int) -> str | None:
        """The name of the polity holding a port; "" while the statistics are being computed, None if unclaimed."""
        if self._owners is None:
            return ""
        return self._owners.get(reference.ports()[index].get("locode"))

    def tooltip(self, index: int) -> str:
        return port_tooltip(reference.ports()[index], self.owner_name(index))

    # --- drawing -------------------------------------------------------------------------------------------
    def paint(self, painter, canvas) -> None:
        ports = reference.ports()
        style = canvas.style
        scale = canvas.points_to_pixels
        # Through the painter's transform, not the view's: the canvas may draw into an image with a margin.
        to_screen = painter.worldTransform()
        painter.resetTransform()
        device = painter.device()
        ratio = device.devicePixelRatioF()
        bounds = QRectF(-10, -10, device.width() / ratio + 20, device.height() / ratio + 20)
        xy = self.projected()
        dark = QPen(qcolor(style.port_ice_free), 1.3 * scale)
        halo = QPen(qcolor(style.halo), 1.1 * scale)
        for pen in (dark, halo):
            pen.setJoinStyle(Qt.MiterJoin)
        # Seasonal ports first, so a year-round port next to one stays on top.
        for index in sorted(range(len(ports)), key=lambda i: bool(ports[i].get("ice_free"))):
            centre = to_screen.map(QPointF(*xy[index]))
            if not bounds.contains(centre):
                continue
            r = self.radius_px(index)
            diamond = QPolygonF(
                [
                    QPointF(centre.x(), centre.y() - r),
                    QPointF(centre.x() + r, centre.y()),
                    QPointF(centre.x(), centre.y() + r),
                    QPointF(centre.x() - r, centre.y()),
                ]
            )
            if ports[index].get("ice_free"):
                painter.setPen(halo)
                painter.setBrush(qcolor(style.port_ice_free))
            else:
                painter.setPen(dark)
                painter.setBrush(qcolor(style.port_seasonal))
            painter.drawPolygon(diamond)
