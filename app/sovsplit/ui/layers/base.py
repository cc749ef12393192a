"""The MapLayer base every canvas layer extends, and the colour and pen helpers layers share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen


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
    # False for a layer that draws the same pixels at a map point whatever else is in view (fills, lines,
    # markers): after a pan the canvas moves its cached image and draws only the exposed strip, clipped.
    # True (the safe default) for one whose drawing depends on the whole view, such as labels kept inside it.
    view_dependent = True
    # True for a layer that never draws from the scenario: a new scenario (a timeline's state) keeps its image.
    scenario_free = False

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

    def labels_moved(self, dx: int, dy: int) -> None:
        """The canvas moved this layer's last drawing by (dx, dy) pixels instead of drawing it again (a pan inside
        the extent its labels were laid out for): move the label boxes kept in `placed` (entries whose second
        item is a QRectF in screen pixels) with it. Layers keeping other screen records extend this."""
        placed = getattr(self, "placed", None)
        if placed:
            self.placed = [(entry[0], entry[1].translated(dx, dy), *entry[2:]) for entry in placed]

    def screen_records(self):
        """What this layer's hit tests and the next layers' obstacles read of its last drawing (as it was drawn),
        kept by the canvas with that drawing's image: zooming back to a level drawn before shows that image, and
        `restore_screen_records` gives the layer its records back. Records are replaced, never changed in place
        (labels_moved builds new ones), so the object kept stays as drawn."""
        return getattr(self, "placed", None)

    def restore_screen_records(self, records) -> None:
        if records is not None:
            self.placed = records

    def changed(self) -> None:
        """Ask the canvas to redraw because this layer's content changed."""
        if self.canvas is not None:
            # Only this layer's cached image is redrawn (the canvas keeps the others).
            notify = getattr(self.canvas, "layer_changed", None)
            notify(self) if notify is not None else self.canvas.request_redraw()
