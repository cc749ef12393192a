"""Timelines in files: dated features (QGIS Temporal Controller fields) read into states and written back."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sovsplit.model.io.problems import InputError
from sovsplit.model.io.scenario_io import load_scenario, scenario_to_geojson
from sovsplit.model.io.shipped_scenarios import resolve_scenario
from sovsplit.model.timeline.io import load_scenario_at, load_timeline, save_timeline, timeline_to_geojson

EXAMPLE = "east-ussr-timeline"


@pytest.fixture(scope="module")
def example(regions):
    return load_timeline(resolve_scenario(EXAMPLE), regions)


def fingerprint(timeline):
    """What a save and reload must keep: dates, titles, notes, and each state's polities and region holdings."""
    return [
        (
            s.start,
            timeline.end_of(i),
            s.title,
            s.note,
            list(s.scenario.polities.values()),
            {pid: s.scenario.region_holdings(pid) for pid in s.scenario.polities},
            s.scenario.annotations,
        )
        for i, s in enumerate(timeline.states)
    ]


def test_the_shipped_example_has_four_dated_states_with_notes_naming_arguments(example):
    assert [s.start for s in example.states] == [
        dt.date(1927, 1, 1),
        dt.date(1932, 1, 1),
        dt.date(1941, 1, 1),
        dt.date(1950, 1, 1),
    ]
    # The buffer state appears in 1941 and is gone in 1950.
    assert [("amur" in s.scenario.polities) for s in example.states] == [False, False, True, False]
    assert example.states[0].scenario.region_holdings("east")[0] == ["RUSA"]
    assert "RUPRI" in example.states[3].scenario.region_holdings("east")[0]


def test_notes_name_arguments_of_the_debate(example):
    from sovsplit.model.io.resources import geodata_path

    ids = {f["properties"]["id"] for f in json.loads(geodata_path("annotations.geojson").read_text())["features"]}
    for state in example.states:
        named = {word.strip("(),.") for word in state.note.split() if word.strip("(),.") in ids}
        assert named, state.title


def test_a_dated_file_round_trips_exactly(example, regions, tmp_path):
    out = tmp_path / "timeline.geojson"
    save_timeline(example, out)
    again = load_timeline(out, regions)
    assert fingerprint(again) == fingerprint(example)
    # Writing what was read gives the same bytes.
    assert timeline_to_geojson(again) == out.read_text()


def test_the_file_carries_qgis_temporal_fields_as_iso_strings(example, tmp_path):
    out = tmp_path / "timeline.geojson"
    save_timeline(example, out)
    data = json.loads(out.read_text())
    for feature in data["features"]:
        props = feature["properties"]
        assert "start_date" in props and "end_date" in props
        assert dt.date.fromisoformat(props["start_date"]).isoformat() == props["start_date"]
        assert props["end_date"] is None or props["end_date"] > props["start_date"]
    # QGIS shows at 1945-05-09 exactly the features whose span holds that day: the 1941 state's polities.
    day = "1945-05-09"
    shown = {
        f["properties"]["id"]
        for f in data["features"]
        if f["properties"]["start_date"] <= day
        and (f["properties"]["end_date"] is None or day < f["properties"]["end_date"])
    }
    assert shown == {"west", "east", "amur"}
    # A polity unchanged across states is one feature: the West from 1941 stays as it is in 1950.
    wests = [f["properties"] for f in data["features"] if f["properties"]["id"] == "west"]
    assert [(w["start_date"], w["end_date"]) for w in wests] == [
        ("1927-01-01", "1932-01-01"),
        ("1932-01-01", "1941-01-01"),
        ("1941-01-01", None),
    ]


def test_a_file_without_dates_is_one_state_and_is_written_unchanged(regions):
    path = resolve_scenario("default")
    timeline = load_timeline(path, regions)
    assert len(timeline.states) == 1 and not timeline.dated
    # Written exactly as the scenario itself is written (no dates, no states member).
    assert timeline_to_geojson(timeline) == scenario_to_geojson(timeline.states[0].scenario)
    plain = load_scenario(path, regions)
    assert timeline.states[0].scenario.owner == plain.owner and timeline.name == plain.name


def test_a_state_is_picked_by_date_and_a_plain_load_gives_the_latest_detached(regions):
    scenario, name = load_scenario_at(f"{EXAMPLE}@1945-05-09", regions)
    assert name == f"{EXAMPLE}@1945-05-09" and "amur" in scenario.polities
    latest = load_scenario(resolve_scenario(EXAMPLE), regions)
    assert latest.path is None and "timeline of 4 states" in latest.warnings[-1]
    assert latest.region_holdings("east") == load_scenario_at(f"{EXAMPLE}@1950-01-01", regions)[0].region_holdings(
        "east"
    )
    with pytest.raises(InputError, match="outside the timeline"):
        load_scenario_at(f"{EXAMPLE}@1900-01-01", regions)
    with pytest.raises(InputError, match="not an ISO 8601 date"):
        load_scenario_at(f"{EXAMPLE}@1941-13-01", regions)


