"""The declared interface of a map tool, and the event the canvas builds once for every tool."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QCursor, QKeyEvent, QPainter


@dataclass(frozen=True)
class MapEvent:
    """A mouse event on the map: where on screen, where on Earth (NaN off the globe) and which buttons."""

    pos: QPointF
    lon: float
    lat: float
    button: Qt.MouseButton = Qt.NoButton
    buttons: Qt.MouseButton = Qt.NoButton
    modifiers: Qt.KeyboardModifier = Qt.NoModifier
    double_click: bool = False

    @property
    def on_map(self) -> bool:
        return math.isfinite(self.lon) and math.isfinite(self.lat)

    def left(self) -> bool:
        """The left button went down or up with this event."""
        return self.button == Qt.LeftButton

    def dragging(self) -> bool:
        """The left button is held while the mouse moves."""
        return bool(self.buttons & Qt.LeftButton)


class MapTool:
    """A canvas tool: it gets mouse events first (returning True takes an event; False lets the map pan),
    keys, and may paint an overlay. It works on the canvas and the document, never on the window."""

    id: str = ""
    text: str = ""  # menu text, with its & mnemonic
    shortcut: str = ""
    tip: str = ""

    def __init__(self, canvas, document):
        self.canvas = canvas
        self.document = document

    def cursor(self) -> QCursor:
        return QCursor(Qt.ArrowCursor)

    def activate(self) -> None:
        """The canvas made this the active tool."""

    def deactivate(self) -> None:
        """Another tool (or none) took the canvas: drop anything half done."""

    def mouse_press(self, event: MapEvent) -> bool:
        return False

    def mouse_move(self, event: MapEvent) -> bool:
        return False

    def mouse_release(self, event: MapEvent) -> bool:
        return False

    def key_press(self, event: QKeyEvent) -> bool:
        return False

    def paint_overlay(self, painter: QPainter) -> None:
        """Draw on top of the map (screen coordinates unless the tool sets the view transform)."""
