"""Editing in the main window: the polities panel, the region, border and cut tools, history and saving."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QUndoView

from sovsplit.ui.panels.polities_panel import PolitiesPanel
from sovsplit.ui.tools.border_tool import BorderTool
from sovsplit.ui.tools.cut_tool import CutTool
from sovsplit.ui.tools.region_tool import RegionTool
from sovsplit.ui.window.saving import Saving

# The editing tools in menu and toolbar order; each declares its id, text, shortcut and tip.
TOOLS = (RegionTool, BorderTool, CutTool)


class Editing:
    """Owns the editing tools and panels of one window; `window.editing` is this object."""

    def __init__(self, window):
        self.window = window
        document = window.document
        self.polities_panel = PolitiesPanel(document, colour_of=window.canvas.polity_colour)
        window.canvas.style_changed.connect(self.polities_panel.refresh)
        self.polities_dock = window.add_dock(self.polities_panel, "Polities", Qt.LeftDockWidgetArea)
        self.history = QUndoView(document.undo_stack)
        self.history.setEmptyLabel("Opened scenario")
        self.history_dock = window.add_dock(self.history, "History", Qt.LeftDockWidgetArea)
        self.polities_dock.raise_()
        canvas = window.canvas
        self.tools = {
            "region": RegionTool(canvas, document, self.polities_panel.active_polity),
            "border": BorderTool(canvas, document),
            "cut": CutTool(canvas, document),
        }
        canvas.tool_changed.connect(self._tool_changed)
        self.actions: dict[str, QAction] = {}
        self._group = QActionGroup(window)
        self._group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        for tool in (self.tools[cls.id] for cls in TOOLS):
            key, text, shortcut, tip = tool.id, tool.text, tool.shortcut, tool.tip
            action = QAction(text, window)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.WindowShortcut)
            action.setStatusTip(tip)
            action.setToolTip(f"{text.replace('&', '')} ({shortcut}): {tip}")
            action.toggled.connect(lambda on, k=key: self._toggled(k, on))
            self._group.addAction(action)
            window.add_action("Tools", "edit-tools", action)
            window.add_toolbar_action(action)
            self.actions[key] = action
        self.saving = Saving(window)
        document.territory_changed.connect(lambda polity_ids: self.tools["border"].territory_changed())
        document.scenario_replaced.connect(lambda scenario: self.tools["border"].territory_changed())

    def active_polity(self) -> str | None:
        return self.polities_panel.active_polity()

    def activate(self, key: str | None) -> None:
        """Switch to a tool by name ("region", "border", "cut") or back to plain panning (None)."""
        if key is None:
            for action in self.actions.values():
                action.setChecked(False)
        else:
            self.actions[key].setChecked(True)

    def _toggled(self, key: str, on: bool) -> None:
        canvas = self.window.canvas
        tool = self.tools[key]
        if on:
            canvas.set_tool(tool)
            canvas.setFocus()
        elif canvas.tool is tool:
            canvas.set_tool(None)

    def _tool_changed(self, new, old) -> None:
        # Another tool (e.g. Add Note) took the canvas: uncheck ours without touching the canvas again.
        for key, candidate in self.tools.items():
            if candidate is old and candidate is not new and self.actions[key].isChecked():
                self.actions[key].blockSignals(True)
                self.actions[key].setChecked(False)
                self.actions[key].blockSignals(False)


def install_editing(window) -> Editing:
    window.editing = Editing(window)
    return window.editing
