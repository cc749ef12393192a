"""A new polity's colour keeps away from those on the map; its statistics header is readable and not clipped."""

from __future__ import annotations

from sovsplit.model.colours import CVD_SAFE_PALETTE, contrast_ratio, delta_e


def test_a_new_polity_gets_a_distinct_colour_and_a_readable_unclipped_header(qtbot, document):
    from sovsplit.ui.panels.polities_panel import PolitiesPanel
    from sovsplit.ui.panels.stats_panel import StatsPanel

    panel = PolitiesPanel(document)
    stats = StatsPanel(document)
    qtbot.addWidget(panel)
    qtbot.addWidget(stats)
    panel.set_scenario(document.scenario)
    before = [p.colour for p in document.scenario.polities.values()]
    new_id = panel.add_polity("Far Eastern Republic")
    colour = document.scenario.polities[new_id].colour
    assert colour in CVD_SAFE_PALETTE and min(delta_e(colour, c) for c in before) > 30
    qtbot.waitUntil(lambda: stats.report is not None and len(stats.report.polities) == 3, timeout=60000)
    qtbot.waitUntil(lambda: stats.table.columnCount() == 3, timeout=10000)
    for column in range(stats.table.columnCount()):
        header = stats.table.horizontalHeaderItem(column)
        background = header.background().color().name()
        foreground = header.foreground().color().name()
        assert contrast_ratio(background, foreground) >= contrast_ratio(
            background, "#000000" if foreground == "#ffffff" else "#ffffff"
        )
        assert header.toolTip().startswith(header.text().replace("\n", " "))
    texts = [stats.table.horizontalHeaderItem(c).text() for c in range(3)]
    assert "Far Eastern\nRepublic" in texts
