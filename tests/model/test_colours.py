"""Polity colours: the next palette colour is far from those in use; header text picks the better contrast."""

from __future__ import annotations

import pytest

from sovsplit.model.colours import (
    CVD_SAFE_PALETTE,
    contrast_ratio,
    delta_e,
    lab,
    next_polity_colour,
    text_colour_on,
)


def test_lab_matches_published_values():
    # CIE L*a*b* (D65) of pure sRGB red and white, as published for the sRGB primaries.
    assert lab("#ff0000") == pytest.approx((53.24, 80.09, 67.20), abs=0.05)
    assert lab("#ffffff") == pytest.approx((100.0, 0.0, 0.0), abs=0.01)


def test_a_new_polity_never_takes_a_colour_close_to_the_wests_red(scenario):
    used = [p.colour for p in scenario.polities.values()]
    chosen = next_polity_colour(used)
    assert chosen in CVD_SAFE_PALETTE
    # #c0392b beside #b03a2e was ΔE ≈ 4: barely told apart. The choice is the farthest the palette offers.
    assert min(delta_e(chosen, c) for c in used) > 30
    best = max(min(delta_e(p, c) for c in used) for p in CVD_SAFE_PALETTE)
    assert min(delta_e(chosen, c) for c in used) == best
    # A third and a fourth polity keep away from everything in use, each other included.
    third = next_polity_colour(used + [chosen])
    assert third != chosen and min(delta_e(third, c) for c in used + [chosen]) > 20


def test_header_text_takes_the_contrast_the_wcag_formula_prefers():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert text_colour_on("#d4ac0d") == "#000000"  # mustard: black reads, white does not (issue 17)
    assert contrast_ratio("#d4ac0d", "#000000") > 4.5 > contrast_ratio("#d4ac0d", "#ffffff")
    assert text_colour_on("#0072b2") == "#ffffff"
    assert text_colour_on("#b03a2e") == "#ffffff"
