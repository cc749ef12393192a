"""Plugs scenario comparison into the main window: Tools → Compare scenarios…, a scenario list and a comparison dock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

if TYPE_CHECKING:  # imported on first use: the comparison view pulls in matplotlib
    from sovsplit.ui.panels.compare_view import CompareView
    from sovsplit.ui.panels.scenario_list import ScenarioList


class CompareTool:
    """Owns the two docks (made on first use, so startup stays fast) and keeps the list's current scenario."""

    def __init__(self, window):
        self.window = window
        self.document = window.document
        self.scenario_list: ScenarioList | None = None
        self.view: CompareView | None = None
        self.action = QAction("&Compare scenarios…", window)
        self.action.setStatusTip("Compare scenarios side by side: metrics, deltas and territory that changed hands")
        self.action.triggered.connect(self.open)
        window.add_action("Tools", "compare", self.action)
        self.document.scenario_replaced.connect(self._scenario_replaced)

    def open(self) -> None:
        """Show the docks; compare right away when two scenarios are already checked."""
        if self.view is None:
            from sovsplit.ui.panels.compare_view import CompareView
            from sovsplit.ui.panels.scenario_list import ScenarioList

            self.scenario_list = ScenarioList(document=self.document)
            self.view = CompareView(document=self.document)
            self.scenario_list.compare_requested.connect(self.view.compare)
            if self.document.scenario is not None:
                self.scenario_list.set_current(self.document.scenario)
            self.list_dock = self.window.add_dock(self.scenario_list, "Scenarios", Qt.LeftDockWidgetArea)
            # A tab beside the statistics (not a bottom dock): neither squeezes the other's table or charts.
            self.view_dock = self.window.add_dock(self.view, "Comparison", Qt.RightDockWidgetArea)
        for dock in (self.list_dock, self.view_dock):
            dock.show()
            dock.raise_()
        scenarios, _ = self.scenario_list.checked()
        if len(scenarios) >= 2:
            self.scenario_list.request_compare()
        else:
            self.scenario_list.message.setText(
                "Add a file or a shipped scenario to compare with the one in the window, then press Compare."
            )

    def add_scenario(self, scenario) -> None:
        """Put a scenario made elsewhere (an answer of Tools → Ask the map) on the list and show the docks."""
        self.open()
        self.scenario_list.add_scenario(scenario)
        self.scenario_list.message.setText(f"Added “{scenario.name}”; press Compare to compare the checked scenarios.")

    def _scenario_replaced(self, scenario) -> None:
        if self.scenario_list is not None:
            self.scenario_list.set_current(scenario)


def install_compare(window) -> CompareTool:
    return CompareTool(window)
