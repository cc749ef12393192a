"""A matplotlib bar chart of area and modelled arable land per polity, for the statistics dock."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure


def bar_label(million_km2: float, share: float) -> str:
    """An arable bar's label: its size, and the share of the polity's land when the bar is too small to see."""
    if million_km2 >= 0.005:
        return f"{million_km2:.2f}"
    if share <= 0:
        return "0"
    return "< 0.1 %" if share < 0.001 else f"{share * 100:.1f} %"


class StatsChart(FigureCanvasQTAgg):
    """Grouped bars: total area and modelled arable land of each polity, in million km²."""

    def __init__(self):
        self.figure = Figure(figsize=(4, 2.4), dpi=96, layout="constrained")
        super().__init__(self.figure)
        self.axes = self.figure.add_subplot()

    def draw_polities(self, polities: list) -> None:
        ax = self.axes
        ax.clear()
        names = [p.name for p in polities]
        area = np.array([p.area_km2 for p in polities]) / 1e6
        arable = np.array([p.arable_km2 for p in polities]) / 1e6
        x = np.arange(len(polities))
        colours = [p.colour for p in polities]
        ax.bar(x - 0.2, area, 0.38, color=colours, edgecolor="#333333", linewidth=0.6, label="area")
        ax.bar(
            x + 0.2,
            arable,
            0.38,
            color=colours,
            edgecolor="#333333",
            linewidth=0.6,
            hatch="///",
            alpha=0.55,
            label="arable (modelled)",
        )
        shares = [p.arable_km2 / p.area_km2 if p.area_km2 else 0.0 for p in polities]
        for xi, a, r, share in zip(x, area, arable, shares):
            ax.annotate(f"{a:.2f}", (xi - 0.2, a), ha="center", va="bottom", fontsize=7)
            ax.annotate(bar_label(r, share), (xi + 0.2, r), ha="center", va="bottom", fontsize=7)
        ax.set_xticks(x, names, fontsize=8)
        ax.set_ylabel("million km²", fontsize=8)
        ax.tick_params(axis="y", labelsize=7)
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(y=0.15)
        ax.legend(fontsize=7, frameon=False, loc="upper right")
        self.draw_idle()
