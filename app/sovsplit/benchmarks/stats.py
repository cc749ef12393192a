"""Benchmark of `sovsplit stats`: all statistics of the default scenario, against a geopandas baseline."""

from __future__ import annotations

import subprocess
import sys
import time

from sovsplit.benchmarks.timing import median_ms, ratio

_OWN_WORK = """
import time
t0 = time.perf_counter()
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.report import scenario_report
scenario_report(load_scenario(None))
print((time.perf_counter() - t0) * 1000.0)
"""


def _stats_in_fresh_process() -> float:
    """Time of load + statistics in a fresh interpreter, excluding interpreter start (the command's own work)."""
    out = subprocess.run([sys.executable, "-c", _OWN_WORK], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def _geopandas_baseline() -> None:
    """What an analyst would write: read, dissolve by polity, project to equal-area, sum areas."""
    import geopandas as gpd

    from sovsplit.model.io.resources import geodata_path

    regions = gpd.read_file(geodata_path("regions.geojson"))
    east = {"RUSA", "RUMAG", "RUCHU", "RUKAM"}
    regions["polity"] = regions["id"].map(lambda r: "east" if r in east else "west")
    dissolved = regions.dissolve("polity")
    dissolved.to_crs("+proj=aea +lat_1=52 +lat_2=64 +lon_0=105").area.sum()


def measure(quick: bool) -> dict:
    repeats = 3 if quick else 7
    samples = sorted(_stats_in_fresh_process() for _ in range(repeats))
    ours = samples[len(samples) // 2]
    baseline = median_ms(_geopandas_baseline, repeats=max(3, repeats // 2))
    return {
        "stats_own_work_ms": round(ours, 1),
        "stats_geopandas_dissolve_baseline_ms": round(baseline, 1),
        "stats_vs_dissolve_ratio": ratio(baseline, ours),
    }


if __name__ == "__main__":
    t = time.perf_counter()
    print(measure(True), time.perf_counter() - t)
