"""Benchmark of map export: A4 PNG at 300 dpi and A4 SVG, against a plain GeoDataFrame.plot baseline."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from sovsplit.benchmarks.timing import median_ms, ratio


def _baseline(regions_path: Path, polity_of: dict, tmp: Path, fmt: str, dpi: float) -> None:
    """What a hobbyist would write: regions coloured by polity, projected, plotted and saved at the same size."""
    import geopandas as gpd
    from matplotlib.figure import Figure

    from sovsplit.model.projections import get_projection

    regions = gpd.read_file(regions_path)
    regions["polity"] = regions["id"].map(polity_of)
    projected = regions.to_crs(get_projection("albers").crs)
    fig = Figure(figsize=(210 / 25.4, 297 / 25.4), dpi=dpi)
    ax = fig.add_subplot()
    projected.plot(ax=ax, column="polity", edgecolor="white", linewidth=0.3, legend=True)
    ax.set_title("Two USSRs")
    fig.savefig(tmp / f"baseline.{fmt}", format=fmt, dpi=dpi)


def measure(quick: bool) -> dict:
    from sovsplit.model.io.resources import geodata_path
    from sovsplit.model.io.scenario_io import load_scenario
    from sovsplit.render.export import export_map
    from sovsplit.render.settings import ExportSettings

    repeats = 3 if quick else 5
    scenario = load_scenario(None)
    polity_of = {scenario.parcels[pid].region_id: owner for pid, owner in scenario.owner.items()}
    png = ExportSettings(style="classic", dpi=300, paper="A4")
    svg = ExportSettings(style="classic", dpi=72, paper="A4")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        start = time.perf_counter()
        export_map(scenario, png, tmp / "first.png")
        first_ms = (time.perf_counter() - start) * 1000.0
        png_ms = median_ms(lambda: export_map(scenario, png, tmp / "map.png"), repeats=repeats)
        svg_ms = median_ms(lambda: export_map(scenario, svg, tmp / "map.svg"), repeats=repeats)
        regions = geodata_path("regions.geojson")
        base_png = median_ms(lambda: _baseline(regions, polity_of, tmp, "png", 300), repeats=max(2, repeats - 2))
        base_svg = median_ms(lambda: _baseline(regions, polity_of, tmp, "svg", 72), repeats=max(2, repeats - 2))
    return {
        "export_png_a4_300dpi_ms": round(png_ms, 1),
        "export_png_a4_300dpi_first_ms": round(first_ms, 1),
        "export_svg_a4_ms": round(svg_ms, 1),
        "export_png_geopandas_plot_baseline_ms": round(base_png, 1),
        "export_svg_geopandas_plot_baseline_ms": round(base_svg, 1),
        "export_png_vs_plot_ratio": ratio(base_png, png_ms),
        "export_svg_vs_plot_ratio": ratio(base_svg, svg_ms),
    }


if __name__ == "__main__":
    print(measure(True))
