"""`sovsplit bench --json` reports medians with units in their names and a baseline ratio (values not judged)."""

import importlib
import json
import math
import subprocess
import sys

from sovsplit.benchmarks import BENCHMARKS


def test_every_benchmark_area_has_a_measure_function():
    for name in BENCHMARKS:
        assert callable(importlib.import_module(f"sovsplit.benchmarks.{name}").measure)


def test_bench_json_for_statistics_and_editing():
    out = subprocess.run(
        [sys.executable, "-m", "sovsplit.cli", "bench", "--quick", "--json", "--only", "stats", "--only", "editing"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert out.returncode == 0, out.stderr[-800:]
    report = json.loads(out.stdout)
    for key in (
        "stats_own_work_ms",
        "stats_vs_dissolve_ratio",
        "stats_update_after_reassign_ms",
        "stats_update_after_vertex_drag_ms",
        "edit_stats_vs_geopandas_ratio",
    ):
        assert isinstance(report[key], float) and math.isfinite(report[key]) and report[key] > 0, key
    assert all(k.endswith(("_ms", "_mb", "_s", "_ratio")) for k in report)
