"""Fixtures for the window tests: a shown main window on the default scenario with its statistics ready."""

from __future__ import annotations

import pytest


@pytest.fixture
def window(qtbot, scenario):
    from sovsplit.ui.main_window import MainWindow
    win = MainWindow(scenario)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.stats_panel.report is not None, timeout=60000)
    win.canvas.wait_for_layers()
    win.canvas.zoom_to_extent()
    win.canvas.repaint()
    return win


@pytest.fixture
def canvas(window):
    return window.canvas
