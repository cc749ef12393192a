"""`sovsplit sweep`: the East's neighbours with their marginal figures, as a table, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest

from sovsplit.cli import main
from sovsplit.model.report import scenario_report


def test_sweep_lists_the_easts_neighbours_with_their_area(capsys, scenario):
    assert main(["sweep", "default", "--polity", "east", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {r["region_id"]: r for r in data["rows"]}
    assert data["polity"] == "east" and data["receiver"] == "west"
    assert {"RUKHA", "RUAMU", "RUZAB", "RUIRK", "RUKYA"} <= set(rows)
    west = scenario_report(scenario).polity("west")
    for region in west.regions:
        if region.id in rows:
            assert rows[region.id]["area_km2"] == pytest.approx(region.area_km2, abs=0.1)
    assert rows["RUKHA"]["pacific_rail_port_after"] and rows["RUKHA"]["contiguity"] == "kept"
    assert "objection-vladivostok" in [f["annotation_id"] for f in rows["RUKHA"]["flips"]]


def test_sweep_table_and_csv_sorted_by_area(capsys):
    assert main(["sweep", "default", "--polity", "East USSR"]) == 0
    table = capsys.readouterr().out
    assert "Khabarovsk Krai" in table and "Vanino" in table and "objection-vladivostok" in table
    assert main(["sweep", "default", "--polity", "east", "--all-regions", "--format", "csv", "--sort", "area"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 97
    areas = [abs(float(r["area km²"])) for r in rows]
    assert areas == sorted(areas, reverse=True) and rows[0]["region"] == "RUSA"


def test_unknown_polity_or_scenario_is_one_line_and_exit_2(capsys):
    assert main(["sweep", "default", "--polity", "south"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no polity 'south'" in err
    assert main(["sweep", "nowhere.geojson", "--polity", "east"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nowhere.geojson" in err
