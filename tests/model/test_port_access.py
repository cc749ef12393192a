"""Port access per polity on the shipped data: who holds which port, year-round Pacific access, sea routes."""

from __future__ import annotations

import json

import pytest

from sovsplit.model import reference
from sovsplit.model.io.resources import geodata_path
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.port_access import SeaRoute, port_access
from sovsplit.model.report import scenario_report
from sovsplit.model.stats import StatsEngine


def _ports_file() -> dict[str, dict]:
    """ports.geojson read directly (not through the model), by name."""
    data = json.loads(geodata_path("ports.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["name"]: f["properties"] for f in data["features"]}


def _held(report) -> dict[str, set[str]]:
    return {p.name: {h.name for h in p.ports.held} for p in report.polities}


@pytest.fixture(scope="module")
def default_report(regions):
    scenario = load_scenario(None, regions)
    return scenario_report(scenario, StatsEngine(scenario))


@pytest.fixture(scope="module")
def primorsky_report(regions):
    scenario = load_scenario(geodata_path("scenarios/east-with-primorsky.geojson"), regions)
    return scenario_report(scenario, StatsEngine(scenario))


def test_vladivostok_is_in_the_west_not_the_east_by_default(default_report):
    held = _held(default_report)
    assert "Vladivostok" in held["West USSR"]
    assert "Vladivostok" not in held["East USSR"]


def test_the_easts_own_ports_are_in_the_east_by_default(default_report):
    held = _held(default_report)
    for port in ("Petropavlovsk-Kamchatsky", "Magadan", "Anadyr"):
        assert port in held["East USSR"], port
        assert port not in held["West USSR"], port


def test_every_shipped_port_has_exactly_one_holder(default_report):
    held = _held(default_report)
    names = list(_ports_file())
    assert sorted(held["West USSR"] | held["East USSR"]) == sorted(names)
    assert not held["West USSR"] & held["East USSR"]
    assert sum(p.ports.count for p in default_report.polities) == len(names)


def test_year_round_counts_follow_the_ice_flags(default_report):
    ports = _ports_file()
    for polity in default_report.polities:
        names = {h.name for h in polity.ports.held}
        assert polity.ports.year_round == sum(bool(ports[n]["ice_free"]) for n in names)
        assert polity.ports.longest_season_months == max(ports[n]["navigation_months"] for n in names)


def test_primorsky_gives_the_east_vladivostok_and_a_year_round_pacific_port(primorsky_report):
    held = _held(primorsky_report)
    assert "Vladivostok" in held["East USSR"] and "Vladivostok" not in held["West USSR"]
    east = next(p for p in primorsky_report.polities if p.name == "East USSR")
    assert east.ports.ice_free_pacific is True
    ports = _ports_file()
    year_round = [n for n in held["East USSR"] if ports[n]["ice_free"]]
    # Vladivostok works all year only behind icebreakers; Primorsky's ice-free ports are Nakhodka and Vostochny.
    assert ports["Vladivostok"]["ice_class"] == "icebreaker" and "Vladivostok" not in year_round
    assert {"Nakhodka", "Vostochny"} <= set(year_round)
    assert east.ports.with_icebreakers == sum(ports[n]["ice_class"] == "icebreaker" for n in held["East USSR"])
    best = min(year_round, key=lambda n: ports[n]["sea_km_to_shanghai_all_year"])
    assert best in ("Nakhodka", "Vostochny")
    assert east.ports.to_china == SeaRoute(best, ports[best]["sea_km_to_shanghai_all_year"], True)


def test_the_variant_shortens_the_easts_route_to_japan(default_report, primorsky_report):
    def east_km(report):
        return next(p for p in report.polities if p.name == "East USSR").ports.to_japan.km

    assert east_km(primorsky_report) < east_km(default_report)


def _index(name: str) -> int:
    return next(i for i, p in enumerate(reference.ports()) if p["name"] == name)


def test_seasonal_ports_only_give_a_seasonal_route():
    ports = _ports_file()
    access = port_access([_index("Magadan"), _index("Anadyr")])
    assert access.year_round == 0 and access.ice_free_pacific is False
    assert access.basins == ["Pacific"] and access.ocean_outlets == ["Pacific"]
    assert access.longest_season_months == max(
        ports["Magadan"]["navigation_months"], ports["Anadyr"]["navigation_months"]
    )
    closest = min(("Magadan", "Anadyr"), key=lambda n: ports[n]["sea_km_to_yokohama"])
    assert access.to_japan == SeaRoute(closest, ports[closest]["sea_km_to_yokohama"], False)


def test_caspian_ports_reach_no_ocean():
    access = port_access([_index("Baku"), _index("Astrakhan")])
    assert access.basins == ["Caspian"]
    assert access.ocean_outlets == []
    assert access.to_japan is None and access.to_china is None
    assert access.ice_free_pacific is False
