"""Checks on the shipped cities.geojson and ports.geojson (the files as committed, not a rebuild)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

GEODATA = Path(__file__).resolve().parents[2] / "geodata"

# GeoNames positions (lat, lon) of the cities the data contract requires.
REQUIRED_CITIES = {
    "Moscow": (55.75, 37.62),
    "Yakutsk": (62.03, 129.72),
    "Anadyr": (64.73, 177.51),
    "Petropavlovsk-Kamchatsky": (53.06, 158.63),
    "Batagay": (67.66, 134.64),
    "Magadan": (59.56, 150.80),
    "Vladivostok": (43.11, 131.87),
    "Kyiv": (50.45, 30.52),
    "Minsk": (53.90, 27.57),
    "Almaty": (43.25, 76.91),
    "Tashkent": (41.26, 69.22),
    "Ashgabat": (37.95, 58.38),
    "Bishkek": (42.87, 74.59),
    "Dushanbe": (38.54, 68.78),
    "Tbilisi": (41.69, 44.83),
    "Yerevan": (40.18, 44.51),
    "Baku": (40.38, 49.89),
    "Chisinau": (47.01, 28.86),
    "Vilnius": (54.69, 25.28),
    "Riga": (56.95, 24.11),
    "Tallinn": (59.44, 24.75),
    "Murmansk": (68.97, 33.10),
    "Arkhangelsk": (64.55, 40.55),
    "Saint Petersburg": (59.94, 30.31),
    "Kaliningrad": (54.71, 20.51),
    "Odesa": (46.49, 30.74),
    "Sevastopol": (44.61, 33.52),
    "Novorossiysk": (44.73, 37.76),
    "Astrakhan": (46.35, 48.04),
    "Nakhodka": (42.84, 132.92),
}
CITY_ROLES = {"capital", "republic capital", "scenario", "port", "city"}
BASINS = {"Pacific", "Arctic", "Baltic", "Black Sea", "Caspian"}
OUTLETS = {"Pacific", "Arctic", "Atlantic", None}


def load(name: str) -> list[dict]:
    return json.loads((GEODATA / name).read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def cities() -> dict[str, dict]:
    return {f["properties"]["name"]: f for f in load("cities.geojson")}


@pytest.fixture(scope="module")
def ports() -> dict[str, dict]:
    return {f["properties"]["name"]: f for f in load("ports.geojson")}


def test_required_cities_sit_where_geonames_puts_them(cities):
    for name, (lat, lon) in REQUIRED_CITIES.items():
        assert name in cities, name
        got_lon, got_lat = cities[name]["geometry"]["coordinates"]
        assert abs(got_lat - lat) < 0.2 and abs(got_lon - lon) < 0.2, name


def test_city_properties_follow_the_contract(cities):
    for name, feature in cities.items():
        props = feature["properties"]
        assert isinstance(props["geonameid"], int) and isinstance(props["population"], int), name
        assert len(props["country"]) == 2 and props["country"].isupper(), name
        assert props["roles"] and set(props["roles"]) <= CITY_ROLES, name
        assert props["rank"] in (1, 2, 3, 4), name


def test_label_ranks_put_the_two_capitals_first(cities):
    assert sorted(n for n, f in cities.items() if f["properties"]["rank"] == 1) == ["Moscow", "Yakutsk"]
    # Fifteen union republics, fifteen capitals (Moscow doubles as the RSFSR's).
    assert sum("republic capital" in f["properties"]["roles"] for f in cities.values()) == 15
    assert cities["Batagay"]["properties"]["rank"] == 2 and cities["Murmansk"]["properties"]["rank"] == 3


def test_enough_ports_with_every_attribute_typed(ports):
    assert len(ports) >= 30
    for name, feature in ports.items():
        props = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and 35 <= lat <= 80, name
        assert isinstance(props["locode"], str) and len(props["locode"]) == 5, name
        assert props["sea"] and props["notes"] and props["locode"] in props["source"], name
        assert props["basin"] in BASINS and props["ocean_outlet"] in OUTLETS, name
        assert isinstance(props["ice_free"], bool) and isinstance(props["rail"], bool), name
        assert isinstance(props["navigation_months"], int) and 1 <= props["navigation_months"] <= 12, name
        assert props["ice_free"] == (props["navigation_months"] == 12), name
    assert len({f["properties"]["locode"] for f in ports.values()}) == len(ports)


def test_every_basin_has_ports_and_the_caspian_has_no_outlet(ports):
    assert {f["properties"]["basin"] for f in ports.values()} == BASINS
    for feature in ports.values():
        props = feature["properties"]
        caspian = props["basin"] == "Caspian"
        assert (props["ocean_outlet"] is None) == caspian
        assert (props["sea_km_to_yokohama"] is None) == caspian and (props["sea_km_to_shanghai"] is None) == caspian


def test_ice_and_rail_facts(ports):
    # Vladivostok, Vanino and Magadan work all year, but only behind icebreakers; Nakhodka needs none.
    for name in ("Vladivostok", "Vanino", "Magadan", "Arkhangelsk", "Saint Petersburg"):
        assert ports[name]["properties"]["ice_class"] == "icebreaker", name
    assert ports["Vladivostok"]["properties"]["rail"] and ports["Nakhodka"]["properties"]["ice_free"]
    assert ports["Murmansk"]["properties"]["ice_free"] and ports["Murmansk"]["properties"]["rail"]
    for name in ("Magadan", "Anadyr", "Pevek", "Tiksi"):
        assert not ports[name]["properties"]["ice_free"], name
        assert not ports[name]["properties"]["rail"], name
    # Egvekinot lies east of 180°: it must be stored with a western longitude, not as 181°.
    assert ports["Egvekinot"]["geometry"]["coordinates"][0] < -178


ICE_CLASSES = {"ice-free", "icebreaker", "seasonal"}


def test_every_port_has_one_ice_class_and_a_source_for_it(ports):
    assert {"Provideniya", "Okhotsk", "De-Kastri"} <= set(ports)
    for name, feature in ports.items():
        props = feature["properties"]
        assert props["ice_class"] in ICE_CLASSES, name
        # ice_free stays for older readers and is exactly the ice-free class; only it has a 12-month season.
        assert props["ice_free"] == (props["ice_class"] == "ice-free") == (props["navigation_months"] == 12), name
        assert "ice class and season: " in props["source"], name
        assert len(props["source"].split("ice class and season: ", 1)[1]) > 20, name


# searoute's positions (lon, lat) of the two destinations the build routes to: Yokohama (JPYOK), Shanghai (CNSHA).
DESTINATIONS = {"sea_km_to_yokohama": (139.634516, 35.457551), "sea_km_to_shanghai": (121.497113, 31.400091)}


def great_circle_km(a, b) -> float:
    """Haversine distance on the mean-radius sphere searoute measures its routes on (6,371.0088 km)."""
    (lon1, lat1), (lon2, lat2) = (map(math.radians, a)), (map(math.radians, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_no_sea_route_is_shorter_than_the_great_circle(ports):
    checked = 0
    for name, feature in ports.items():
        for key, destination in DESTINATIONS.items():
            km = feature["properties"][key]
            if km is None:
                continue
            # 0.1 km: the file rounds lengths to one decimal.
            assert km + 0.1 >= great_circle_km(feature["geometry"]["coordinates"], destination), (name, key)
            checked += 1
    assert checked >= 2 * 40


def test_the_all_year_route_avoids_the_northern_sea_route(ports):
    for name, feature in ports.items():
        props = feature["properties"]
        for key in DESTINATIONS:
            if props[key] is None:
                assert props[f"{key}_all_year"] is None, name
                continue
            # Closing a passage can only lengthen a route; Pacific ports never use the Arctic one.
            assert props[f"{key}_all_year"] >= props[key], name
            if props["basin"] == "Pacific":
                assert props[f"{key}_all_year"] == props[key], name
    # In winter Murmansk reaches Japan only the long way round, through Suez.
    assert ports["Murmansk"]["properties"]["sea_km_to_yokohama_all_year"] > 20000


def test_arctic_ports_reach_the_pacific_through_the_bering_strait(ports):
    # Pevek to Yokohama is some 4,200 km in a straight line; the Suez way round was over 28,000 km.
    assert km_to_yokohama(ports, "Pevek") < 8000
    assert km_to_yokohama(ports, "Pevek") < km_to_yokohama(ports, "Murmansk") < km_to_yokohama(ports, "Odesa")


def km_to_yokohama(ports, name: str) -> float:
    return ports[name]["properties"]["sea_km_to_yokohama"]


def test_sea_distances_encode_geography(ports):
    # Vladivostok to Yokohama is about a thousand nautical miles across the Sea of Japan.
    assert 1500 < km_to_yokohama(ports, "Vladivostok") < 2000
    assert 1500 < ports["Vladivostok"]["properties"]["sea_km_to_shanghai"] < 2300
    # Going north up the Pacific coast takes you ever further from Japan.
    chain = [km_to_yokohama(ports, n) for n in ("Vladivostok", "Petropavlovsk-Kamchatsky", "Magadan", "Anadyr")]
    assert chain == sorted(chain)
    # Even the Northern Sea Route puts Murmansk over 8,000 km from Japan; the Suez route, far more.
    assert km_to_yokohama(ports, "Murmansk") > 8000
    # Every Pacific port is nearer to Japan than any Baltic or Black Sea port.
    pacific = max(km_to_yokohama(ports, n) for n, f in ports.items() if f["properties"]["basin"] == "Pacific")
    western = min(
        km_to_yokohama(ports, n) for n, f in ports.items() if f["properties"]["basin"] in ("Baltic", "Black Sea")
    )
    assert pacific < western
    # Odesa reaches Japan through Suez: roughly 9,000 nautical miles.
    assert 14000 < km_to_yokohama(ports, "Odesa") < 19000


def test_region_ids_when_present_name_shipped_regions(cities, ports):
    regions_path = GEODATA / "regions.geojson"
    features = list(cities.values()) + list(ports.values())
    with_region = [f for f in features if "region_id" in f["properties"]]
    if not with_region or not regions_path.exists():
        pytest.skip("region_id not written yet (regions.geojson was not built when the points were)")
    known = {f["properties"]["id"] for f in load("regions.geojson")}
    for feature in features:
        assert feature["properties"].get("region_id") in known, feature["properties"]["name"]
