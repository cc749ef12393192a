"""The statistics dock's bar chart drawn with QPainter: area and modelled arable land per polity.

Drawn by Qt itself so the window needs no matplotlib at start-up (importing its Qt backend cost about a second
on the GUI thread before the scenario could appear)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

_MARGIN_LEFT, _MARGIN_RIGHT, _MARGIN_TOP, _MARGIN_BOTTOM = 44.0, 8.0, 22.0, 26.0


class StatsBars(QWidget):
    """Grouped bars: total area (solid) and modelled arable land (hatched) of each polity, in million km²."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self._polities: list = []

    def draw_polities(self, polities: list) -> None:
        self._polities = list(polities)
        self.update()

    def area_bars(self) -> list[float]:
        """The area bars' heights in million km², left to right (what the chart shows)."""
        return [p.area_km2 / 1e6 for p in self._polities]

    def arable_bars(self) -> list[float]:
        return [p.arable_km2 / 1e6 for p in self._polities]

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if not self._polities:
            painter.end()
            return
        font = QFont(self.font())
        font.setPointSizeF(7.5)
        painter.setFont(font)
        text = self.palette().text().color()
        plot = QRectF(
            _MARGIN_LEFT,
            _MARGIN_TOP,
            max(self.width() - _MARGIN_LEFT - _MARGIN_RIGHT, 10.0),
            max(self.height() - _MARGIN_TOP - _MARGIN_BOTTOM, 10.0),
        )
        top = max(max(self.area_bars()), max(self.arable_bars()), 1e-9) * 1.15
        painter.setPen(QPen(text, 0.8))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        for tick in _ticks(top):
            y = plot.bottom() - tick / top * plot.height()
            painter.drawLine(plot.left() - 3, y, plot.left(), y)
            painter.drawText(QRectF(0, y - 8, plot.left() - 5, 16), Qt.AlignRight | Qt.AlignVCenter, f"{tick:g}")
        painter.save()
        painter.translate(10, plot.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-plot.height() / 2, -8, plot.height(), 16), Qt.AlignCenter, "million km²")
        painter.restore()
        slot = plot.width() / len(self._polities)
        bar = slot * 0.36
        for n, polity in enumerate(self._polities):
            centre = plot.left() + slot * (n + 0.5)
            colour = QColor(polity.colour)
            for offset, value, hatched in (
                (-0.55, polity.area_km2 / 1e6, False),
                (0.55, polity.arable_km2 / 1e6, True),
            ):
                height = value / top * plot.height()
                rect = QRectF(centre + offset * bar - bar / 2, plot.bottom() - height, bar, height)
                fill = QColor(colour)
                if hatched:
                    fill.setAlphaF(0.55)
                painter.setPen(QPen(QColor("#333333"), 0.6))
                painter.setBrush(fill)
                painter.drawRect(rect)
                if hatched:
                    painter.setBrush(QBrush(QColor("#333333"), Qt.BDiagPattern))
                    painter.drawRect(rect)
                painter.setPen(text)
                share = polity.arable_km2 / polity.area_km2 if polity.area_km2 else 0.0
                label = bar_label(value, share) if hatched else f"{value:.2f}"
                painter.drawText(
                    QRectF(rect.left() - 10, rect.top() - 14, rect.width() + 20, 13), Qt.AlignCenter, label
                )
            painter.drawText(QRectF(centre - slot / 2, plot.bottom() + 3, slot, 14), Qt.AlignCenter, polity.name)
        _legend(painter, plot, text)
        painter.end()


def bar_label(million_km2: float, share: float) -> str:
    """An arable bar's label: its size, and the share of the polity's land when the bar is too small to see."""
    if million_km2 >= 0.005:
        return f"{million_km2:.2f}"
    if share <= 0:
        return "0"
    return "< 0.1 %" if share < 0.001 else f"{share * 100:.1f} %"


def _ticks(top: float) -> list[float]:
    """Three to six round tick values from 0 up to `top`."""
    step = 10 ** int(f"{top:e}".split("e")[1])
    for factor in (0.1, 0.2, 0.5, 1.0, 2.0):
        if top / (step * factor) <= 6:
            step *= factor
            break
    return [round(i * step, 6) for i in range(int(top / step) + 1)]


def _legend(painter: QPainter, plot: QRectF, text: QColor) -> None:
    x, y = plot.right() - 150, 4.0
    painter.setPen(QPen(QColor("#333333"), 0.6))
    painter.setBrush(QColor("#999999"))
    painter.drawRect(QRectF(x, y + 2, 10, 8))
    painter.setPen(text)
    painter.drawText(QRectF(x + 14, y, 40, 12), Qt.AlignLeft | Qt.AlignVCenter, "area")
    painter.setPen(QPen(QColor("#333333"), 0.6))
    painter.setBrush(QBrush(QColor("#333333"), Qt.BDiagPattern))
    painter.drawRect(QRectF(x + 50, y + 2, 10, 8))
    painter.setPen(text)
    painter.drawText(QRectF(x + 64, y, 90, 12), Qt.AlignLeft | Qt.AlignVCenter, "arable (modelled)")
