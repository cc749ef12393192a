"""Tools → Compare scenarios…: two scenarios open at once, Primorsky's area in the table, map labels, exports."""

from __future__ import annotations

import csv
import json

import pytest
from PySide6.QtCore import Qt

from sovsplit.model import formatting as fmt
from sovsplit.model.geodesy import area_km2
from sovsplit.model.io.shipped_scenarios import resolve_scenario


@pytest.fixture
def compared(window, qtbot):
    """The window's default scenario compared with the shipped Primorsky variant, through the GUI."""
    tool = window.compare_tool
    tool.action.trigger()
    assert tool.list_dock.isVisible() and tool.view_dock.isVisible()
    scenarios = tool.scenario_list
    assert scenarios.names() == ["default"]
    scenarios.add_file(resolve_scenario("east-with-primorsky"))
    qtbot.waitUntil(lambda: scenarios.names() == ["default", "east-with-primorsky"], timeout=60000)
    qtbot.mouseClick(scenarios.compare_button, Qt.LeftButton)
    assert tool.view.busy.isVisibleTo(tool.view)
    qtbot.waitUntil(lambda: tool.view.comparison is not None, timeout=120000)
    assert not tool.view.busy.isVisibleTo(tool.view)
    return tool.view


def test_table_shows_primorsky_gained_by_the_east(compared, regions):
    primorsky = area_km2(regions.find("Primorsky Krai").geometry)
    view = compared
    assert view.cell_text("East USSR", "area_km2", "Δ east-with-primorsky") == "+" + fmt.area_km2(primorsky)
    assert view.cell_text("West USSR", "area_km2", "Δ east-with-primorsky") == "-" + fmt.area_km2(primorsky)
    east_before = view.comparison.polity("east").metrics["area_km2"][0]
    assert (
        view.cell_text("East USSR", "area_km2", "Δ% east-with-primorsky") == f"+{100 * primorsky / east_before:,.2f} %"
    )
    assert "+Vladivostok" in view.cell_text("East USSR", "ports_held", "Δ east-with-primorsky")
    rows = [
        [view.transfers.item(r, c).text() for c in range(view.transfers.columnCount())]
        for r in range(view.transfers.rowCount())
    ]
    assert rows == [
        [
            "east-with-primorsky",
            "West USSR → East USSR",
            f"{primorsky:,.0f}",
            f"{view.comparison.transfers[0].arable_km2:,.0f}",
            "Vladivostok, Nakhodka, Vostochny",
            "Primorsky Krai",
        ]
    ]


def test_chart_and_map_label_the_piece_with_its_area(compared, regions):
    primorsky = area_km2(regions.find("Primorsky Krai").geometry)
    assert compared.map.drawn_labels == [f"{primorsky:,.0f} km²"]
    bars = [p for ax in compared.chart.figure.axes for p in ax.patches]
    heights = sorted(round(b.get_height()) for b in bars)
    assert heights[0] == round(-primorsky / 1000) and heights[-1] == round(primorsky / 1000)


def test_exports_write_files_that_parse(compared, tmp_path, regions):
    primorsky = area_km2(regions.find("Primorsky Krai").geometry)
    json_path = compared.export(tmp_path / "comparison.json")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    east = next(p for p in data["polities"] if p["id"] == "east")
    assert east["deltas"]["area_km2"][1] == pytest.approx(primorsky, abs=0.1)
    assert data["transfers"][0]["regions"] == ["Primorsky Krai"]
    csv_path = compared.export(tmp_path / "comparison.csv")
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    [transfer] = [r for r in rows if r["metric"] == "transfer"]
    assert float(transfer["value"]) == pytest.approx(primorsky, abs=0.1)
    assert not list(tmp_path.glob(".*.part"))  # atomic writes leave no temporary files


def test_a_bad_file_is_named_and_nothing_breaks(window, qtbot, tmp_path):
    window.compare_tool.action.trigger()
    scenarios = window.compare_tool.scenario_list
    bad = tmp_path / "half-written.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    scenarios.add_file(bad)
    qtbot.waitUntil(lambda: "Cannot open" in scenarios.message.text(), timeout=30000)
    assert "half-written.geojson" in scenarios.message.text() and "truncated" in scenarios.message.text()
    assert scenarios.names() == ["default"]
    qtbot.mouseClick(scenarios.compare_button, Qt.LeftButton)
    assert "two or more" in scenarios.message.text()


def test_the_list_follows_the_window_scenario(window, qtbot):
    from sovsplit.model.io.scenario_io import load_scenario

    window.compare_tool.action.trigger()
    # The signal the window sends when it shows another scenario (what open_scenario ends with).
    window.scenario_replaced.emit(load_scenario(resolve_scenario("east-with-primorsky")))
    assert window.compare_tool.scenario_list.names() == ["east-with-primorsky"]
