"""`sovsplit assign`: the region tool without a window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sovsplit.cli import main
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.report import scenario_report

APP = Path(__file__).resolve().parents[2] / "app"


def _east(report):
    return report.polity("east")


def test_give_primorsky_to_the_east(tmp_path, regions):
    out = tmp_path / "out.geojson"
    code = subprocess.run(
        [
            sys.executable,
            "-m",
            "sovsplit.cli",
            "assign",
            "default",
            "--region",
            "Primorsky Krai",
            "--to",
            "east",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(APP)},
    )
    assert code.returncode == 0, code.stderr
    assert "Give Primorsky Krai to East USSR" in code.stdout
    before = scenario_report(load_scenario(None, regions))
    after = scenario_report(load_scenario(out, regions))
    assert _east(after).area_km2 - _east(before).area_km2 == pytest.approx(regions.area_km2["RUPRI"], abs=0.2)
    assert "Vladivostok" in [h.name for h in _east(after).ports.held]


def test_regions_by_id_polities_by_name_and_repeated_regions(tmp_path, regions):
    out = tmp_path / "fer.geojson"
    assert (
        main(
            [
                "assign",
                "default",
                "--region",
                "RUPRI",
                "--region",
                "khabarovsk krai",
                "--to",
                "East USSR",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    scenario = load_scenario(out, regions)
    assert scenario.owner["RUPRI"] == "east" and scenario.owner["RUKHA"] == "east"
    assert scenario.owner["RUAMU"] == "west"


def test_unknown_region_names_close_matches_in_one_line(tmp_path, capsys):
    code = main(["assign", "default", "--region", "Primorsk Kray", "--to", "east", "-o", str(tmp_path / "x.geojson")])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Primorsk Kray" in err and "Primorsky Krai" in err
    assert not (tmp_path / "x.geojson").exists()


def test_unknown_polity_names_close_matches_in_one_line(tmp_path, capsys):
    code = main(["assign", "default", "--region", "RUPRI", "--to", "eest", "-o", str(tmp_path / "x.geojson")])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "'east'" in err


def test_a_missing_scenario_file_is_one_line(tmp_path, capsys):
    code = main(
        [
            "assign",
            str(tmp_path / "nope.geojson"),
            "--region",
            "RUPRI",
            "--to",
            "east",
            "-o",
            str(tmp_path / "x.geojson"),
        ]
    )
    assert code == 2
    assert "nope.geojson" in capsys.readouterr().err


def test_writing_onto_the_input_refuses_if_it_changed_since_it_was_read(tmp_path, regions, capsys):
    from sovsplit.commands.assign import _lost_update
    from sovsplit.model.io.scenario_io import load_scenario, save_scenario

    path = tmp_path / "mine.geojson"
    save_scenario(load_scenario(None, regions), path)
    assert main(["assign", str(path), "--region", "RUPRI", "--to", "east", "-o", str(path)]) == 0
    scenario = load_scenario(path, regions)
    assert not _lost_update(scenario, path)
    # Another program saves the file while this one holds what it read.
    other = load_scenario(path, regions)
    other.name = "Theirs"
    save_scenario(other, path)
    assert _lost_update(scenario, path)
    assert not _lost_update(scenario, tmp_path / "elsewhere.geojson")


def test_a_polity_missing_from_the_file_names_the_file(tmp_path, capsys):
    code = main(["assign", "default", "--region", "RUPRI", "--to", "north", "-o", str(tmp_path / "x.geojson")])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "default.geojson: no polity 'north'" in err[0]
