"""View → Style and View → Theme: switch the map style (canvas and exports) and the window theme live."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication

from sovsplit.render.style import available_styles, load_style
from sovsplit.ui.window.themes import apply_theme, available_themes, current_theme


def install_style_menus(window) -> None:
    """Add the Style and Theme submenus to the window's View menu."""
    style_menu = window.menus.add_menu("View", "style", "Map &Style")
    style_menu.setObjectName("menu-style")
    group = QActionGroup(window)
    current = getattr(window.canvas, "style", None) or window.style
    for key, path in available_styles().items():
        style, warning = load_style(str(path))
        action = QAction(key if warning else style.name, window, checkable=True)
        action.setData(key)
        action.setToolTip(warning or style.description)
        action.setChecked(key == current.key)
        action.triggered.connect(lambda checked=False, k=key: set_map_style(window, k))
        group.addAction(action)
        style_menu.addAction(action)
    window.style_actions = group

    theme_menu = window.menus.add_menu("View", "style", "&Theme")
    theme_menu.setObjectName("menu-theme")
    themes = QActionGroup(window)
    app = QApplication.instance()
    for key in available_themes():
        action = QAction(key.capitalize(), window, checkable=True)
        action.setData(key)
        action.setChecked(key == current_theme(app))
        action.triggered.connect(lambda checked=False, k=key: set_theme(window, k))
        themes.addAction(action)
        theme_menu.addAction(action)
    window.theme_actions = themes


def set_map_style(window, key: str) -> None:
    """Switch the map style everywhere: the canvas redraws, and new exports default to it."""
    style, warning = load_style(key)
    window.style = style
    window.canvas.set_style(style)
    if warning and hasattr(window, "set_status"):
        window.set_status(warning, 8000)


def set_theme(window, key: str) -> None:
    warning = apply_theme(QApplication.instance(), key)
    if warning and hasattr(window, "set_status"):
        window.set_status(warning, 8000)