def _dated_file(tmp_path, features):
    path = tmp_path / "bad.geojson"
    square = {"type": "Polygon", "coordinates": [[[30, 50], [31, 50], [31, 51], [30, 51], [30, 50]]]}
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "properties": p, "geometry": square} for p in features],
            }
        )
    )
    return path


def test_bad_dates_get_one_line_naming_the_file_and_the_feature(tmp_path, regions):
    path = _dated_file(tmp_path, [{"id": "a", "name": "A", "start_date": "1930-02-30"}])
    with pytest.raises(
        InputError, match=r"bad.geojson: feature 1 \(A\): start_date '1930-02-30' is not an ISO 8601 date"
    ):
        load_timeline(path, regions)
    path = _dated_file(tmp_path, [{"id": "a", "start_date": "1930-01-01", "end_date": "1929-01-01"}])
    with pytest.raises(InputError, match="end_date 1929-01-01 is not after start_date 1930-01-01"):
        load_timeline(path, regions)
    path = _dated_file(tmp_path, [{"id": "a", "start_date": "1930"}, {"id": "a", "start_date": "1931-06"}])
    with pytest.raises(InputError, match="two features of polity 'a' are valid on 1931-06-01"):
        load_timeline(path, regions)


def test_a_polity_left_without_land_in_a_state_reopens_without_land(example, regions, tmp_path):
    from sovsplit.model.editing.edits import reassign_regions
    from sovsplit.model.timeline.edits import add_state

    step = add_state(example, dt.date(1945, 9, 2), "Surrender")
    step.apply(example)
    try:
        scenario = example.states[3].scenario
        reassign_regions(scenario, scenario.region_holdings("amur")[0], "east").apply(scenario)
        out = tmp_path / "timeline.geojson"
        save_timeline(example, out)
        again = load_timeline(out, regions)
        assert [s.start for s in again.states][3] == dt.date(1945, 9, 2)
        # Written as an empty MultiPolygon (scenario_io), it reopens as a polity holding nothing.
        assert list(again.states[3].scenario.polities) == ["west", "east", "amur"]
        assert not again.states[3].scenario.parcels_of("amur")
        assert "amur" in again.states[2].scenario.polities
    finally:
        step.revert(example)


def test_a_geopackage_with_date_fields_written_by_a_gis_opens_as_the_same_states(example, regions, tmp_path):
    import geopandas as gpd
    import pandas as pd

    frame = gpd.read_file(resolve_scenario(EXAMPLE))
    # Real GPKG DateTime fields, as QGIS or geopandas write them (a missing end is NaT).
    frame["start_date"] = pd.to_datetime(frame["start_date"])
    frame["end_date"] = pd.to_datetime(frame["end_date"])
    frame["regions"] = frame["regions"].map(lambda ids: json.dumps(list(ids)))
    frame.to_file(tmp_path / "timeline.gpkg", driver="GPKG")
    again = load_timeline(tmp_path / "timeline.gpkg", regions)
    assert [s.start for s in again.states] == [s.start for s in example.states] and again.end is None
    for mine, theirs in zip(example.states, again.states):
        holdings = {pid: mine.scenario.region_holdings(pid) for pid in mine.scenario.polities}
        assert {pid: theirs.scenario.region_holdings(pid) for pid in theirs.scenario.polities} == holdings


def test_a_timeline_round_trips_through_a_geopackage_with_temporal_fields(example, regions, tmp_path):
    import pyogrio

    out = tmp_path / "timeline.gpkg"
    save_timeline(example, out)
    again = load_timeline(out, regions)
    assert fingerprint(again) == fingerprint(example)
    info = pyogrio.read_info(out, layer="polities")
    types = dict(zip(info["fields"], info["dtypes"]))
    # Real DateTime fields: QGIS's Temporal Controller ("separate fields for start and end date") reads them.
    assert types["start_date"].startswith("datetime64") and types["end_date"].startswith("datetime64")
    rows = pyogrio.read_dataframe(out, layer="polities", read_geometry=False)
    assert len(rows) == 9 and rows["end_date"].isna().sum() == 2  # the last state's two polities are open-ended
    # Each row keeps the statistics of its state: the East grows.
    east = rows[rows["id"] == "east"].sort_values("start_date")["area_km2"].tolist()
    assert east[0] < east[1] == east[2] < east[3]
    style = pyogrio.read_dataframe(out, layer="layer_styles", read_geometry=False)["styleQML"][0]
    assert all(f'value="{pid}"' in style for pid in ("west", "east", "amur"))
