"""F1 user guide (the README's editing, debate and arable sections) and the keyboard-shortcut list."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from sovsplit.model.io.resources import readme_path
from sovsplit.ui.dialogs.help_dialogs import TextDialog

# The README sections a map user needs; the rest is for developers and packagers.
GUIDE_SECTIONS = ("Editing borders", "Feasibility debate", "Arable land and ports")


def readme_sections(markdown: str, titles: tuple[str, ...] = GUIDE_SECTIONS) -> str:
    """The named level-2 sections of a Markdown text, in the order given (missing ones are skipped)."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in markdown.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            sections[current] = [line]
        elif line.startswith("# "):
            current = None
        elif current is not None:
            sections[current].append(line)
    return "\n\n".join("\n".join(sections[title]).strip() for title in titles if title in sections)


def guide_markdown() -> str:
    try:
        text = readme_path().read_text(encoding="utf-8")
    except OSError as exc:
        return f"# sovsplit user guide\n\n{readme_path()}: cannot be read ({exc.strerror or exc})."
    body = readme_sections(text)
    return "# sovsplit user guide\n\n" + (body or "The README of this installation has no user sections.")


@dataclass(frozen=True)
class Shortcut:
    """One menu entry with a key: where it is, what it is called, the key."""

    menu: str
    text: str
    keys: str


def shortcuts(menu_bar) -> list[Shortcut]:
    """Every menu action that has a shortcut, read from the menus the window declared (ui/window/actions.py)."""
    rows: list[Shortcut] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} → {action.menu().title().replace('&', '')}")
            elif not action.isSeparator():
                keys = [k.toString(QKeySequence.NativeText) for k in action.shortcuts() if not k.isEmpty()]
                if keys:
                    rows.append(Shortcut(path, action.text().replace("&", ""), ", ".join(keys)))

    for action in menu_bar.actions():
        if action.menu() is not None:
            walk(action.menu(), action.menu().title().replace("&", ""))
    return rows


def shortcuts_html(rows: list[Shortcut]) -> str:
    body = "".join(
        f"<tr><td><b>{html.escape(r.keys)}</b></td><td>{html.escape(r.text)}</td><td>{html.escape(r.menu)}</td></tr>"
        for r in rows
    )
    return (
        "<h3>Keyboard shortcuts</h3><table cellpadding='4'>"
        "<tr><th align='left'>Keys</th><th align='left'>Action</th><th align='left'>Menu</th></tr>"
        f"{body}</table><p>On the map: + and − zoom, the arrow keys pan, Esc leaves a tool.</p>"
    )


def show_user_guide(parent) -> TextDialog:
    dialog = TextDialog("sovsplit user guide", guide_markdown(), parent)
    dialog.setObjectName("user-guide")
    dialog.show()
    return dialog


def show_shortcuts(parent) -> TextDialog:
    dialog = TextDialog("Keyboard shortcuts", "", parent)
    dialog.setObjectName("shortcut-list")
    dialog.browser.setHtml(shortcuts_html(shortcuts(parent.menuBar())))
    dialog.resize(560, 600)
    dialog.show()
    return dialog
