"""Benchmark of opening files whose polities do not list their regions (each polity overlaid on the regions):
Natural Earth's 15 republics, the 97 regions as polities, a 10x denser border, and the peak memory of a
34 MB file; each load in a fresh process with an empty cache, against geopandas' own overlay of the file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from sovsplit.benchmarks.timing import ratio, spread

_LOAD = """
import json, sys, time
t0 = time.perf_counter()
from sovsplit.benchmarks.memory import peak_rss_mb
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.regions import default_regions
default_regions()
t1, c1 = time.perf_counter(), time.process_time()
scenario = load_scenario(sys.argv[1])
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({"load_ms": (t2 - t1) * 1000, "cpu_ms": (c2 - c1) * 1000, "parcels": len(scenario.parcels),
                  "rss_mb": peak_rss_mb()}))
"""

_GEOPANDAS = """
import json, sys, time
import geopandas as gpd
from sovsplit.model.io.resources import geodata_path
regions = gpd.read_file(geodata_path("regions.geojson"))
t0 = time.perf_counter()
polities = gpd.read_file(sys.argv[1])
pieces = gpd.overlay(polities, regions, how="intersection", keep_geom_type=True)
pieces.geometry.area.sum()
print(json.dumps({"load_ms": (time.perf_counter() - t0) * 1000}))
"""


def _child(script: str, path: Path, cache: Path) -> dict:
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(cache)
    app_root = Path(__file__).resolve().parents[2]
    env["PYTHONPATH"] = str(app_root) + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, env=env, timeout=900
    )
    if out.returncode != 0:
        raise RuntimeError(f"loading {path.name} failed: {out.stderr[-600:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _fresh_loads(path: Path, folder: Path, repeats: int) -> list[dict]:
    """Loads with an empty cache each time (the overlay really runs), in fresh processes."""
    results = []
    for n in range(repeats):
        cache = folder / f"cache-{path.stem}-{n}"
        # The shipped regions' own parse is cached once (it is on every user's machine after the first start).
        warm = folder / "regions-cache"
        if warm.exists():
            subprocess.run(["cp", "-r", str(warm), str(cache)], check=True)
        results.append(_child(_LOAD, path, cache))
    return results


def measure(quick: bool) -> dict:
    from sovsplit.benchmarks.overlay_inputs import write_dense_border, write_regions_as_polities, write_republics

    repeats = 1 if quick else 3
    result: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        inputs = {
            "republics": write_republics(folder / "republics.geojson"),
            "regions97": write_regions_as_polities(folder / "regions97.geojson", listed=False),
            "dense_border": write_dense_border(folder / "dense.geojson", factor=10),
        }
        from sovsplit.model.io.resources import default_scenario_path

        _child(_LOAD, default_scenario_path(), folder / "regions-cache")  # fills the regions' parse cache
        for key, path in inputs.items():
            loads = _fresh_loads(path, folder, repeats)
            ours = [r["load_ms"] for r in loads]
            result.update(spread(f"overlay_{key}_load", ours, "ms"))
            # CPU of all the load's threads: what the wall time would be on one free core, whatever else runs.
            result.update(spread(f"overlay_{key}_load_cpu", [r["cpu_ms"] for r in loads], "ms"))
            base = [_child(_GEOPANDAS, path, folder / "gp")["load_ms"] for _ in range(repeats)]
            result.update(spread(f"overlay_{key}_geopandas_overlay_baseline", base, "ms"))
            result[f"overlay_{key}_vs_geopandas_ratio"] = ratio(
                result[f"overlay_{key}_geopandas_overlay_baseline_ms"], result[f"overlay_{key}_load_ms"]
            )
            cached = _child(_LOAD, path, folder / f"cache-{path.stem}-0")["load_ms"]
            result[f"overlay_{key}_cached_load_ms"] = round(cached, 1)
        big = write_dense_border(folder / "big.geojson", factor=19)  # 34 MB, under the 1,000,000-vertex limit
        result["large_file_mb"] = round(big.stat().st_size / 2**20, 1)
        result["large_file_peak_rss_mb"] = round(_fresh_loads(big, folder, 1)[0]["rss_mb"], 1)
    return result


if __name__ == "__main__":
    print(json.dumps(measure("--quick" in sys.argv), indent=2))
