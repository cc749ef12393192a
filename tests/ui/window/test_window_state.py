"""The window remembers its size, docks, theme, map style, projection and layers across a restart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication


@pytest.fixture
def store(tmp_path):
    return QSettings(str(tmp_path / "sovsplit.ini"), QSettings.IniFormat)


@pytest.fixture(autouse=True)
def _light_afterwards():
    """The theme is application-wide: put the light one back so later tests see the usual palette."""
    yield
    from sovsplit.ui.window.themes import apply_theme

    apply_theme(QApplication.instance(), "light")


def _new_window(qtbot, scenario):
    from sovsplit.ui.window.main_window import MainWindow

    win = MainWindow(scenario)
    qtbot.addWidget(win)
    return win


def test_a_restart_restores_size_docks_theme_style_projection_and_layers(qtbot, scenario, store):
    from sovsplit.ui.window import window_state
    from sovsplit.ui.window.themes import current_theme

    first = _new_window(qtbot, scenario)
    window_state.restore(first, store)  # a first start: nothing saved yet
    first.show()
    qtbot.waitExposed(first)
    first.resize(760, 540)  # inside the offscreen screen (800×600): Qt keeps a restored window on screen
    qtbot.waitUntil(lambda: first.width() == 760)
    first.layers_dock.hide()
    next(a for a in first.theme_actions.actions() if a.data() == "dark").trigger()
    next(a for a in first.style_actions.actions() if a.data() == "greyscale").trigger()
    first.canvas.set_projection("laea-north")
    graticule = next(layer for layer in first.canvas.layers if layer.visible)
    first.canvas.set_layer_visible(graticule, False)
    window_state.save(first, store)
    first.close()
    QApplication.instance().processEvents()
    from sovsplit.ui.window.themes import apply_theme

    apply_theme(QApplication.instance(), "light")  # a fresh process starts light

    second = _new_window(qtbot, scenario)
    assert window_state.restore(second, store)
    second.show()
    qtbot.waitExposed(second)
    assert (second.width(), second.height()) == (760, 540)
    assert not second.layers_dock.isVisible() and second.stats_dock.isVisible()
    assert current_theme(QApplication.instance()) == "dark"
    assert [a.data() for a in second.theme_actions.actions() if a.isChecked()] == ["dark"]
    assert second.canvas.style.key == "greyscale"
    assert [a.data() for a in second.style_actions.actions() if a.isChecked()] == ["greyscale"]
    assert second.canvas.projection_key == "laea-north"
    assert not second.canvas.layer(graticule.key).visible
    shown = {layer.key for layer in second.canvas.layers if layer.visible}
    assert shown == {layer.key for layer in first.canvas.layers if layer.visible}


def test_a_first_start_fits_the_available_screen(qtbot, scenario, store):
    from sovsplit.ui.window import window_state

    win = _new_window(qtbot, scenario)
    assert not window_state.restore(win, store)
    area = win.screen().availableGeometry()
    assert 0.8 * area.width() <= win.width() <= area.width()
    assert 0.8 * area.height() <= win.height() <= area.height()


def test_every_toolbar_button_has_an_icon_and_names_its_shortcut(window):
    for action in window.toolbar.actions():
        if action.isSeparator():
            continue
        assert not action.icon().isNull(), action.text()
        key = action.shortcut().toString()
        assert key and f"({key})" in action.toolTip(), action.toolTip()


def test_help_offers_the_guide_the_shortcut_list_and_full_screen(window, qtbot):
    from sovsplit.ui.dialogs.user_guide import show_shortcuts, show_user_guide

    keys = {
        a.text().replace("&", ""): a.shortcut().toString() for m in window.menus.menus.values() for a in m.actions()
    }
    assert keys["User Guide"] == "F1" and keys["Full Screen"] == "F11"
    guide = show_user_guide(window)
    text = guide.browser.toPlainText()
    assert "Editing borders" in text and "Feasibility debate" in text and "Arable land and ports" in text
    assert "Packaging" not in text
    listing = show_shortcuts(window).browser.toPlainText()
    for entry in ("Ctrl+O", "Open…", "F1", "User Guide", "Region Tool"):
        assert entry in listing


def test_the_remembered_theme_is_applied_before_the_window_is_built(qtbot, scenario, store, monkeypatch):
    """A theme applied to a built window re-polishes every widget (it delayed the first frame): start-up
    applies the remembered one first, and restoring the window then only ticks its menu entry."""
    from sovsplit.ui.window import window_state
    from sovsplit.ui.window.themes import apply_theme, current_theme

    store.setValue(f"{window_state.GROUP}/geometry", _new_window(qtbot, scenario).saveGeometry())
    store.setValue(f"{window_state.GROUP}/theme", "dark")
    app = QApplication.instance()
    apply_theme(app, "light")  # a fresh process starts light
    window_state.apply_remembered_theme(store)
    assert current_theme(app) == "dark"
    win = _new_window(qtbot, scenario)
    applied: list[str] = []
    monkeypatch.setattr(window_state, "apply_theme", lambda app, key: applied.append(key) or apply_theme(app, key))
    assert window_state.restore(win, store)
    assert applied == []  # not applied a second time
    assert [a.data() for a in win.theme_actions.actions() if a.isChecked()] == ["dark"]
