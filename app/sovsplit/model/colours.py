"""Colour choices for polities: the palette colour farthest from those in use, and readable header text."""

from __future__ import annotations

import math

# Okabe & Ito (2008), "Color Universal Design": a qualitative palette distinguishable with the common colour
# vision deficiencies (black left out: it is the map's ink).
CVD_SAFE_PALETTE: tuple[str, ...] = ("#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7")


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    text = hex_colour.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        raise ValueError(f"{hex_colour!r} is not a #rrggbb colour")
    red, green, blue = (int(text[i : i + 2], 16) / 255.0 for i in (0, 2, 4))
    return red, green, blue


def _linear(channel: float) -> float:
    """sRGB companding undone (IEC 61966-2-1)."""
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def lab(hex_colour: str) -> tuple[float, float, float]:
    """CIE 1976 L*a*b* of an sRGB colour (D65 white)."""
    r, g, b = (_linear(c) for c in _rgb(hex_colour))
    # The sRGB → XYZ matrix (IEC 61966-2-1), normalised by the D65 white point.
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(a: str, b: str) -> float:
    """Perceptual distance of two colours (CIE76 ΔE*ab: Euclidean in L*a*b*)."""
    return math.dist(lab(a), lab(b))


def next_polity_colour(used: list[str] | set[str], palette: tuple[str, ...] = CVD_SAFE_PALETTE) -> str:
    """The palette colour whose nearest colour in use is farthest away (ties: palette order)."""
    used = [c for c in used if c]
    if not used:
        return palette[0]
    return max(palette, key=lambda candidate: min(delta_e(candidate, c) for c in used))


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance (0 black … 1 white)."""
    r, g, b = (_linear(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 … 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour_on(background: str) -> str:
    """Black or white, whichever contrasts more with the background (WCAG)."""
    return "#000000" if contrast_ratio(background, "#000000") >= contrast_ratio(background, "#ffffff") else "#ffffff"
