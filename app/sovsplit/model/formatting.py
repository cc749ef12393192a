"""How each quantity is written for people, one function per quantity, so every view shows the same digits.

The statistics panel, the hover text, the exported legend, `sovsplit stats` tables, compare and the
annotations' "measured" lines all format through here. Units are left to the caller's column or row title
(except where a view writes a sentence, for which the `*_text` forms add them).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

NONE = "—"


# The report (model/report.py) stores km and km² to 0.1 and shares to 6 decimals. Every value is first
# rounded to that stored precision, so a raw figure (hover text, legend) and the report's rounded one print
# the same digits; then half-up, not float round-half-even, so 26,148.5 km is 26,149 everywhere.
STORED_KM_DIGITS = 1
STORED_SHARE_DIGITS = 6


def _fixed(value: float, digits: int, stored: int = STORED_KM_DIGITS) -> str:
    quantum = Decimal(1).scaleb(-digits)
    rounded = Decimal(repr(round(float(value), stored))).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,}"
    return "0" + text[2:] if text.startswith("-0") and rounded == 0 else text


def area_km2(value: float) -> str:
    """An area in km², whole km² with thousands separators: 4,725,227."""
    return _fixed(value, 0)


def arable_km2(value: float) -> str:
    """Arable land in km² (the same digits as any area)."""
    return area_km2(value)


# How precise a share may look depends on what it is counted from. A share from a model (the arable land of
# the climate model, or any figure disaggregated from regional totals by a model) is good to about a
# percentage point, so it is shown to the whole percent, and below 1 % to one significant digit ("0.1 %",
# "0.04 %") so that a small share still reads as non-zero. A share counted exactly (census population,
# geodesic area) shows one decimal, and two significant digits below 1 %.
MODEL = "model"
COUNTED = "counted"


def share_percent(fraction: float, basis: str = COUNTED) -> float | int:
    """The share in percent, rounded as it is shown (an int when shown to the whole percent)."""
    if basis not in (MODEL, COUNTED):
        raise ValueError(f"unknown share basis {basis!r}")
    percent = 100.0 * round(float(fraction), STORED_SHARE_DIGITS)
    if percent == 0:
        return 0
    if abs(percent) >= 1:
        whole = Decimal(repr(percent)).quantize(Decimal(1) if basis == MODEL else Decimal("0.1"), ROUND_HALF_UP)
        return int(whole) if basis == MODEL else float(whole)
    significant = 1 if basis == MODEL else 2
    decimals = significant - 1 - math.floor(math.log10(abs(percent)))
    return float(Decimal(repr(percent)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP))


def share_text(fraction: float | None, basis: str = COUNTED) -> str:
    """A share (0…1) as text: "12.7 %", "0.12 %" counted; "13 %", "0.1 %" modelled; "—" when unknown."""
    if fraction is None or not math.isfinite(fraction):
        return NONE
    if not fraction:
        return "0 %"
    # Decimal keeps the rounded digits as they are, never in exponent form (0.00004 stays 0.00004).
    return f"{format(Decimal(repr(share_percent(fraction, basis))).normalize(), ',f')} %"


def share(fraction: float) -> str:
    """A counted share (of area, of population) as a percentage: 0.127446 → 12.7 %."""
    return share_text(fraction, COUNTED)


def model_share(fraction: float) -> str:
    """A modelled share (arable land) to the precision the model supports: 0.137 → 14 %, 0.00098 → 0.1 %."""
    return share_text(fraction, MODEL)


def coastline_km(value: float) -> str:
    """A coastline length in whole km: 26,149."""
    return _fixed(value, 0)


def distance_km(value: float) -> str:
    """A distance (sea route, capital to border) in whole km: 1,581."""
    return _fixed(value, 0)


def count(value: int) -> str:
    """A count with thousands separators."""
    return f"{int(value):,}"


def months(value: float) -> str:
    return f"{float(value):g} months"


def yes_no(value) -> str:
    return "yes" if value else "no"


def area_text(value: float) -> str:
    """An area with its unit, for sentences: 4,725,227 km²."""
    return f"{area_km2(value)} km²"


def length_text(value: float) -> str:
    """A coastline or distance with its unit, for sentences: 26,149 km."""
    return f"{distance_km(value)} km"


MAP_NAME_CHARS = 60  # longer than any real polity or scenario name; a pasted essay would stall text layout


def map_name(name: str, limit: int = MAP_NAME_CHARS) -> str:
    """A name as a map draws it (labels, legend, title): cut with "…" past `limit` characters."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
