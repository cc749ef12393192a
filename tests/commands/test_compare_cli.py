"""`sovsplit compare`: shipped names and file paths, the three formats, and one-line errors for bad files."""

import csv
import io
import json

import pytest

from sovsplit.cli import main
from sovsplit.model import formatting as fmt
from sovsplit.model.geodesy import area_km2
from sovsplit.model.io.shipped_scenarios import resolve_scenario


@pytest.fixture(scope="module")
def primorsky_km2(regions):
    return area_km2(regions.find("Primorsky Krai").geometry)


@pytest.fixture(scope="module")
def json_by_name():
    out = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(out):
        assert main(["compare", "default", "east-with-primorsky", "--format", "json"]) == 0
    return json.loads(out.getvalue())


def _run(capsys, *argv):
    code = main(["compare", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_reports_primorsky_for_the_east(json_by_name, primorsky_km2):
    data = json_by_name
    assert data["scenarios"] == ["default", "east-with-primorsky"]
    east = next(p for p in data["polities"] if p["id"] == "east")
    assert east["deltas"]["area_km2"][0] == 0
    assert east["deltas"]["area_km2"][1] == pytest.approx(primorsky_km2, abs=0.1)
    assert east["metrics"]["area_km2"][1] - east["metrics"]["area_km2"][0] == pytest.approx(primorsky_km2, abs=0.2)
    assert east["delta_percent"]["area_km2"][1] > 0
    assert "+Vladivostok" in east["deltas"]["ports_held"][1]
    [transfer] = data["transfers"]
    assert (transfer["from"], transfer["to"], transfer["regions"]) == ("west", "east", ["Primorsky Krai"])
    assert "Vladivostok" in transfer["ports"]
    assert transfer["arable_km2"] == pytest.approx(east["deltas"]["arable_km2"][1], abs=0.2)
    assert data["unmatched"] == []


def test_file_paths_give_the_same_numbers(capsys, json_by_name):
    code, out, _ = _run(
        capsys, str(resolve_scenario("default")), str(resolve_scenario("east-with-primorsky")), "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["polities"] == json_by_name["polities"]
    assert data["transfers"] == json_by_name["transfers"]


def test_table_shows_blocks_and_the_transfer(capsys, primorsky_km2):
    code, out, _ = _run(capsys, "default", "east-with-primorsky")
    assert code == 0
    assert "== West USSR (west)" in out and "== East USSR (east)" in out
    assert f"+{fmt.area_km2(primorsky_km2)}" in out and f"-{fmt.area_km2(primorsky_km2)}" in out
    transfer_line = next(line for line in out.splitlines() if "West USSR → East USSR" in line)
    assert "Primorsky Krai" in transfer_line and "Vladivostok" in transfer_line
    assert fmt.area_km2(primorsky_km2) in transfer_line


def test_csv_is_a_long_table_with_transfer_rows(capsys, primorsky_km2):
    code, out, _ = _run(capsys, "default", "east-with-primorsky", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:6] == ["scenario", "polity", "metric", "value", "delta", "delta_percent"]
    east_area = [r for r in rows if r["polity"] == "East USSR" and r["metric"] == "area_km2"]
    assert [r["scenario"] for r in east_area] == ["default", "east-with-primorsky"]
    assert float(east_area[1]["delta"]) == pytest.approx(primorsky_km2, abs=0.1)
    [transfer] = [r for r in rows if r["metric"] == "transfer"]
    assert float(transfer["value"]) == pytest.approx(primorsky_km2, abs=0.1)
    assert (transfer["from"], transfer["to"]) == ("west", "east")
    assert "Vladivostok" in transfer["ports"].split("; ") and transfer["regions"] == "Primorsky Krai"


@pytest.mark.parametrize(
    "content, problem",
    [
        ('{"type": "FeatureCollection", "features": [', "truncated"),
        ("", "empty"),
    ],
)
def test_bad_file_is_one_line_naming_it(capsys, tmp_path, content, problem):
    bad = tmp_path / "broken-borders.geojson"
    bad.write_text(content, encoding="utf-8")
    code, out, err = _run(capsys, "default", str(bad))
    assert code == 2
    assert err.count("\n") == 1 and "broken-borders.geojson" in err and problem in err
    assert "Traceback" not in err


def test_unknown_name_is_one_line(capsys):
    code, _, err = _run(capsys, "default", "no-such-scenario")
    assert code == 2
    assert err.strip().startswith("sovsplit: no-such-scenario:") and "east-with-primorsky" in err


def test_one_scenario_is_not_a_comparison(capsys):
    code, out, err = _run(capsys, "default")
    assert code == 2
    assert "at least two" in out + err
