"""The reference frame stated honestly: the footnote, the regions' caveats, and the area outliers they explain."""

from __future__ import annotations

import re

import pytest

from sovsplit.model.frame import AREA_CAVEATS, LATER_LANDS, frame_caveats, frame_footnote, region_caveats
from sovsplit.model.stats import StatsEngine
from sovsplit.ui.panels.region_info import region_info_text


def test_the_footnote_names_the_1991_frame_and_what_a_1923_1940_split_lacks():
    text = frame_footnote()
    assert "1991" in text and "1923–1940" in text
    for land, year in [
        ("Tuva", "1944"),
        ("the Baltic republics", "1940"),
        ("most of Moldavia", "1940"),
        ("Kaliningrad", "1945–1946"),
        ("South Sakhalin and the Kurils", "1945–1946"),
    ]:
        assert f"{land} ({year})" in text, land
    assert "Magadan (1929–30) and Batagay (1939)" in text and "1:1,000,000" in text
    assert frame_caveats()[0].startswith("Reference frame:")


@pytest.mark.parametrize(
    ("region_id", "words"),
    [
        ("RUTY", ["1944"]),
        ("EE", ["1940", "annexed"]),
        ("LV", ["1940"]),
        ("LT", ["1940"]),
        ("MD", ["Bessarabia", "1940", "1924"]),
        ("RUKGD", ["East Prussia", "1946", "lagoons"]),
        ("RUSAK", ["South Sakhalin", "Kuril", "1945"]),
        ("RUMAG", ["Magadan", "1929–30", "1939"]),
        ("RUSA", ["Batagay", "1939"]),
        ("RUYAN", ["Gulf of Ob"]),
        ("RUSPE", ["1:1,000,000"]),
        ("KZ", ["Aral Sea"]),
        ("UZ", ["Aral Sea"]),
    ],
)
def test_regions_get_one_line_caveats_where_they_apply(region_id, words):
    lines = region_caveats(region_id)
    assert lines and all("\n" not in line for line in lines)
    joined = " ".join(lines)
    for word in words:
        assert word in joined, (region_id, word)


def test_regions_soviet_throughout_the_window_get_no_caveat(regions):
    assert region_caveats("RUMOW") == [] and region_caveats("RUKHA") == [] and region_caveats("GE") == []
    known = set(regions.ids)
    for land in LATER_LANDS:
        assert set(land.region_ids) <= known, land.name
    assert set(AREA_CAVEATS) <= known


def test_area_caveats_state_the_outliers_the_shipped_outlines_really_show(regions):
    """Each caveat's "about N % under/over the official X km²" matches the shipped geodesic area."""
    areas = regions.area_km2
    for region_id, text in AREA_CAVEATS.items():
        found = re.search(r"about (\d+) % (under|over) the official ([\d,]+) km²", text)
        assert found, region_id
        percent, direction, official = int(found[1]), found[2], float(found[3].replace(",", ""))
        error = 100 * (areas[region_id] - official) / official
        assert (error < 0) == (direction == "under"), region_id
        assert abs(abs(error) - percent) <= 1.5, (region_id, error)


def test_the_hover_text_shows_the_caveats_and_the_coastline_scale(scenario):
    stats = StatsEngine(scenario).parcel_stats()
    kaliningrad = region_info_text(scenario, stats, 20.5, 54.7)
    assert "Kaliningrad Oblast" in kaliningrad and "East Prussia" in kaliningrad and "lagoons" in kaliningrad
    assert "km (at 1:1,000,000)" in kaliningrad
    tuva = region_info_text(scenario, stats, 94.5, 51.5)
    assert "Tuva" in tuva and "1944" in tuva
    assert "1944" not in region_info_text(scenario, stats, 37.6, 55.75)  # Moscow
