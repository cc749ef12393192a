"""The "what each region is worth" choropleth: swept regions coloured by one column of the sweep, with a legend."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter

from sovsplit.ui.layers.map_layers import MapLayer, cosmetic_pen

# A diverging ramp: losses (negative change for the polity) in purple, gains in green, no change pale grey.
_NEGATIVE = QColor("#7b3294")
_NEUTRAL = QColor("#f2f2f2")
_POSITIVE = QColor("#1b7837")
CLASSES = 4  # legend steps on each side of zero


def overlay_index(canvas) -> int | None:
    """Where a layer about regions goes: over the polities' fills, under region lines, labels and notes."""
    keys = [layer.key for layer in canvas.layers]
    return keys.index("regions") if "regions" in keys else None


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    t = max(0.0, min(1.0, t))
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def worth_colour(value: float, largest: float) -> QColor:
    """The ramp's colour for a signed value; `largest` (the biggest magnitude shown) gets the full colour."""
    if largest <= 0 or value == 0:
        return QColor(_NEUTRAL)
    # Square root: one huge region (Sakha) must not wash out the differences among the rest.
    t = (abs(value) / largest) ** 0.5
    return _mix(_NEUTRAL, _POSITIVE if value > 0 else _NEGATIVE, 0.25 + 0.75 * t)


class WorthLayer(MapLayer):
    """Regions coloured by what moving each one changes for a polity (one sweep column); others left clear."""

    key, title = "worth", "What each region is worth"

    def __init__(self, **kw):
        super().__init__(**kw)
        self.values: dict[str, float] = {}
        self.column = ""
        self.format_value = str

    def set_values(self, values: dict[str, float], column: str, format_value=str) -> None:
        """Show `values` (region id → signed change) as the column `column`, labelled with `format_value`."""
        self.values, self.column, self.format_value = dict(values), column, format_value
        self.title = f"Worth: {column}" if column else "What each region is worth"
        if self.canvas is not None:
            self.canvas.layers_changed.emit()  # the layers panel shows the new title and legend
        self.changed()

    def largest(self) -> float:
        return max((abs(v) for v in self.values.values()), default=0.0)

    def legend_items(self) -> list:
        """Steps of the ramp on each side of zero, up to the largest gain and the largest loss shown."""
        largest = self.largest()
        if not self.values:
            return []
        top = max(self.values.values())
        bottom = min(self.values.values())
        # Even steps of the square-root ramp, so the swatches are evenly spaced in colour.
        fractions = [(k / CLASSES) ** 2 for k in range(CLASSES, 0, -1)]
        items = [(f"+{self.format_value(top * f)}", worth_colour(top * f, largest)) for f in fractions if top > 0]
        items.append(("no change", QColor(_NEUTRAL)))
        items += (
            [(f"−{self.format_value(-bottom * f)}", worth_colour(bottom * f, largest)) for f in reversed(fractions)]
            if bottom < 0
            else []
        )
        return items

    def paint(self, painter, canvas):
        if canvas.scenario is None or not self.values:
            return
        paths = canvas.region_paths(canvas.simplify_tolerance())
        largest = self.largest()
        painter.setRenderHint(QPainter.Antialiasing, True)
        painter.setPen(cosmetic_pen("#333333", 0.4, canvas))
        for rid, value in self.values.items():
            path = paths.get(rid)
            if path is not None:
                painter.setBrush(worth_colour(value, largest))
                painter.drawPath(path)
        painter.setBrush(Qt.NoBrush)
