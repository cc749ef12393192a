"""Docks that fit their content: side tabs that never cut a title, and first-start widths from what the panels show."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget

# Shares of the window width the docks may take at most on a first start; the map keeps the rest.
MAX_LEFT_SHARE, MAX_RIGHT_SHARE = 0.18, 0.4
# Lists of layer and polity names need no more than this, however wide the screen.
MAX_LEFT_PX = 230
# The narrowest a dock gets: a list of layer names, and two polities' numbers side by side.
MIN_LEFT_PX, MIN_RIGHT_PX = 170, 320


def arrange_dock_tabs(window) -> None:
    """Tabs of the left docks run down the window's left edge, where every title fits at full length (a row of four
    tabs under a narrow dock cut them to "La…", "Poli…"); the right docks keep their tabs below."""
    window.setTabPosition(Qt.LeftDockWidgetArea, QTabWidget.West)


def size_docks(window) -> None:
    """Give each side the width its panels ask for, within a share of the window, and the map the rest."""
    width = window.width()
    left_px = max(window.layers_panel.sizeHint().width(), MIN_LEFT_PX)
    table = window.stats_panel.table
    if table.columnCount():
        right_px = _table_width(table) + 24
    else:  # before the first statistics: room for two polities' numbers (about 430 px) on any screen
        right_px = max(int(width * 0.3), min(430, int(width * 0.37)))
    left_px = min(left_px, int(width * MAX_LEFT_SHARE), MAX_LEFT_PX)
    right_px = min(max(right_px, MIN_RIGHT_PX), int(width * MAX_RIGHT_SHARE))
    window.resizeDocks([window.layers_dock, window.stats_dock], [left_px, right_px], Qt.Horizontal)


def _table_width(table) -> int:
    """The width a table needs to show every column at its contents' width, with its row titles and frame."""
    header = table.horizontalHeader()
    columns = sum(max(header.sectionSizeHint(c), table.sizeHintForColumn(c)) for c in range(table.columnCount()))
    return table.verticalHeader().sizeHint().width() + columns + 2 * table.frameWidth()
