"""The typed statistics report: its JSON form keeps the documented keys and agrees with the records."""

from __future__ import annotations

import dataclasses
import json

import pytest

from sovsplit.model.annotations.rules import METRICS, MetricContext
from sovsplit.model.report import ScenarioReport, report_value, scenario_report
from sovsplit.model.stats import StatsEngine


@pytest.fixture(scope="module")
def report(regions) -> ScenarioReport:
    from sovsplit.model.io.scenario_io import load_scenario

    scenario = load_scenario(None, regions)
    return scenario_report(scenario, StatsEngine(scenario))


def test_json_form_has_the_keys_stats_has_always_printed(report):
    data = json.loads(json.dumps(report.to_json()))
    assert list(data) == ["scenario", "arable_model", "polities"]  # no unclaimed land in the default scenario
    east = next(p for p in data["polities"] if p["id"] == "east")
    assert list(east) == [
        "id",
        "name",
        "capital",
        "colour",
        "area_km2",
        "share_of_ussr",
        "coastline_km",
        "arable_km2",
        "arable_share",
        "ports",
        "regions",
    ]
    assert list(east["regions"][0]) == ["id", "name", "area_km2", "coastline_km", "arable_km2", "whole"]
    assert list(east["ports"]) == [
        "count",
        "year_round",
        "ice_free_pacific",
        "basins",
        "ocean_outlets",
        "longest_season_months",
        "to_japan",
        "to_china",
        "held",
        "with_icebreakers",  # added with the ports' ice classes (issue 13): after the keys it always had
    ]
    assert list(east["ports"]["to_japan"]) == ["port", "km", "year_round"]
    assert list(east["ports"]["held"][0]) == ["name", "locode", "basin", "ice_free", "navigation_months", "ice_class"]


def test_json_values_are_the_records_values(report):
    data = report.to_json()
    for polity, entry in zip(report.polities, data["polities"]):
        assert entry["area_km2"] == polity.area_km2
        assert entry["ports"]["to_china"]["km"] == polity.ports.to_china.km
        assert [r["id"] for r in entry["regions"]] == [r.id for r in polity.regions]


def test_a_known_population_appears_in_the_json(report):
    east = report.polity("east")
    with_people = dataclasses.replace(report, polities=[dataclasses.replace(east, population=7.9e6)])
    assert with_people.to_json()["polities"][0]["population"] == 7.9e6
    assert "population" not in report.to_json()["polities"][0]


def test_every_report_metric_path_resolves_on_the_typed_report(report, scenario):
    east = report.polity("east")
    assert report_value(east, "ports.to_japan.km") == east.ports.to_japan.km
    assert report_value(east, "area_km2") == east.area_km2
    assert report_value(east, "ports.nonexistent") is None
    context = MetricContext(scenario, report)
    for name in METRICS:
        if name.split(".")[0] in {"area_km2", "share_of_ussr", "coastline_km", "arable_km2", "arable_share", "ports"}:
            assert context.value(name, "east") is not None, name
