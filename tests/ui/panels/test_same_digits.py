"""The statistics panel, `sovsplit stats`, the exported legend and the hover text print the same digits."""

from __future__ import annotations

import re

from matplotlib.text import Text

from sovsplit.commands.stats import TABLE_HEADERS, format_report
from sovsplit.model import formatting as fmt
from sovsplit.model.report import scenario_report
from sovsplit.model.stats import StatsEngine
from sovsplit.render.export import build_figure
from sovsplit.render.settings import ExportSettings
from sovsplit.ui.panels.region_info import region_info_text
from sovsplit.ui.panels.stats_panel import StatsPanel

# Panel row title -> the CLI table's column for the same quantity.
SAME = {
    "Area (km²)": "area km²",
    "Share of the USSR": "share of USSR",
    "Coastline (km)": "coastline km",
    "Arable land, modelled (km²)": "arable km²",
    "Arable share, modelled": "arable share",
    "Ports held": "ports",
    "Ice-free ports": "ice-free ports",
    "Ice-free Pacific port": "ice-free Pacific port",
}


def _cli_cells(table: str, polity: str) -> dict[str, str]:
    line = next(row for row in table.splitlines() if row.startswith(polity))
    return dict(zip(TABLE_HEADERS, re.split(r"\s{2,}", line.strip())))


def test_panel_cli_legend_and_hover_agree_on_the_default_scenario(qtbot, document):
    scenario = document.scenario
    engine = StatsEngine(scenario)
    report = scenario_report(scenario, engine)
    panel = StatsPanel(document)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.report is not None, timeout=60000)
    table = format_report(report, "table")
    page = build_figure(scenario, ExportSettings(dpi=50, layers=frozenset({"polities"})))
    legend = {t.get_text() for t in page.figure.findobj(Text)}
    for polity in report.polities:
        cli = _cli_cells(table, polity.name)
        for title, column in SAME.items():
            assert panel.cell_text(title, polity.name) == cli[column], (title, polity.name)
        area = panel.cell_text("Area (km²)", polity.name)
        assert f"capital {polity.capital} · {area} km²" in legend
    # The hover text over Yakutsk: Sakha, held whole by the East, with the report's figures for the region.
    sakha = next(r for r in report.polity("east").regions if r.id == "RUSA")
    hover = region_info_text(scenario, engine.parcel_stats(), 129.7, 62.0)
    assert f"Area {fmt.area_text(sakha.area_km2)} · coast {fmt.length_text(sakha.coastline_km)}" in hover
    assert f"Arable (modelled) {fmt.area_text(sakha.arable_km2)}" in hover


def test_share_changes_read_in_percentage_points():
    from sovsplit.model.compare.output import format_metric

    assert format_metric("share_of_ussr_pct", 2.5, signed=True) == "+2.5 pp"
    assert format_metric("share_of_ussr_pct", 12.7) == "12.7 %"
    assert format_metric("area_km2", 1000.0, signed=True).startswith("+")


def test_a_tiny_arable_bar_says_less_than_a_tenth_of_a_percent():
    from sovsplit.ui.panels.stats_bars import bar_label

    assert bar_label(0.0046, 0.0005) == "< 0.1 %"
    assert bar_label(0.0046, 0.0015) in ("0.1 %", "0.2 %")
    assert bar_label(1.23, 0.2) == "1.23" and bar_label(0.0, 0.0) == "0"
