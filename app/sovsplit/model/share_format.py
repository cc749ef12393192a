"""How shares are shown: with the precision the data behind them supports, the same in every view."""

from __future__ import annotations

import math
from decimal import Decimal

# A share computed from a model (the arable land of the climate model, or any figure disaggregated from
# regional totals by a model) is good to about a percentage point at best, so it is shown to the whole
# percent, and below 1 % to one significant digit ("0.1 %", "0.04 %") so a small share still reads as
# non-zero. A share counted exactly (census population, geodesic area) may show one decimal.
MODEL = "model"
COUNTED = "counted"


def share_text(fraction: float | None, basis: str = MODEL) -> str:
    """A share (0–1) as text: "13 %", "0.1 %" for a modelled share; "12.7 %", "0.12 %" for a counted one."""
    if fraction is None or not math.isfinite(fraction):
        return "—"
    if not fraction:
        return "0 %"
    # Decimal keeps the rounded digits as they are, never in exponent form (0.00004 stays 0.00004).
    return f"{format(Decimal(repr(share_percent(fraction, basis))).normalize(), 'f')} %"


def share_percent(fraction: float, basis: str = MODEL) -> float | int:
    """The share in percent, rounded as share_text shows it (for tables that want a number; an int when the
    share is shown to the whole percent, so tables print no false ".0")."""
    if basis not in (MODEL, COUNTED):
        raise ValueError(f"unknown share basis {basis!r}")
    percent = 100.0 * float(fraction)
    if percent == 0:
        return 0
    if abs(percent) >= 1:
        return round(percent) if basis == MODEL else round(percent, 1)
    significant = 1 if basis == MODEL else 2
    return _significant(percent, significant)


def _significant(value: float, digits: int) -> float:
    """`value` rounded to `digits` significant digits (0.0984, 1 → 0.1; 0.00437, 1 → 0.004)."""
    decimals = digits - 1 - math.floor(math.log10(abs(value)))
    return round(value, decimals)
