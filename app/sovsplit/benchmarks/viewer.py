"""Benchmark of the map window: cold start, redraw, pan and zoom times and memory, against a geopandas plot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from sovsplit.benchmarks.timing import median_ms, ratio, spread

WIDTH, HEIGHT = 1600, 1000


def _child_env() -> dict:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    app_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = app_root + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _cold_start_ms() -> tuple[float, float]:
    """A fresh `sovsplit` process: milliseconds from its start to the map's first paint, and to the first
    paint with the scenario and every layer on screen (what the user waits for)."""
    env = _child_env()
    # The launch time travels with the request: /proc's boot time is whole seconds, too coarse to measure from.
    env["SOVSPLIT_REPORT_FIRST_FRAME"] = repr(time.time())
    out = subprocess.run([sys.executable, "-m", "sovsplit.cli"], capture_output=True, text=True, env=env, timeout=120)
    times = dict(line.split()[:2] for line in out.stdout.splitlines() if line.endswith(tuple("0123456789")))
    if "first-frame-ms" in times and "scenario-drawn-ms" in times:
        return float(times["first-frame-ms"]), float(times["scenario-drawn-ms"])
    raise RuntimeError(f"the window did not report a first frame: {out.stderr[-400:]}")


def _redraw_times(repeats: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "sovsplit.ui.viewer_probe", str(WIDTH), str(HEIGHT), str(repeats)],
        capture_output=True,
        text=True,
        env=_child_env(),
        timeout=600,
    )
    if out.returncode != 0:
        raise RuntimeError(f"viewer probe failed: {out.stderr[-600:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def geopandas_map_plotter():
    """The same map drawn the way a geopandas user would: GeoDataFrame.plot on matplotlib (Agg), projected once.

    Returns a function that draws it once (the redraw being timed).
    """
    import geopandas as gpd
    import matplotlib.patheffects as effects
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from sovsplit.model.io.resources import default_scenario_path, geodata_path
    from sovsplit.model.projections import get_projection

    crs = get_projection("albers").crs
    neighbours = gpd.read_file(geodata_path("neighbours.geojson")).to_crs(crs)
    polities = gpd.read_file(default_scenario_path()).to_crs(crs)
    regions = gpd.read_file(geodata_path("regions.geojson")).to_crs(crs)
    coast = gpd.read_file(geodata_path("coastline.geojson")).to_crs(crs)
    cities = gpd.read_file(geodata_path("cities.geojson")).to_crs(crs)
    x0, y0, x1, y1 = regions.total_bounds

    def draw() -> None:
        figure = Figure(figsize=(WIDTH / 100, HEIGHT / 100), dpi=100)
        canvas = FigureCanvasAgg(figure)
        ax = figure.add_axes((0, 0, 1, 1))
        ax.set_facecolor("#b9d3e3")
        neighbours.plot(ax=ax, color="#ece8de", edgecolor="#a39e93", linewidth=0.5)
        polities.plot(ax=ax, color=polities["colour"], alpha=0.88)
        regions.boundary.plot(ax=ax, color="white", linewidth=0.4)
        coast.plot(ax=ax, color="#3f6f8f", linewidth=0.6)
        cities.plot(ax=ax, color="#1e1e1e", markersize=6)
        halo = [effects.withStroke(linewidth=3, foreground="white")]
        for name, point in zip(cities["name"], cities.geometry):
            ax.annotate(
                name, (point.x, point.y), xytext=(4, 4), textcoords="offset points", fontsize=9, path_effects=halo
            )
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        canvas.draw()

    return draw


def measure(quick: bool) -> dict:
    repeats = 3 if quick else 7
    starts = [_cold_start_ms() for _ in range(repeats)]
    redraw = _redraw_times(5 if quick else 15)
    # During a drag the canvas only moves the last frame (a blit): kept, but under its real name.
    redraw["drag_repaint_ms"] = redraw.pop("pan_redraw_ms")
    baseline = median_ms(geopandas_map_plotter(), repeats=repeats)
    return {
        **spread("cold_start_first_frame", [first for first, _ in starts], "ms"),
        **spread("scenario_drawn", [drawn for _, drawn in starts], "ms"),
        **redraw,
        "baseline_geopandas_plot_ms": round(baseline, 1),
        "redraw_vs_geopandas_ratio": ratio(baseline, redraw["full_redraw_ms"]),
    }


if __name__ == "__main__":
    print(json.dumps(measure("--quick" in sys.argv), indent=2))
