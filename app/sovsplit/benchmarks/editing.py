"""Benchmark of live statistics while editing: a region reassignment and a border vertex drag, against
recomputing everything from scratch with geopandas (dissolve, equal-area area, rasterio.mask zonal sums)."""

from __future__ import annotations

import statistics
import time

import numpy as np

from sovsplit.benchmarks.timing import median_ms, ratio


def _scenario():
    from sovsplit.model.io.scenario_io import load_scenario
    from sovsplit.model.stats import StatsEngine

    scenario = load_scenario(None)
    engine = StatsEngine(scenario)
    return scenario, engine


def _report(scenario, engine) -> dict:
    from sovsplit.model.report import scenario_report

    return scenario_report(scenario, engine)


def _reassign_samples(scenario, engine, repeats: int) -> list[float]:
    """Apply "give Primorsky Krai to the East" and update the statistics report; undo between samples."""
    from sovsplit.model.editing.edits import reassign_regions

    samples = []
    for _ in range(repeats):
        edit = reassign_regions(scenario, ["RUPRI"], "east")
        start = time.perf_counter()
        edit.apply(scenario)
        _report(scenario, engine)
        samples.append((time.perf_counter() - start) * 1000.0)
        edit.revert(scenario)
        _report(scenario, engine)
    return samples


def _drag_targets(scenario, count: int):
    """Vertices spread along the West–East border, each moved a little into the West (a typical drag)."""
    from sovsplit.model.editing.border import border_lines

    line = max(border_lines(scenario), key=lambda ln: len(ln.coords))
    indexes = np.linspace(len(line.coords) * 0.1, len(line.coords) * 0.9, count).astype(int)
    targets = []
    for i in indexes:
        a, b = line.neighbours(int(i))
        p = line.coords[int(i)]
        # Perpendicular to the neighbours' chord, a few kilometres: one mouse drag at a regional zoom.
        chord = b - a
        normal = np.array([-chord[1], chord[0]]) / (np.hypot(*chord) or 1.0)
        targets.append((line, int(i), p + normal * 0.06))
    return targets


def _drag_samples(scenario, engine, count: int) -> tuple[list[float], object]:
    """Compute the vertex move (new parcels) and update the report; undo between samples."""
    from sovsplit.model.editing.edits import EditRefused
    from sovsplit.model.editing.vertex_edits import move_vertex

    samples, last = [], None
    for line, index, target in _drag_targets(scenario, count):
        start = time.perf_counter()
        try:
            edit = move_vertex(scenario, line, index, target)
        except EditRefused:
            continue
        edit.apply(scenario)
        _report(scenario, engine)
        samples.append((time.perf_counter() - start) * 1000.0)
        if last is None:
            last = edit
            continue  # keep the first edit applied, as the baseline's input
        edit.revert(scenario)
    return samples, last


def _geopandas_baseline(scenario, repeats: int) -> float:
    """From scratch after an edit: dissolve parcels by polity, equal-area areas, naive zonal arable sums."""
    import geopandas as gpd
    import rasterio
    import rasterio.mask

    from sovsplit.model.io.resources import geodata_path

    frame = gpd.GeoDataFrame(
        {"polity": [scenario.owner[pid] or "" for pid in scenario.parcels]},
        geometry=[p.geometry for p in scenario.parcels.values()],
        crs="EPSG:4326",
    )

    def run():
        dissolved = frame.dissolve("polity")
        dissolved.to_crs("+proj=aea +lat_1=52 +lat_2=64 +lon_0=105 +datum=WGS84").area.sum()
        with rasterio.open(geodata_path("arable.tif")) as src:
            for geom in dissolved.geometry:
                data, transform = rasterio.mask.mask(src, [geom], crop=True, nodata=0.0, filled=True)
                np.nansum(data)

    return median_ms(run, repeats)


def measure(quick: bool) -> dict:
    scenario, engine = _scenario()
    _report(scenario, engine)  # every whole region's statistics, once, as when the window opens
    reassign = _reassign_samples(scenario, engine, 5 if quick else 15)
    drags, kept = _drag_samples(scenario, engine, 6 if quick else 16)
    drag_ms = statistics.median(drags) if drags else float("nan")
    baseline_ms = _geopandas_baseline(scenario, 2 if quick else 5)
    if kept is not None:
        kept.revert(scenario)
    return {
        "stats_update_after_reassign_ms": round(statistics.median(reassign), 2),
        "stats_update_after_vertex_drag_ms": round(drag_ms, 2),
        "edit_stats_geopandas_baseline_ms": round(baseline_ms, 1),
        "edit_stats_vs_geopandas_ratio": ratio(baseline_ms, drag_ms),
    }


if __name__ == "__main__":
    print(measure(True))
