"""Checks on the shipped regions, neighbours and coastline (the files as committed, not a rebuild)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pyproj
import pytest
import shapely

GEODATA = Path(__file__).resolve().parents[2] / "geodata"
GEOD = pyproj.Geod(ellps="WGS84")

CITIES = [
    ("Moscow", 55.7558, 37.6173, "RUMOW"),
    ("Yakutsk", 62.0355, 129.6755, "RUSA"),
    ("Anadyr", 64.7337, 177.5089, "RUCHU"),
    ("Petropavlovsk-Kamchatsky", 53.0452, 158.6483, "RUKAM"),
    ("Batagay", 67.656, 134.635, "RUSA"),
    ("Magadan", 59.5682, 150.8085, "RUMAG"),
    ("Vladivostok", 43.1056, 131.8735, "RUPRI"),
    ("Kyiv", 50.4501, 30.5234, "UA"),
    ("Tbilisi", 41.7151, 44.8271, "GE"),
    ("Tallinn", 59.4370, 24.7536, "EE"),
    ("Baku", 40.4093, 49.8671, "AZ"),
]


def unwrap(geom: shapely.Geometry) -> shapely.Geometry:
    """Undo the 180° cut: parts lying wholly west of -168° go back east of 180°."""
    parts = [
        shapely.transform(p, lambda c: c + np.array([360.0, 0.0])) if p.bounds[2] < -168.0 else p
        for p in shapely.get_parts(geom)
    ]
    return shapely.union_all(parts)


def area_km2(geom: shapely.Geometry) -> float:
    return abs(GEOD.geometry_area_perimeter(shapely.orient_polygons(geom))[0]) / 1e6


@pytest.fixture(scope="module")
def regions() -> gpd.GeoDataFrame:
    frame = gpd.read_file(GEODATA / "regions.geojson")
    frame["unwrapped"] = [unwrap(g) for g in frame.geometry]
    return frame.set_index("id", drop=False)


def test_97_unique_units_with_contract_properties(regions):
    assert len(regions) == 97
    assert regions["id"].is_unique
    assert set(regions["kind"]) == {"federal subject", "union republic"}
    assert (regions["kind"] == "federal subject").sum() == 83
    assert set(regions["republic_id"]) == {
        "RU",
        "UA",
        "BY",
        "KZ",
        "UZ",
        "TM",
        "KG",
        "TJ",
        "GE",
        "AM",
        "AZ",
        "MD",
        "LT",
        "LV",
        "EE",
    }
    assert regions.loc["RUSA", "name"] == "Sakha Republic"
    assert regions.loc["UA", "republic"] == "Ukrainian SSR"
    assert regions.loc["RUPRI", "republic"] == "Russian SFSR"


def test_rfc7946_longitudes(regions):
    bounds = regions.geometry.bounds
    assert bounds["minx"].min() >= -180.0 and bounds["maxx"].max() <= 180.0


def test_unwrapped_regions_form_a_clean_coverage(regions):
    geoms = np.array(list(regions["unwrapped"]), dtype=object)
    assert all(g.is_valid for g in geoms)
    assert shapely.coverage_is_valid(geoms)
    assert all(e.is_empty for e in shapely.coverage_invalid_edges(geoms))


def test_sakha_area_matches_official_figure(regions):
    assert area_km2(regions.loc["RUSA", "unwrapped"]) == pytest.approx(3_083_523, rel=0.01)


def test_ussr_area_is_plausible(regions):
    total = sum(area_km2(g) for g in regions["unwrapped"])
    # 22.4 million km² officially, which counts the White Sea and the Sea of Azov as land area.
    assert 21.8e6 < total < 22.5e6


@pytest.mark.parametrize("name,lat,lon,region_id", CITIES)
def test_city_lies_in_its_region(regions, name, lat, lon, region_id):
    point = shapely.Point(lon, lat)
    holders = [i for i, g in zip(regions["id"], regions.geometry) if g.covers(point)]
    assert holders == [region_id], name


def test_neighbours_do_not_overlap_the_ussr(regions):
    neighbours = gpd.read_file(GEODATA / "neighbours.geojson")
    assert neighbours["id"].is_unique and {"CN", "MN", "FI", "NO", "TR", "IR"} <= set(neighbours["id"])
    ussr = shapely.union_all(list(regions["unwrapped"]))
    overlap = sum(area_km2(unwrap(g).intersection(ussr)) for g in neighbours.geometry)
    assert overlap < 1.0  # km²: only rounding to five decimals may leave anything


def test_coastline_is_made_of_region_vertices_and_plausibly_long(regions):
    coast = gpd.read_file(GEODATA / "coastline.geojson")
    assert set(coast.geom_type) == {"MultiLineString"}
    assert {"arctic", "pacific", "baltic", "black_sea", "caspian"} == set(coast["id"])
    coast_vertices = set(map(tuple, shapely.get_coordinates(list(coast.geometry)).tolist()))
    region_vertices = set(map(tuple, shapely.get_coordinates(list(regions.geometry)).tolist()))
    assert coast_vertices <= region_vertices
    length_km = sum(GEOD.geometry_length(g) for g in coast.geometry) / 1e3
    # About 100,000 km at 1:1,000,000 with every Arctic island; land borders would push it far higher.
    assert 80_000 < length_km < 120_000
    caspian_km = GEOD.geometry_length(coast.set_index("id").loc["caspian", "geometry"]) / 1e3
    assert 4_000 < caspian_km < 9_000
