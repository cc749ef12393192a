"""The menu bar declared as named, ordered groups: features add actions to a group, never find a place by text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

# Every menu and its groups, in order. A separator falls between two groups that hold something.
MENUS: dict[str, tuple[str, ...]] = {
    "File": ("open", "save", "arable", "image", "export", "quit"),
    "Edit": ("undo", "edit"),
    "View": ("zoom", "projection", "panels", "style"),
    "Layers": ("layers",),
    "Tools": ("edit-tools", "notes", "compare", "ask"),
    "Help": ("topics", "about"),
}


@dataclass(frozen=True)
class ActionSpec:
    """One menu entry: where it goes, what it says, its shortcut and status tip."""

    menu: str
    group: str
    text: str
    shortcut: QKeySequence.StandardKey | str | None = None
    tip: str = ""
    toolbar: bool = False


# The window's own entries (features add theirs with MenuGroups.add or create).
WINDOW_ACTIONS: dict[str, ActionSpec] = {
    "new": ActionSpec("File", "open", "&New", QKeySequence.New, "Start again from the default scenario"),
    "open": ActionSpec(
        "File", "open", "&Open…", QKeySequence.Open, "Open a scenario (GeoJSON, GeoPackage, Shapefile)", True
    ),
    "quit": ActionSpec("File", "quit", "&Quit", QKeySequence.Quit),
    "zoom-in": ActionSpec("View", "zoom", "Zoom &In", QKeySequence.ZoomIn, toolbar=True),
    "zoom-out": ActionSpec("View", "zoom", "Zoom &Out", QKeySequence.ZoomOut, toolbar=True),
    "zoom-full": ActionSpec("View", "zoom", "Zoom to &Full Extent", "Ctrl+Shift+F", "Show the whole USSR", True),
    "full-screen": ActionSpec(
        "View", "panels", "&Full Screen", QKeySequence.FullScreen, "Fill the screen with the map"
    ),
    "guide": ActionSpec(
        "Help", "topics", "&User Guide", QKeySequence.HelpContents, "Editing, the debate and arable land"
    ),
    "shortcuts": ActionSpec("Help", "topics", "&Keyboard Shortcuts", None, "Every key the menus answer to"),
    "about": ActionSpec("Help", "about", "&About sovsplit"),
}


def redo_shortcuts() -> list[QKeySequence]:
    """Redo's keys: the platform's own, Ctrl+Shift+Z and Ctrl+Y (what Windows and QGIS users expect)."""
    keys: list[QKeySequence] = []
    for key in (QKeySequence(QKeySequence.Redo), QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")):
        if key not in keys:
            keys.append(key)
    return keys


class MenuGroups:
    """Builds the menu bar in the declared order; each group ends at a hidden marker that actions go before."""

    def __init__(self, bar: QMenuBar, owner: QObject):
        self.bar, self.owner = bar, owner
        self.menus: dict[str, QMenu] = {}
        self._ends: dict[tuple[str, str], QAction] = {}
        for name in MENUS:
            self.menu(name)

    def menu(self, name: str) -> QMenu:
        """The top-level menu `name`, created (before Help) if it is not one of the declared ones."""
        if name not in self.menus:
            menu = QMenu(f"&{name}", self.bar)
            menu.setObjectName(f"menu-{name.lower()}")
            menu.setSeparatorsCollapsible(True)  # empty groups leave no double or trailing separators
            help_menu = self.menus.get("Help")
            if help_menu is not None:
                self.bar.insertMenu(help_menu.menuAction(), menu)
            else:
                self.bar.addMenu(menu)
            self.menus[name] = menu
            for group in MENUS.get(name, ("main",)):
                self._ends[(name, group)] = menu.addSeparator()
        return self.menus[name]

    def add(self, menu: str, group: str, item: QAction | QMenu) -> QAction:
        """Put an action (or a submenu) at the end of a group; returns the action shown in the menu."""
        target = self.menu(menu)
        action = item.menuAction() if isinstance(item, QMenu) else item
        end = self._ends.get((menu, group))
        if end is None:
            raise KeyError(f"menu {menu!r} has no group {group!r} (groups: {', '.join(MENUS.get(menu, ()))})")
        target.insertAction(end, action)
        return action

    def add_menu(self, menu: str, group: str, title: str) -> QMenu:
        submenu = QMenu(title, self.menu(menu))
        self.add(menu, group, submenu)
        return submenu

    def create(self, spec: ActionSpec, slot: Callable[[], object]) -> QAction:
        """An action made from its spec, connected to `slot` and placed in its group."""
        action = QAction(spec.text, self.owner)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            action.setStatusTip(spec.tip)
        action.triggered.connect(lambda checked=False: slot())
        self.add(spec.menu, spec.group, action)
        return action
