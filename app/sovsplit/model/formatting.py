"""How each quantity is written for people, one function per quantity, so every view shows the same digits.

The statistics panel, the hover text, the exported legend, `sovsplit stats` tables, compare and the
annotations' "measured" lines all format through here. Units are left to the caller's column or row title
(except where a view writes a sentence, for which the `*_text` forms add them).
"""

from __future__ import annotations

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


def share(fraction: float) -> str:
    """A share (0…1) as a percentage with two decimals: 0.127446 → 12.74 %."""
    return f"{_fixed(100.0 * round(float(fraction), STORED_SHARE_DIGITS), 2, STORED_SHARE_DIGITS)} %"


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
