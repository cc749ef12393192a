"""Fixtures for the UI tests: a document with its first result, and a shown main window on the default scenario."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_blocking_prompts(monkeypatch):
    """Closing a window with unsaved edits asks Save/Discard/Cancel, and a start after a crash offers
    recovery; both are modal. Tests discard and decline unless they replace these answers themselves."""
    from sovsplit.ui.window.saving import Saving

    monkeypatch.setattr(Saving, "ask_save_on_close", lambda self: "discard")
    monkeypatch.setattr(Saving, "ask_recovery", lambda self, recovery: "later")


@pytest.fixture
def document(qtbot, scenario):
    """The default scenario in a Document with its first result published, and no main window."""
    from sovsplit.ui.document.document import Document

    doc = Document()
    doc.replace_scenario(scenario)
    qtbot.waitUntil(doc.is_current, timeout=60000)
    yield doc
    doc.wait()


@pytest.fixture
def window(qtbot, scenario):
    from sovsplit.ui.window.main_window import MainWindow

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
