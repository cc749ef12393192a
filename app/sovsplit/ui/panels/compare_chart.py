"""Matplotlib widgets of the comparison view: bars of the deltas, and a map of the land that changed hands."""

from __future__ import annotations

from functools import cache

import numpy as np
import shapely
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from sovsplit.model import reference
from sovsplit.model.compare.comparison import Comparison
from sovsplit.model.projections import get_projection, project_geometry
from sovsplit.model.regions import default_regions

PAIR_COLOURS = ["#e6550d", "#3182bd", "#31a354", "#756bb1", "#d6616b", "#8c6d31", "#17becf", "#636363"]
PROJECTION = "albers"
SEA, NEIGHBOUR, USSR = "#dce9f2", "#f4f1ea", "#d9d9d9"
# The map always shows at least this much around the pieces, so a small piece is seen in its surroundings.
MIN_SPAN_M = 1_800_000


class CompareChart(FigureCanvasQTAgg):
    """Area and arable deltas per polity (thousand km²), one bar per compared scenario."""

    def __init__(self):
        self.figure = Figure(figsize=(6, 2.6), dpi=96, layout="constrained")
        super().__init__(self.figure)

    def draw_comparison(self, c: Comparison) -> None:
        self.figure.clear()
        axes = self.figure.subplots(1, 2)
        polities = c.polities
        x = np.arange(len(polities))
        others = list(range(1, len(c.scenarios)))
        width = 0.8 / max(len(others), 1)
        for ax, key, title in zip(axes, ("area_km2", "arable_km2"), ("Area Δ", "Arable land Δ (modelled)")):
            for n, index in enumerate(others):
                values = np.array([(p.deltas[key][index] or 0.0) / 1000 for p in polities])
                offset = (n - (len(others) - 1) / 2) * width
                bars = ax.bar(
                    x + offset,
                    values,
                    width * 0.92,
                    color=PAIR_COLOURS[n % len(PAIR_COLOURS)],
                    label=c.scenarios[index],
                )
                ax.bar_label(bars, labels=[_bar_label(v) for v in values], fontsize=7, padding=2)
            ax.axhline(0, color="#333333", linewidth=0.8)
            ax.set_xticks(x, [p.name for p in polities], fontsize=8)
            ax.set_title(f"{title}, thousand km²", fontsize=9)
            ax.tick_params(axis="y", labelsize=7)
            ax.spines[["top", "right"]].set_visible(False)
            ax.margins(y=0.2)
        axes[0].legend(fontsize=7, frameon=False, title=f"vs {c.scenarios[0]}", title_fontsize=7)
        self.draw_idle()


class TransferMap(FigureCanvasQTAgg):
    """The pieces that changed hands, coloured by from → to and labelled with their area, on the USSR."""

    def __init__(self):
        self.figure = Figure(figsize=(6, 4), dpi=96, layout="constrained")
        super().__init__(self.figure)
        self.drawn_labels: list[str] = []

    def draw_transfers(self, c: Comparison) -> None:
        self.figure.clear()
        self.drawn_labels = []
        others = list(range(1, len(c.scenarios)))
        axes = np.atleast_1d(self.figure.subplots(1, len(others)))
        pairs = sorted({(t.from_id, t.to_id) for t in c.transfers}, key=lambda p: (str(p[0]), str(p[1])))
        colour = {pair: PAIR_COLOURS[n % len(PAIR_COLOURS)] for n, pair in enumerate(pairs)}
        for ax, index in zip(axes, others):
            moved = [t for t in c.transfers if t.scenario_index == index]
            ax.set_facecolor(SEA)
            for neighbour in _neighbours_projected():
                ax.add_patch(_patch(neighbour, facecolor=NEIGHBOUR, edgecolor="#bbbbbb", linewidth=0.3))
            for region in _regions_projected():
                ax.add_patch(_patch(region, facecolor=USSR, edgecolor="#ffffff", linewidth=0.4))
            ax.add_patch(_patch(_ussr_projected(), facecolor="none", edgecolor="#8a8a8a", linewidth=0.5))
            shown = set()
            for t in moved:
                geom = _project(t.geometry)
                label = f"{c.name_of(t.from_id)} → {c.name_of(t.to_id)}"
                ax.add_patch(
                    _patch(
                        geom,
                        facecolor=colour[(t.from_id, t.to_id)],
                        edgecolor="#222222",
                        linewidth=0.6,
                        label=None if label in shown else label,
                    )
                )
                shown.add(label)
                anchor = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area).representative_point()
                text = f"{t.area_km2:,.0f} km²"
                ax.annotate(
                    text,
                    (anchor.x, anchor.y),
                    ha="center",
                    va="center",
                    fontsize=8,
                    weight="bold",
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8},
                )
                self.drawn_labels.append(text)
            _frame(ax, [_project(t.geometry) for t in moved])
            ax.set_title(
                f"{c.scenarios[0]} → {c.scenarios[index]}" + ("" if moved else ": no territory changed hands"),
                fontsize=9,
            )
            if moved:
                ax.legend(fontsize=7, loc="lower left", framealpha=0.9)
        self.draw_idle()


def _bar_label(value: float) -> str:
    if abs(value) < 0.05:
        return "0"
    return f"{value:+,.1f}" if abs(value) < 10 else f"{value:+,.0f}"


def _frame(ax, geoms) -> None:
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    if geoms:
        minx, miny, maxx, maxy = shapely.union_all(geoms).bounds
    else:
        minx, miny, maxx, maxy = _ussr_projected().bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half = max(maxx - minx, maxy - miny, MIN_SPAN_M) * 0.75
    ax.set_xlim(cx - half, cx + half)
    ax.set_ylim(cy - half * 0.75, cy + half * 0.75)


def _project(geom):
    return project_geometry(geom, get_projection(PROJECTION).transformer())


@cache
def _regions_projected() -> list:
    return [_project(shapely.simplify(r.geometry, 0.02)) for r in default_regions().regions]


@cache
def _neighbours_projected() -> list:
    # Near the USSR only: far-off parts would project to huge, distorted shapes and are never in view.
    window = shapely.box(10.0, 25.0, 200.0, 85.0)
    return [_project(shapely.simplify(shapely.intersection(f.geometry, window), 0.05)) for f in reference.neighbours()]


@cache
def _ussr_projected():
    # Simplified before projecting: a backdrop for an inset map needs no coastline detail finer than ~2 km.
    return _project(shapely.simplify(default_regions().union, 0.02))


def _patch(geom, **style) -> PathPatch:
    vertices, codes = [], []
    for polygon in getattr(geom, "geoms", [geom]):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = np.asarray(ring.coords)
            vertices.append(coords)
            codes.append([MplPath.MOVETO] + [MplPath.LINETO] * (len(coords) - 2) + [MplPath.CLOSEPOLY])
    if not vertices:
        return PathPatch(MplPath(np.zeros((1, 2))), **style)
    return PathPatch(MplPath(np.concatenate(vertices), np.concatenate(codes)), **style)
