"""A chart of statistics through time: each polity's area, population, arable land and ports across the states."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import date2num
from matplotlib.figure import Figure

from sovsplit.model.timeline.stats import TimelineRow

# (row field, panel title, divisor): areas in million km², arable land in thousand km², people in millions.
PANELS = [
    ("area_km2", "Area (million km²)", 1e6),
    ("population", "Population (millions)", 1e6),
    ("arable_km2", "Arable land (thousand km²)", 1e3),
    ("ports", "Sea ports held", 1.0),
]
CHART_FORMATS = {".png", ".svg", ".pdf"}


def timeline_chart(rows: list[TimelineRow], title: str = "", end: dt.date | None = None) -> Figure:
    """Step lines per polity, one panel per figure: a state's values hold until the next state begins. A polity
    absent from a state leaves a gap; a figure the statistics do not carry (population) says so."""
    starts = sorted({r.start for r in rows if r.start is not None})
    if not starts:
        raise ValueError("the chart needs a timeline with dated states")
    # The last state is drawn for as long as the average state lasts, or to the timeline's end.
    spans = [(b - a).days for a, b in zip(starts, starts[1:])]
    last = end or starts[-1] + dt.timedelta(days=round(sum(spans) / len(spans)) if spans else 3650)
    edges = date2num(starts + [last])
    polities: dict[str, tuple[str, str]] = {}
    for row in rows:
        polities[row.polity_id] = (row.polity_name, row.colour)
    fig = Figure(figsize=(10, 6.5), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(2, 2, sharex=True).ravel()
    for ax, (key, label, divisor) in zip(axes, PANELS):
        ax.set_title(label, fontsize=10, loc="left")
        ax.grid(True, axis="y", alpha=0.3)
        values_seen = False
        for pid, (name, colour) in polities.items():
            by_start = {r.start: getattr(r, key) for r in rows if r.polity_id == pid}
            raw = [by_start.get(day) for day in starts]
            ys = [math.nan if v is None else float(v) / divisor for v in raw]
            values_seen |= any(not math.isnan(v) for v in ys)
            ax.stairs(ys, edges, color=colour, linewidth=2.2, label=name, baseline=None)
        if not values_seen:
            ax.text(0.5, 0.5, "not in the statistics yet", ha="center", va="center", transform=ax.transAxes, alpha=0.6)
            ax.set_yticks([])
        for x in edges[1:-1]:
            ax.axvline(x, color="#999999", linewidth=0.6, linestyle=":")
    axes[0].legend(fontsize=8, loc="best")
    for ax in axes[2:]:
        ax.set_xticks(edges[:-1], [d.isoformat() for d in starts], rotation=30, fontsize=8)
    if title:
        fig.suptitle(title, fontsize=12)
    return fig


def save_chart(fig: Figure, path) -> Path:
    """Write the chart as PNG, SVG or PDF (by the suffix); ValueError (one line) for another type."""
    path = Path(path)
    if path.suffix.lower() not in CHART_FORMATS:
        raise ValueError(f"{path.name}: the chart is written as PNG, SVG or PDF")
    if not path.parent.is_dir():
        raise ValueError(f"{path.name}: folder {path.parent} does not exist")
    fig.savefig(path, format=path.suffix.lower()[1:])
    return path
