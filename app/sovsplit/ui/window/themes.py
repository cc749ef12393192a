"""Light and dark Qt themes: a TOML palette applied with QPalette plus a small stylesheet."""

from __future__ import annotations

import tomllib
from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from sovsplit.model.io.problems import InputError
from sovsplit.model.io.resources import styles_path
from sovsplit.model.io.user_dirs import user_config_dir

DEFAULT_THEME = "light"


def theme_dirs() -> list[Path]:
    """The shipped themes, then the user's own folder (which wins)."""
    return [styles_path("themes"), user_config_dir() / "themes"]


def available_themes() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in theme_dirs():
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                found[path.stem] = path
    return found


def read_theme(path: Path) -> tuple[dict[str, str], dict[str, str], str]:
    """(active palette, disabled palette, stylesheet) of a theme file; InputError with one line if broken."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(path, f"cannot read theme: {exc}") from None
    palettes = []
    for section in ("palette", "disabled"):
        roles = data.get(section, {})
        for role, colour in roles.items():
            if not hasattr(QPalette.ColorRole, role):
                raise InputError(path, f"[{section}] {role} is not a palette role (e.g. Window, Text, Highlight)")
            if not QColor.isValidColorName(str(colour)):
                raise InputError(path, f"[{section}] {role} = {colour!r} is not a colour")
        palettes.append(dict(roles))
    return palettes[0], palettes[1], str(data.get("stylesheet", {}).get("text", ""))


def apply_theme(app: QApplication, name: str) -> str | None:
    """Apply a theme by key (light, dark or a user theme); return a one-line warning or None.

    An unknown or broken theme leaves the light theme in place and says why.
    """
    themes = available_themes()
    warning = None
    path = themes.get(name)
    if path is None:
        warning = f"unknown theme '{name}' (available: {', '.join(themes)}); using {DEFAULT_THEME}"
        path = themes[DEFAULT_THEME]
    try:
        active, disabled, sheet = read_theme(path)
    except InputError as exc:
        warning = f"{exc}; using {DEFAULT_THEME}"
        active, disabled, sheet = read_theme(themes[DEFAULT_THEME])
    app.setStyle("Fusion")  # the one built-in style that follows the palette everywhere
    palette = QPalette()
    for role, colour in active.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    for role, colour in disabled.items():
        palette.setColor(QPalette.ColorGroup.Disabled, getattr(QPalette.ColorRole, role), QColor(colour))
    app.setPalette(palette)
    app.setStyleSheet(sheet)
    app.setProperty("sovsplit_theme", path.stem)
    return warning


def current_theme(app: QApplication) -> str:
    return app.property("sovsplit_theme") or DEFAULT_THEME
