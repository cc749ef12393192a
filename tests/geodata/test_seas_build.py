"""The shipped seas.geojson: what geodata/build/build_seas.py writes, every label point in open water."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
import shapely

GEODATA = Path(__file__).resolve().parents[2] / "geodata"
BUILD = GEODATA / "build" / "build_seas.py"
# The seas a map of the USSR must name (IHO S-23, 1953, in today's English), and the two inland seas.
REQUIRED = {
    "Arctic Ocean",
    "Pacific Ocean",
    "Baltic Sea",
    "Barents Sea",
    "White Sea",
    "Kara Sea",
    "Laptev Sea",
    "East Siberian Sea",
    "Chukchi Sea",
    "Bering Sea",
    "Sea of Okhotsk",
    "Sea of Japan",
    "Black Sea",
    "Sea of Azov",
    "Caspian Sea",
    "Aral Sea",
}


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("build_seas", BUILD)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_shipped_file_is_what_the_build_writes(build):
    shipped = json.loads((GEODATA / "seas.geojson").read_text(encoding="utf-8"))
    assert shipped == build.build()
    names = [f["properties"]["name"] for f in shipped["features"]]
    assert set(names) == REQUIRED and len(names) == len(set(names))
    kinds = {f["properties"]["name"]: f["properties"]["kind"] for f in shipped["features"]}
    assert kinds["Caspian Sea"] == kinds["Aral Sea"] == "lake" and kinds["Arctic Ocean"] == "ocean"


def test_every_label_point_lies_in_open_water(build):
    land = build.land()
    for feature in json.loads((GEODATA / "seas.geojson").read_text(encoding="utf-8"))["features"]:
        point = shapely.geometry.shape(feature["geometry"])
        assert not land.intersects(point), feature["properties"]["name"]
        assert land.distance(point) >= build.MIN_CLEARANCE_DEG, feature["properties"]["name"]


def test_a_point_on_land_is_refused(build, monkeypatch):
    monkeypatch.setattr(build, "SEAS", [("Lake Moscow", None, "lake", 3, 37.62, 55.75)])
    with pytest.raises(SystemExit, match="Lake Moscow"):
        build.build()
