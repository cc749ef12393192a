"""The GIS world's command-line conventions: python -m, `-` for stdin/stdout, warnings on stderr, one set of CSV
headers, suffix-chosen formats refused early, atomic replacement and --no-clobber."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sovsplit.cli import main
from sovsplit.model.compare.comparison import METRICS
from sovsplit.model.io.resources import default_scenario_path
from sovsplit.model.io.scenario_io import load_scenario

APP = Path(__file__).resolve().parents[2] / "app"


def run_module(*args, stdin: bytes = b""):
    return subprocess.run(
        [sys.executable, "-m", "sovsplit", *args],
        input=stdin,
        capture_output=True,
        env={"PYTHONPATH": str(APP), "PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg"},
        timeout=300,
    )


def test_python_m_sovsplit_reads_a_scenario_from_stdin():
    out = run_module("stats", "-", "--format", "csv", stdin=default_scenario_path().read_bytes())
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout.decode())))
    assert [r["id"] for r in rows] == ["west", "east"]


def test_export_svg_to_stdout():
    out = run_module("export", "-o", "-", "--dpi", "30", "--layers", "polities")
    assert out.returncode == 0, out.stderr
    assert out.stdout.lstrip().startswith(b"<?xml") and out.stdout.rstrip().endswith(b"</svg>")
    assert b"wrote standard output" in out.stderr


def test_stats_warnings_go_to_stderr_and_csv_stays_clean(tmp_path, capsys):
    bowtie = [[[130, 43], [134, 46], [134, 43], [130, 46], [130, 43]]]
    path = tmp_path / "bowtie.geojson"
    feature = {"type": "Feature", "properties": {"name": "Tie"}, "geometry": {"type": "Polygon", "coordinates": bowtie}}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    assert main(["stats", str(path), "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert "sovsplit stats: warning: bowtie.geojson: feature 1 (Tie): invalid geometry repaired" in err
    assert [r["polity"] for r in csv.DictReader(io.StringIO(out))] == ["Tie"]


def test_a_mistyped_command_is_not_taken_for_a_file(capsys):
    assert main(["stat", "default"]) == 2
    err = capsys.readouterr().err
    assert "'stat' is not a command or a file; did you mean `sovsplit stats`?" in err
    assert main(["asign"]) == 2 and "sovsplit assign" in capsys.readouterr().err


def test_stats_and_compare_csv_share_their_headers(capsys):
    assert main(["stats", "--format", "csv"]) == 0
    stats = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert main(["compare", "default", "default", "--format", "csv"]) == 0
    compare = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    metric_keys = {m.key for m in METRICS if m.kind != "list"}
    assert metric_keys <= set(stats[0])
    assert all(h == h.lower() and " " not in h for h in stats[0])
    for row in stats:
        for key in metric_keys - {"ice_free_pacific"}:
            [other] = [r for r in compare if r["polity"] == row["polity"] and r["metric"] == key][:1]
            if row[key] == "":  # unknown in both (population before the census table ships)
                assert other["value"] == ""
                continue
            assert float(row[key]) == pytest.approx(float(other["value"]), abs=0.01)
        assert row["ice_free_pacific"] in ("true", "false")


def test_assign_writes_a_geopackage_that_stats_reads_back_identically(tmp_path, capsys):
    gpkg, geojson = tmp_path / "x.gpkg", tmp_path / "x.geojson"
    for out in (gpkg, geojson):
        assert main(["assign", "default", "--region", "Primorsky Krai", "--to", "east", "-o", str(out)]) == 0
    capsys.readouterr()
    reports = []
    for out in (gpkg, geojson):
        assert main(["stats", str(out), "--format", "json"]) == 0
        reports.append(json.loads(capsys.readouterr().out))
    assert reports[0] == reports[1]
    east = next(p for p in reports[0]["polities"] if p["id"] == "east")
    assert "RUPRI" in {r["id"] for r in east["regions"]}
    with sqlite3.connect(gpkg) as db:
        qml = db.execute("SELECT styleQML FROM layer_styles WHERE f_table_name = 'polities'").fetchone()[0]
    for polity in reports[0]["polities"]:
        rgb = ",".join(str(int(polity["colour"][i : i + 2], 16)) for i in (1, 3, 5))
        assert f'<prop k="color" v="{rgb},255"/>' in qml


def test_assign_refuses_an_unknown_suffix_before_any_work(tmp_path, capsys):
    assert main(["assign", "default", "--region", "RUPRI", "--to", "east", "-o", str(tmp_path / "x.shp")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "sovsplit: x.shp: cannot save a scenario as '.shp': use .geojson (GeoJSON) or .gpkg (GeoPackage)"
    assert not (tmp_path / "x.shp").exists()


def test_outputs_replace_atomically_unless_no_clobber(tmp_path, capsys):
    out = tmp_path / "x.geojson"
    out.write_text("old")
    args = ["assign", "default", "--region", "RUPRI", "--to", "east", "-o", str(out)]
    assert main([*args, "--no-clobber"]) == 2
    assert out.read_text() == "old" and "not replaced (--no-clobber)" in capsys.readouterr().err
    assert main(args) == 0
    assert load_scenario(out).owner["RUPRI"] == "east"
    assert [p.name for p in tmp_path.iterdir()] == ["x.geojson"]  # no temporary file left behind


def test_assign_to_stdout(capsys):
    assert main(["assign", "default", "--region", "RUPRI", "--to", "east", "-o", "-"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["type"] == "FeatureCollection" and "wrote standard output" in err
