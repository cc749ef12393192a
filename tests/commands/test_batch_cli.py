"""Batches in one process: `stats A B …` and `assign BASE --variants FILE.jsonl`."""

from __future__ import annotations

import json

import pytest

from sovsplit.cli import main
from sovsplit.model.io.scenario_io import load_scenario


def test_stats_of_several_scenarios_gives_one_json_line_each(capsys):
    assert main(["stats", "default", "east-with-primorsky", "--format", "json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    east = [next(p for p in r["polities"] if p["id"] == "east") for r in (first, second)]
    held = [{r["id"] for r in e["regions"]} for e in east]
    assert "RUPRI" not in held[0] and "RUPRI" in held[1]
    assert east[1]["area_km2"] > east[0]["area_km2"]


def test_variants_file_writes_each_variant_and_its_statistics(tmp_path, regions, capsys):
    variants = tmp_path / "variants.jsonl"
    lines = [
        {"name": "primorsky", "regions": ["Primorsky Krai"], "to": "east", "output": str(tmp_path / "a.geojson")},
        {"name": "amur", "regions": ["RUAMU"], "to": "East USSR"},
        {"name": "nowhere", "regions": ["Atlantis"], "to": "east"},
    ]
    variants.write_text("\n".join(json.dumps(v) for v in lines) + "\n")
    stats = tmp_path / "stats.jsonl"
    code = main(["assign", "default", "--variants", str(variants), "--stats-out", str(stats)])
    assert code == 2  # one variant named no real region
    assert "nowhere" in capsys.readouterr().err
    reports = [json.loads(line) for line in stats.read_text().splitlines()]
    assert [r["variant"] for r in reports] == ["primorsky", "amur"]
    base = load_scenario(None, regions)
    base_east = base.owner
    east_area = [next(p for p in r["polities"] if p["id"] == "east")["area_km2"] for r in reports]
    default_east = sum(regions.area_km2[r] for r, o in base_east.items() if o == "east")
    # Each variant starts from the base scenario: one region more than the default, not the sum of both.
    assert east_area[0] == pytest.approx(default_east + regions.area_km2["RUPRI"], rel=1e-6)
    assert east_area[1] == pytest.approx(default_east + regions.area_km2["RUAMU"], rel=1e-6)
    written = load_scenario(tmp_path / "a.geojson", regions)
    assert written.owner["RUPRI"] == "east" and written.owner["RUAMU"] == "west"


def test_a_bad_variants_file_is_one_line(tmp_path, capsys):
    variants = tmp_path / "bad.jsonl"
    variants.write_text('{"regions": "RUPRI", "to": "east"}\n')
    assert main(["assign", "default", "--variants", str(variants)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "bad.jsonl" in err and "line 1" in err
