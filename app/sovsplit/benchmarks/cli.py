"""Benchmark of whole command-line processes, as a shell user waits for them: `sovsplit stats`, the first
A4 300 dpi export, and a batch of 100 variants, each against a whole-process geopandas script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sovsplit.benchmarks.timing import ratio, spread

_GEOPANDAS_STATS = """
import geopandas as gpd
from sovsplit.model.io.resources import geodata_path
regions = gpd.read_file(geodata_path("regions.geojson"))
east = {"RUSA", "RUMAG", "RUCHU", "RUKAM"}
regions["polity"] = regions["id"].map(lambda r: "east" if r in east else "west")
areas = regions.dissolve("polity").to_crs("+proj=aea +lat_1=52 +lat_2=64 +lon_0=105").area
print(areas.to_json())
"""

_GEOPANDAS_EXPORT = """
import sys
import geopandas as gpd
from matplotlib.figure import Figure
from sovsplit.model.io.resources import default_scenario_path, geodata_path
from sovsplit.model.projections import get_projection
crs = get_projection("albers").crs
polities = gpd.read_file(default_scenario_path()).to_crs(crs)
regions = gpd.read_file(geodata_path("regions.geojson")).to_crs(crs)
fig = Figure(figsize=(210 / 25.4, 297 / 25.4), dpi=300)
ax = fig.add_subplot()
polities.plot(ax=ax, color=polities["colour"])
regions.boundary.plot(ax=ax, color="white", linewidth=0.3)
ax.set_title("Two USSRs")
fig.savefig(sys.argv[1], dpi=300)
"""


def _env() -> dict:
    env = dict(os.environ)
    app_root = Path(__file__).resolve().parents[2]
    env["PYTHONPATH"] = str(app_root) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("QT_QPA_PLATFORM", None)
    return env


def _wall_ms(argv: list[str]) -> float:
    start = time.perf_counter()
    out = subprocess.run(argv, capture_output=True, text=True, env=_env(), timeout=900)
    elapsed = (time.perf_counter() - start) * 1000.0
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[2:5])} failed: {out.stderr[-600:]}")
    return elapsed


def _sovsplit(*args: str) -> list[str]:
    return [sys.executable, "-m", "sovsplit.cli", *args]


def _variants_file(path: Path, count: int, folder: Path | None) -> Path:
    """`count` variants of the default scenario, each giving one western region to the East."""
    from sovsplit.model.io.scenario_io import load_scenario

    scenario = load_scenario(None)
    west = [r for r in scenario.regions.ids if scenario.owner.get(r) == "west"]
    lines = []
    for n in range(count):
        item = {"name": f"v{n}", "regions": [west[n % len(west)]], "to": "east"}
        if folder is not None:
            item["output"] = str(folder / f"v{n}.geojson")
        lines.append(json.dumps(item))
    path.write_text("\n".join(lines) + "\n")
    return path


def measure(quick: bool) -> dict:
    repeats = 3 if quick else 7
    result: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        _wall_ms(_sovsplit("stats", "--format", "json"))  # warm: caches filled, files in the page cache
        stats = [_wall_ms(_sovsplit("stats", "--format", "json")) for _ in range(repeats)]
        base = [_wall_ms([sys.executable, "-c", _GEOPANDAS_STATS]) for _ in range(repeats)]
        result.update(spread("stats_process", stats, "ms"))
        result.update(spread("stats_process_geopandas_baseline", base, "ms"))
        result["stats_process_vs_geopandas_ratio"] = ratio(
            result["stats_process_geopandas_baseline_ms"], result["stats_process_ms"]
        )

        png = str(tmp / "map.png")
        export_args = ("export", "-o", png, "--size", "A4", "--dpi", "300")
        exports = [_wall_ms(_sovsplit(*export_args)) for _ in range(max(2, repeats // 2))]
        base = [_wall_ms([sys.executable, "-c", _GEOPANDAS_EXPORT, png]) for _ in range(max(2, repeats // 2))]
        result.update(spread("export_png_a4_300dpi_process", exports, "ms"))
        result.update(spread("export_png_process_geopandas_baseline", base, "ms"))
        result["export_png_process_vs_geopandas_ratio"] = ratio(
            result["export_png_process_geopandas_baseline_ms"], result["export_png_a4_300dpi_process_ms"]
        )

        count = 100
        plain = _variants_file(tmp / "variants.jsonl", count, None)
        stats_out = str(tmp / "stats.jsonl")
        batch = [
            _wall_ms(_sovsplit("assign", "default", "--variants", str(plain), "--stats-out", stats_out))
            for _ in range(max(2, repeats // 2))
        ]
        result.update(spread("batch_100_variants_with_stats_process", batch, "ms"))
        result["batch_variants_per_s"] = round(count / (result["batch_100_variants_with_stats_process_ms"] / 1e3), 1)
        # The same with every variant also written as a scenario file (a polity's outline per variant).
        written = 20
        files = _variants_file(tmp / "files.jsonl", written, tmp)
        with_files = _wall_ms(_sovsplit("assign", "default", "--variants", str(files), "--stats-out", stats_out))
        result["batch_variants_with_files_per_s"] = round(written / (with_files / 1e3), 1)
    return result


if __name__ == "__main__":
    print(json.dumps(measure("--quick" in sys.argv), indent=2))
