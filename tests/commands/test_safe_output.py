"""Names from user files cannot run as spreadsheet formulas, drive the terminal, or break SVG markup."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from sovsplit.cli import main
from sovsplit.model.editing.edits import update_polity
from sovsplit.model.io.safe_text import csv_cell, terminal_text
from sovsplit.model.io.scenario_io import save_scenario


@pytest.fixture
def hostile_names(scenario, tmp_path):
    update_polity(scenario, "west", name='=HYPERLINK("x")').apply(scenario)
    update_polity(scenario, "east", name="East\x1b]0;owned\x07\x1b[2J USSR").apply(scenario)
    path = tmp_path / "hostile.geojson"
    save_scenario(scenario, path)
    return path


def test_stats_csv_neutralises_a_formula_name(hostile_names, capsys):
    assert main(["stats", str(hostile_names), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("x")' in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_stats_table_strips_terminal_escapes(hostile_names, capsys):
    assert main(["stats", str(hostile_names)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "East]0;owned[2J USSR" in out


def test_compare_csv_neutralises_names(hostile_names, capsys):
    assert main(["compare", "default", str(hostile_names), "--format", "csv"]) == 0
    cells = [c for row in csv.reader(io.StringIO(capsys.readouterr().out)) for c in row]
    assert not any(c.startswith(("=", "@")) for c in cells)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_quoted_and_numbers_are_left_alone(start):
    assert csv_cell(start + "1+1") == "'" + start + "1+1"
    assert csv_cell(-5.5) == -5.5
    assert csv_cell("West USSR") == "West USSR"


def test_lone_surrogates_and_controls_are_replaced_for_the_terminal():
    assert terminal_text("Kiev\ud800\x1b[31m") == "Kiev\ufffd[31m"


def test_svg_text_stays_escaped(scenario, tmp_path):
    from sovsplit.render.export import export_map
    from sovsplit.render.settings import ExportSettings

    update_polity(scenario, "west", name="West <script>alert(1)</script> & Co").apply(scenario)
    out = export_map(scenario, ExportSettings(dpi=72), tmp_path / "map.svg")
    root = ET.parse(out).getroot()  # well-formed XML: the name did not break out of its element
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert any("<script>" in t for t in texts)
    assert not list(root.iter("{http://www.w3.org/2000/svg}script")) and not list(root.iter("script"))
