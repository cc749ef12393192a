"""Benchmark of the frames users wait for: the re-render after a pan and at a new zoom level (not the blit of
the last frame during a drag), against the fair baseline, an open matplotlib figure's `canvas.draw()`."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from sovsplit.benchmarks.timing import ratio, spread
from sovsplit.benchmarks.viewer import HEIGHT, WIDTH, _child_env


def _probe(repeats: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "sovsplit.ui.frame_probe", str(WIDTH), str(HEIGHT), str(repeats)],
        capture_output=True,
        text=True,
        env=_child_env(),
        timeout=900,
    )
    if out.returncode != 0:
        raise RuntimeError(f"frame probe failed: {out.stderr[-600:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def open_figure():
    """The same five layers plotted once with geopandas into a figure that stays open (as in a notebook or a
    matplotlib-based viewer); returns the figure's axes and its Agg canvas."""
    import geopandas as gpd
    import matplotlib.patheffects as effects
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from sovsplit.model.io.resources import default_scenario_path, geodata_path
    from sovsplit.model.projections import get_projection

    crs = get_projection("albers").crs
    layers = {
        name: gpd.read_file(path).to_crs(crs)
        for name, path in (
            ("neighbours", geodata_path("neighbours.geojson")),
            ("polities", default_scenario_path()),
            ("regions", geodata_path("regions.geojson")),
            ("coast", geodata_path("coastline.geojson")),
            ("cities", geodata_path("cities.geojson")),
        )
    }
    figure = Figure(figsize=(WIDTH / 100, HEIGHT / 100), dpi=100)
    canvas = FigureCanvasAgg(figure)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_facecolor("#b9d3e3")
    layers["neighbours"].plot(ax=ax, color="#ece8de", edgecolor="#a39e93", linewidth=0.5)
    layers["polities"].plot(ax=ax, color=layers["polities"]["colour"], alpha=0.88)
    layers["regions"].boundary.plot(ax=ax, color="white", linewidth=0.4)
    layers["coast"].plot(ax=ax, color="#3f6f8f", linewidth=0.6)
    cities = layers["cities"]
    cities.plot(ax=ax, color="#1e1e1e", markersize=6)
    halo = [effects.withStroke(linewidth=3, foreground="white")]
    for name, point in zip(cities["name"], cities.geometry):
        ax.annotate(name, (point.x, point.y), xytext=(4, 4), textcoords="offset points", fontsize=9, path_effects=halo)
    x0, y0, x1, y1 = layers["regions"].total_bounds
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    canvas.draw()
    return ax, canvas


def _baseline(repeats: int) -> dict:
    ax, canvas = open_figure()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    width, height = x1 - x0, y1 - y0

    def timed() -> float:
        start = time.perf_counter()
        canvas.draw()
        return (time.perf_counter() - start) * 1000.0

    pan = []
    for step in range(repeats):
        shift = (0.1 if step % 2 else -0.1) * width
        ax.set_xlim(ax.get_xlim()[0] + shift, ax.get_xlim()[1] + shift)
        pan.append(timed())
    zoom = []
    for step in range(min(repeats, 9)):
        factor = 2.0 ** -(step + 1)
        cx, cy = x0 + width / 2, y0 + height / 2
        ax.set_xlim(cx - width * factor, cx + width * factor)
        ax.set_ylim(cy - height * factor, cy + height * factor)
        zoom.append(timed())
    return {"pan": pan, "zoom": zoom}


def measure(quick: bool) -> dict:
    repeats = 4 if quick else 9
    ours = _probe(repeats)
    base = _baseline(repeats)
    result: dict[str, float] = {}
    for key in (
        "pan_rerender",
        "pan_onward",
        "pan_settle",
        "pan_preview",
        "zoom_preview",
        "zoom_new_level",
        "zoom_seen_level",
    ):
        result.update(spread(f"{key}", ours[key], "ms"))
        result.update(spread(f"{key}_cpu", ours[f"{key}_cpu"], "ms"))
    result.update(spread("pan_open_figure_draw_baseline", base["pan"], "ms"))
    result.update(spread("zoom_open_figure_draw_baseline", base["zoom"], "ms"))
    result["pan_rerender_vs_open_figure_ratio"] = ratio(
        result["pan_open_figure_draw_baseline_ms"], result["pan_rerender_ms"]
    )
    result["zoom_new_level_vs_open_figure_ratio"] = ratio(
        result["zoom_open_figure_draw_baseline_ms"], result["zoom_new_level_ms"]
    )
    return result


if __name__ == "__main__":
    print(json.dumps(measure("--quick" in sys.argv), indent=2))
