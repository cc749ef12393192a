"""`sovsplit stats` and `sovsplit validate` end to end, as a user runs them."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import sovsplit

APP = Path(sovsplit.__file__).resolve().parents[1]


def sovsplit_cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "sovsplit.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PYTHONPATH": str(APP), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )


def test_stats_json_has_the_documented_shape():
    out = sovsplit_cli("stats", "--format", "json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert isinstance(report["scenario"], str)
    by_id = {p["id"]: p for p in report["polities"]}
    for polity in by_id.values():
        assert {
            "id",
            "name",
            "capital",
            "area_km2",
            "coastline_km",
            "regions",
            "arable_km2",
            "arable_share",
            "ports",
        } <= set(polity)
    assert by_id["east"]["area_km2"] == pytest.approx(4.73e6, rel=0.01)
    assert by_id["west"]["area_km2"] == pytest.approx(17.4e6, rel=0.01)
    assert {r["id"] for r in by_id["east"]["regions"]} == {"RUSA", "RUMAG", "RUCHU", "RUKAM"}


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_stats_table_and_csv(fmt):
    out = sovsplit_cli("stats", "--format", fmt)
    assert out.returncode == 0, out.stderr
    assert "East USSR" in out.stdout and "West USSR" in out.stdout


def test_validate_truncated_file_is_one_clear_line(tmp_path):
    good = (APP.parent / "geodata" / "scenarios" / "default.geojson").read_text()
    bad = tmp_path / "truncated.geojson"
    bad.write_text(good[: len(good) // 2])
    out = sovsplit_cli("validate", str(bad))
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "truncated.geojson" in lines[0] and "truncated" in lines[0]
    assert "Traceback" not in out.stderr + out.stdout


def test_validate_good_file_and_stats_on_a_bad_one(tmp_path):
    assert sovsplit_cli("validate", str(APP.parent / "geodata" / "scenarios" / "default.geojson")).returncode == 0
    bad = tmp_path / "x.geojson"
    bad.write_text("[1, 2")
    out = sovsplit_cli("stats", str(bad))
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "x.geojson" in out.stderr


def test_app_without_a_display_prints_statistics():
    out = subprocess.run(
        [sys.executable, "-m", "sovsplit.cli"],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(APP), "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr
    assert "no display" in out.stderr and "East USSR" in out.stdout
