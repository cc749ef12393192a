"""Plugs "Ask the map" into the main window: Tools → Ask the map…, its dialog, and answers opened as scenarios."""

from __future__ import annotations

from PySide6.QtGui import QAction


class AskTool:
    """Owns the (modeless) dialog, made on first use; answers opened from it go to the comparison list."""

    def __init__(self, window):
        self.window = window
        self.dialog = None
        self.action = QAction("&Ask the map…", window)
        self.action.setStatusTip(
            "The cheapest transfer of regions that meets conditions, and what each region is worth to a polity"
        )
        self.action.triggered.connect(self.open)
        window.add_action("Tools", "ask", self.action)

    def open(self):
        if self.dialog is None:
            from sovsplit.ui.dialogs.ask_dialog import AskDialog

            self.dialog = AskDialog(self.window.document, self.window.canvas, self.window)
            self.dialog.open_requested.connect(self.window.compare_tool.add_scenario)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog


def install_ask(window) -> AskTool:
    return AskTool(window)
