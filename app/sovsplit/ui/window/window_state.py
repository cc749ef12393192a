"""What the window remembers between runs: size, docks, theme, map style, projection and layer visibility."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from sovsplit.model.projections import PROJECTIONS
from sovsplit.render.style import available_styles
from sovsplit.ui.window.themes import apply_theme, available_themes, current_theme

GROUP = "window"
# Bumped when the dock layout changes incompatibly, so an old saved layout is ignored rather than misapplied.
STATE_VERSION = 2
# The share of the available screen a first start fills: room for the desktop's own panels around it.
FIRST_START_SHARE = 0.92


@dataclass(frozen=True)
class SavedView:
    """The remembered choices other than geometry and docks."""

    theme: str | None
    style: str | None
    projection: str | None
    layers: dict[str, bool]


def settings() -> QSettings:
    """The application's settings store (tests point it elsewhere with QSettings.setPath)."""
    return QSettings()


def system_theme() -> str:
    """'dark' when the desktop asks for a dark colour scheme (Qt ≥ 6.5), otherwise 'light'."""
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    if scheme is not None and scheme() == Qt.ColorScheme.Dark:
        return "dark"
    return "light"


def fit_to_screen(window) -> None:
    """First start: fill most of the screen the window is on, centred (no fixed size on any screen)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    width, height = int(area.width() * FIRST_START_SHARE), int(area.height() * FIRST_START_SHARE)
    window.resize(width, height)
    window.move(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2)


def read_view(store: QSettings) -> SavedView:
    store.beginGroup(GROUP)
    try:
        layers = {}
        store.beginGroup("layers")
        for key in store.childKeys():
            layers[key] = str(store.value(key)).lower() in ("true", "1")
        store.endGroup()
        return SavedView(
            theme=store.value("theme"), style=store.value("style"), projection=store.value("projection"), layers=layers
        )
    finally:
        store.endGroup()


def apply_remembered_theme(store: QSettings | None = None) -> None:
    """Apply the theme `restore` will choose before the window is built: applied to a built window, a theme
    re-polishes every widget, which delayed the first frame."""
    store = store or settings()
    first_start = not isinstance(store.value(f"{GROUP}/geometry"), QByteArray)
    key = system_theme() if first_start else read_view(store).theme
    if key in available_themes():
        apply_theme(QApplication.instance(), key)


def restore(window, store: QSettings | None = None) -> bool:
    """Apply what was remembered; on a first start fit the screen and follow the system's colour scheme.

    Returns True when there was something to restore.
    """
    store = store or settings()
    geometry = store.value(f"{GROUP}/geometry")
    if not isinstance(geometry, QByteArray) or not window.restoreGeometry(geometry):
        fit_to_screen(window)
        if system_theme() in available_themes():
            _set_theme(window, system_theme())
        return False
    state = store.value(f"{GROUP}/state")
    if isinstance(state, QByteArray):
        window.restoreState(state, STATE_VERSION)
        window.docks_sized = True  # the user's own dock sizes win over the first-start proportions
    view = read_view(store)
    if view.theme in available_themes():
        _set_theme(window, view.theme)
    if view.style in available_styles() and view.style != window.canvas.style.key:
        from sovsplit.ui.window.style_menu import set_map_style

        set_map_style(window, view.style)
        _check(getattr(window, "style_actions", None), view.style)
    if view.projection in PROJECTIONS and view.projection != window.canvas.projection_key:
        window.canvas.set_projection(view.projection)
    for layer in window.canvas.layers:
        if layer.key in view.layers and layer.visible != view.layers[layer.key]:
            window.canvas.set_layer_visible(layer, view.layers[layer.key])
    return True


def save(window, store: QSettings | None = None) -> None:
    """Remember the window's geometry, docks, theme, style, projection and which layers are shown."""
    store = store or settings()
    store.beginGroup(GROUP)
    store.setValue("geometry", window.saveGeometry())
    store.setValue("state", window.saveState(STATE_VERSION))
    store.setValue("theme", current_theme(QApplication.instance()))
    store.setValue("style", window.canvas.style.key)
    store.setValue("projection", window.canvas.projection_key)
    store.remove("layers")
    store.beginGroup("layers")
    for layer in window.canvas.layers:
        store.setValue(layer.key, bool(layer.visible))
    store.endGroup()
    store.endGroup()
    store.sync()


def _set_theme(window, key: str) -> None:
    app = QApplication.instance()
    if app.property("sovsplit_theme") != key:  # else applied before the window was built
        apply_theme(app, key)
    _check(getattr(window, "theme_actions", None), key)


def _check(group, key: str) -> None:
    """Tick the menu entry of a restored choice so the View menu tells the truth."""
    if group is None:
        return
    for action in group.actions():
        action.setChecked(action.data() == key)


class _SaveOnClose(QObject):
    """Saves the window's state whenever it is asked to close (before any prompt: harmless if cancelled)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window and event.type() == QEvent.Close:
            save(self.window)
        return False


def install_window_state(window) -> None:
    """Restore the remembered window now and save it again when the window closes."""
    restore(window)
    window.installEventFilter(_SaveOnClose(window))
