"""The arable land choropleth's classes under a style: bounds, fill, hatch and legend text (canvas and export)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sovsplit.render.style import Style


@dataclass(frozen=True)
class ArableClass:
    """One class of the arable choropleth: cells whose arable share is in [lower, upper)."""

    lower: float
    upper: float
    colour: str  # #rrggbb fill
    hatch: str  # matplotlib hatch pattern ("" for none); the canvas maps it to a brush pattern
    label: str  # legend text, e.g. "25–50 %"


def arable_classes(style: Style) -> list[ArableClass]:
    """The classes of the style's `arable_ramp` / `arable_breaks` / `arable_hatches`, lowest first."""
    bounds = list(style.arable_breaks) + [1.0]
    hatches = list(style.arable_hatches) or [""] * len(style.arable_ramp)
    out = []
    for i, colour in enumerate(style.arable_ramp):
        lo, hi = bounds[i], bounds[i + 1]
        if i == 0 and lo == 0.0:
            label = f"under {hi * 100:.0f} %"
        elif i == len(style.arable_ramp) - 1:
            label = f"{lo * 100:.0f} % or more"
        else:
            label = f"{lo * 100:.0f}–{hi * 100:.0f} %"
        out.append(ArableClass(lo, hi, colour, hatches[i], label))
    return out


def classify(values: np.ndarray, classes: list[ArableClass]) -> np.ndarray:
    """Class index of each value (-1 where there is no arable land: zero, negative or NaN)."""
    values = np.asarray(values, dtype=float)
    lowers = np.array([c.lower for c in classes])
    index = np.searchsorted(lowers, values, side="right") - 1
    index[~(values > 0)] = -1
    return index
