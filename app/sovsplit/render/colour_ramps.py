"""Colour ramps shared by the canvas and the exporter: the arable choropleth's graduated classes."""

from __future__ import annotations

# ColorBrewer YlGn, 5 classes (Cynthia Brewer, colorbrewer2.org; marked colour-blind safe and print friendly):
# light yellow for little arable land to deep green for nearly all of it.
ARABLE_RAMP: tuple[str, ...] = ("#ffffcc", "#c2e699", "#78c679", "#31a354", "#006837")
# Upper bounds (fractions of the land arable) of the ramp's classes; the last class runs to 1.
ARABLE_BREAKS: tuple[float, ...] = (0.05, 0.2, 0.4, 0.6, 1.0)


def arable_class(fraction: float, breaks: tuple[float, ...] = ARABLE_BREAKS) -> int:
    """Index of the graduated class a fraction falls in (0 = least arable)."""
    f = max(0.0, min(1.0, float(fraction)))
    for index, upper in enumerate(breaks):
        if f < upper:
            return index
    return len(breaks) - 1


def arable_colour(fraction: float, ramp: tuple[str, ...] = ARABLE_RAMP) -> str:
    """The ramp colour (#rrggbb) of a fraction of the land arable."""
    return ramp[arable_class(fraction)]


def arable_class_label(index: int, breaks: tuple[float, ...] = ARABLE_BREAKS) -> str:
    """Legend text of a class: '< 5 %', '5–20 %', …, '≥ 60 %'."""
    if index == 0:
        return f"< {breaks[0] * 100:.0f} % arable"
    if index == len(breaks) - 1:
        return f"≥ {breaks[index - 1] * 100:.0f} % arable"
    return f"{breaks[index - 1] * 100:.0f}–{breaks[index] * 100:.0f} % arable"
