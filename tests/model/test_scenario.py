"""The default scenario on the shipped data: geodesic areas, an exact partition, lossless save and reload."""

import json

import numpy as np
import pytest
import shapely

from sovsplit.model.geodesy import area_km2
from sovsplit.model.io.scenario_io import load_scenario, save_scenario
from sovsplit.model.report import scenario_report
from sovsplit.model.stats import StatsEngine

EAST = {"RUSA", "RUMAG", "RUCHU", "RUKAM"}


def test_official_area_of_sakha_within_one_percent(regions):
    assert regions.area_km2["RUSA"] == pytest.approx(3_083_523, rel=0.01)


def test_default_scenario_has_the_east_without_vladivostok(scenario):
    assert set(scenario.polities) == {"west", "east"}
    assert scenario.polities["east"].capital == "Yakutsk"
    assert scenario.polities["west"].capital == "Moscow"
    whole, part = scenario.region_holdings("east")
    assert set(whole) == EAST and not part
    assert scenario.owner["RUPRI"] == "west"


def test_polity_areas_match_the_issue(scenario):
    report = scenario_report(scenario)
    area = {p.id: p.area_km2 for p in report.polities}
    assert area["east"] == pytest.approx(4.73e6, rel=0.01)
    assert area["west"] == pytest.approx(17.4e6, rel=0.01)
    # The two shares make the whole USSR.
    assert sum(p.share_of_ussr for p in report.polities) == pytest.approx(1.0)


def test_polities_never_overlap_and_together_make_the_ussr(scenario, regions):
    west, east = scenario.geometry_of("west"), scenario.geometry_of("east")
    assert area_km2(shapely.intersection(west, east)) < 1e-6
    assert area_km2(west) + area_km2(east) == pytest.approx(area_km2(regions.union), rel=1e-9)
    parcels = np.array([p.geometry for p in scenario.parcels.values()], dtype=object)
    assert shapely.coverage_is_valid(parcels)


def test_statistics_equal_a_direct_computation(scenario):
    """Cached per-region figures must equal computing the polity's territory from scratch."""
    totals = StatsEngine(scenario).totals()
    assert totals["east"].area_km2 == pytest.approx(area_km2(scenario.geometry_of("east")), rel=1e-9)
    from sovsplit.model.coast import coast_length_km

    assert totals["east"].coast_km == pytest.approx(coast_length_km(scenario.geometry_of("east")), rel=1e-6)


def test_save_and_reload_is_lossless(scenario, regions, tmp_path):
    path = tmp_path / "copy.geojson"
    scenario.annotations = [{"id": "note-1", "title": "A note", "text": "kept", "user": True}]
    save_scenario(scenario, path)
    again = load_scenario(path, regions)
    assert again.owner == scenario.owner
    assert again.polities == scenario.polities
    assert again.annotations == scenario.annotations
    assert again.name == scenario.name
    for pid in scenario.polities:
        assert area_km2(again.geometry_of(pid)) == pytest.approx(area_km2(scenario.geometry_of(pid)), rel=1e-12)
    save_scenario(again, tmp_path / "copy2.geojson")
    assert (tmp_path / "copy2.geojson").read_text() == path.read_text()


def test_saved_file_is_plain_rfc7946(scenario, tmp_path):
    path = tmp_path / "out.geojson"
    save_scenario(scenario, path)
    data = json.loads(path.read_text())
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 2
    for feature in data["features"]:
        assert {"id", "name", "capital", "colour", "regions"} <= set(feature["properties"])
        coords = shapely.get_coordinates(shapely.from_geojson(json.dumps(feature["geometry"])))
        assert coords[:, 0].min() >= -180 and coords[:, 0].max() <= 180


def test_borders_that_do_not_follow_regions_load_as_pieces(regions, tmp_path):
    """Any GeoJSON of polities loads: a straight border at 120°E cuts regions into pieces."""
    ussr = regions.union
    west = shapely.intersection(ussr, shapely.box(0, 0, 120, 90))
    east = shapely.intersection(ussr, shapely.box(120, 0, 200, 90))
    from sovsplit.model.antimeridian import wrap

    features = [
        {"type": "Feature", "properties": {"name": n}, "geometry": json.loads(shapely.to_geojson(wrap(g)))}
        for n, g in (("Cis-Lena", west), ("Trans-Lena", east))
    ]
    path = tmp_path / "straight.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    scenario = load_scenario(path, regions)
    assert any("/" in pid for pid in scenario.parcels)  # Sakha is cut in two
    totals = StatsEngine(scenario).totals()
    assert totals["Trans-Lena"].area_km2 == pytest.approx(area_km2(east), rel=1e-6)
    assert sum(t.area_km2 for t in totals.values()) == pytest.approx(area_km2(ussr), rel=1e-6)
