"""At 1280x800 the docks fit their content: side tabs show whole titles, the map keeps most of the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabBar, QTabWidget


def test_dock_tabs_are_never_cut_short(window, qtbot):
    window.resize(1280, 800)
    window.compare_tool.open()  # a fourth tab on the left: Scenarios
    qtbot.wait(50)
    assert window.tabPosition(Qt.LeftDockWidgetArea) == QTabWidget.West
    bars = [bar for bar in window.findChildren(QTabBar) if bar.isVisible() and bar.parent() is window]
    titles = {bar.tabText(i) for bar in bars for i in range(bar.count())}
    assert {"Layers", "Polities", "History", "Scenarios", "Statistics", "Comparison"} <= titles
    for bar in bars:
        metrics = bar.fontMetrics()
        for i in range(bar.count()):
            rect = bar.tabRect(i)
            length = rect.height() if bar.shape() in (QTabBar.RoundedWest, QTabBar.TriangularWest) else rect.width()
            assert length >= metrics.horizontalAdvance(bar.tabText(i)), bar.tabText(i)


def test_a_first_start_leaves_the_map_most_of_the_window(window, qtbot):
    window.resize(1280, 800)
    window.docks_sized = False
    window.hide()
    window.show()
    qtbot.waitExposed(window)
    # The statistics take what two polities' numbers need (about 430 px), the left docks a list's width plus
    # their tabs, and the map the rest: more than two fifths of a 1280-pixel window.
    assert window.canvas.width() >= 0.42 * window.width()
    assert 320 <= window.stats_dock.width() <= 0.4 * window.width()
    assert window.layers_dock.width() <= 0.2 * window.width()


def test_the_polities_list_is_as_tall_as_its_rows(window, qtbot):
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    panel = window.editing.polities_panel
    window.editing.polities_dock.raise_()
    qtbot.wait(20)
    rows = panel.list.count()
    assert rows == 2
    # Two rows and a little room, not the dock's whole height: the buttons follow the list.
    assert panel.list.height() <= 4 * panel.list.sizeHintForRow(0) + 12
    assert panel.add_button.geometry().top() - panel.list.geometry().bottom() < 20
