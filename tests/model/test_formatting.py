"""One formatting function per quantity: half-up digits, and raw and stored (report) values print alike."""

from __future__ import annotations

from sovsplit.model import formatting as fmt


def test_half_values_round_up_not_to_even():
    assert fmt.coastline_km(26148.5) == "26,149"
    assert fmt.area_km2(2.5) == "3"
    assert fmt.share(0.13745) == "13.7 %" and fmt.share(0.13750) == "13.8 %"
    assert fmt.model_share(0.1350) == "14 %"


def test_a_raw_figure_prints_like_the_reports_rounded_one():
    # The report keeps km² to 0.1 and shares to 6 decimals; the raw value must not print another digit.
    raw = 1234.46  # the report stores 1234.5, which prints as 1,235
    assert fmt.area_km2(raw) == fmt.area_km2(round(raw, 1)) == "1,235"
    raw_share = 0.13749951
    assert fmt.share(raw_share) == fmt.share(round(raw_share, 6))


def test_texts_with_units_and_counts():
    assert fmt.area_text(4725226.9) == "4,725,227 km²"
    assert fmt.length_text(1580.6) == "1,581 km"
    assert fmt.count(12000) == "12,000"
    assert fmt.area_km2(-0.3) == "0"


def test_map_names_are_cut_only_when_absurdly_long():
    from sovsplit.model.formatting import MAP_NAME_CHARS, map_name

    assert map_name("Far Eastern Republic") == "Far Eastern Republic"
    long = map_name("x" * 100_000)
    assert len(long) == MAP_NAME_CHARS and long.endswith("…")
