"""The report's JSON form is exactly what dataclasses.asdict gives (minus the unknown optional figures), for
the default scenario, a known population and unclaimed land alike; it is built without asdict's deep copies."""

from __future__ import annotations

import dataclasses
import json

from sovsplit.model.report import ScenarioReport, scenario_report

_OPTIONAL = ("population", "density_per_km2", "unclaimed_km2")


def _reference(report: ScenarioReport):
    """The standard library's conversion, then the unknown optional figures left out."""

    def drop(value):
        if isinstance(value, dict):
            return {k: drop(v) for k, v in value.items() if not (k in _OPTIONAL and v is None)}
        if isinstance(value, list):
            return [drop(v) for v in value]
        return value

    return drop(dataclasses.asdict(report))


def test_json_of_the_default_scenario_is_asdict_without_unknowns(scenario):
    report = scenario_report(scenario)
    data = report.to_json()
    assert data == _reference(report)
    assert json.dumps(data) == json.dumps(_reference(report))  # same key order, same numbers
    assert "unclaimed_km2" not in data and data["polities"][0]["ports"]["count"] > 0


def test_json_with_a_known_population_and_unclaimed_land_is_asdict_without_unknowns(scenario):
    report = scenario_report(scenario)
    people = dataclasses.replace(report.polities[0], population=1_000_000, density_per_km2=2.5)
    changed = dataclasses.replace(report, polities=[people, *report.polities[1:]], unclaimed_km2=12.0)
    assert changed.to_json() == _reference(changed)
    assert changed.to_json()["polities"][0]["population"] == 1_000_000
