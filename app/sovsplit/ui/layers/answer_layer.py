"""A temporary layer that previews an answer of "Ask the map": the regions it moves, hatched and outlined."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPainter

from sovsplit.ui.layers.map_layers import MapLayer, cosmetic_pen

GAINED = QColor("#e66101")  # regions the polity would gain
LOST = QColor("#5e3c99")  # regions it would give up


class AnswerLayer(MapLayer):
    """Regions an answer moves: gained ones hatched orange, given-up ones hatched purple, both outlined."""

    key, title = "answer-preview", "Answer preview"

    def __init__(self, **kw):
        super().__init__(**kw)
        self.gained: tuple[str, ...] = ()
        self.lost: tuple[str, ...] = ()

    def show_moves(self, gained: tuple[str, ...], lost: tuple[str, ...]) -> None:
        self.gained, self.lost = tuple(gained), tuple(lost)
        self.changed()

    def legend_items(self) -> list:
        items = []
        if self.gained:
            items.append(("Region gained in the answer", GAINED))
        if self.lost:
            items.append(("Region given up in the answer", LOST))
        return items

    def paint(self, painter, canvas):
        if canvas.scenario is None:
            return
        paths = canvas.region_paths(canvas.simplify_tolerance())
        painter.setRenderHint(QPainter.Antialiasing, True)
        for ids, colour in ((self.gained, GAINED), (self.lost, LOST)):
            fill = QColor(colour)
            fill.setAlpha(110)
            for rid in ids:
                path = paths.get(rid)
                if path is None:
                    continue
                painter.setPen(Qt.NoPen)
                painter.setBrush(fill)
                painter.drawPath(path)
                hatch = QBrush(colour, Qt.BDiagPattern)
                hatch.setTransform(painter.worldTransform().inverted()[0])  # hatching in screen pixels
                painter.setBrush(hatch)
                painter.drawPath(path)
                painter.setPen(cosmetic_pen(colour.darker(130), 2.0, canvas))
                painter.setBrush(Qt.NoBrush)
                painter.drawPath(path)
