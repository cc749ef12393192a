"""The comparison table fits a narrow dock (1280x800 screens) without scrolling sideways; its numbers show in full."""

from __future__ import annotations

from PySide6.QtCore import Qt

from sovsplit.model.compare.comparison import compare_scenarios
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.io.shipped_scenarios import resolve_scenario
from sovsplit.ui.panels.compare_view import CompareView


def test_the_metrics_fit_a_420_pixel_dock_and_lists_show_whole_in_tooltips(qtbot, scenario, regions):
    variant = load_scenario(resolve_scenario("east-with-primorsky"), regions)
    comparison = compare_scenarios([scenario, variant], ["default", "east-with-primorsky"])
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(420, 640)
    view.show()
    qtbot.waitExposed(view)
    view.show_comparison(comparison)
    table = view.table
    # The scroll range follows the columns on the next layout pass.
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0, timeout=2000)
    assert table.horizontalHeader().length() <= table.viewport().width()
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        kind = table.item(row, 0).data(Qt.UserRole)
        for column in range(1, table.columnCount()):
            item = table.item(row, column)
            if item is None or kind in ("polity", "list"):
                continue
            assert metrics.horizontalAdvance(item.text()) <= table.columnWidth(column), item.text()
    # A single comparison's deltas are headed "Δ" and "Δ %"; the full titles stay readable for tools and tests.
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[-2:] == ["Δ", "Δ %"]
    assert "+Vladivostok" in view.cell_text("East USSR", "ports_held", "Δ east-with-primorsky")
    held = view.cell_text("West USSR", "ports_held", "default")
    assert held.count(",") >= 30  # the whole list, from the tooltip
