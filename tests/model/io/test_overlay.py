"""Scenario files whose polities do not list their regions: the overlay gives the same parcels as the lists."""

from __future__ import annotations

import json

import pytest
import shapely

from sovsplit.benchmarks.overlay_inputs import (
    SOVIET_REPUBLICS,
    write_dense_border,
    write_regions_as_polities,
    write_republics,
)
from sovsplit.model.antimeridian import wrap
from sovsplit.model.io.overlay import overlay
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.stats import StatsEngine


@pytest.fixture(autouse=True)
def _fresh_cache(tmp_path, monkeypatch):
    """Every test computes its overlay (the parse and overlay caches live in a folder of its own)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _owners_by_region(scenario) -> dict[str, set]:
    owners: dict[str, set] = {}
    for pid, parcel in scenario.parcels.items():
        owners.setdefault(parcel.region_id, set()).add(scenario.owner[pid])
    return owners


def test_97_polities_without_lists_give_the_listed_parcels(regions, tmp_path):
    listed = load_scenario(write_regions_as_polities(tmp_path / "listed.geojson", listed=True), regions)
    bare_path = write_regions_as_polities(tmp_path / "bare.geojson", listed=False)
    assert "regions" not in json.loads(bare_path.read_text())["features"][0]["properties"]
    bare = load_scenario(bare_path, regions)
    assert _owners_by_region(bare) == _owners_by_region(listed)
    assert all(owners == {region} for region, owners in _owners_by_region(bare).items())
    listed_totals, bare_totals = StatsEngine(listed).totals(), StatsEngine(bare).totals()
    for polity in listed.polities:
        assert bare_totals[polity].area_km2 == pytest.approx(listed_totals[polity].area_km2, rel=1e-6)
    assert bare.warnings == []


def test_overlay_is_cached_by_content_and_keeps_the_shipped_region_objects(regions, tmp_path):
    geometries = [regions["KZ"].geometry, shapely.box(60.0, 50.0, 70.0, 60.0)]
    first = overlay(regions, geometries)
    again = overlay(regions, geometries)  # read back from disk
    assert [p.id for p in again.parcels] == [p.id for p in first.parcels]
    assert again.owner == first.owner
    assert next(p for p in again.parcels if p.id == "KZ").geometry is regions["KZ"].geometry
    for a, b in zip(first.parcels, again.parcels):
        assert shapely.equals_exact(a.geometry, b.geometry, tolerance=0.0)
    # The box cuts the Urals' oblasts into a piece for the second polity and an unclaimed rest.
    cut = {p.region_id for p in first.parcels if "/" in p.id}
    assert cut and all(r.startswith("RU") for r in cut)
    assert {first.owner[i] for i, p in enumerate(first.parcels) if p.region_id in cut} == {1, -1}


def test_earlier_polity_keeps_an_overlap_and_the_later_is_told(regions, tmp_path):
    kazakh = regions["KZ"].geometry
    both = shapely.union_all([kazakh, regions["UZ"].geometry])
    features = [
        {"type": "Feature", "properties": {"id": i}, "geometry": json.loads(shapely.to_geojson(wrap(g)))}
        for i, g in (("first", kazakh), ("second", both))
    ]
    path = tmp_path / "overlap.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    scenario = load_scenario(path, regions)
    assert scenario.owner["KZ"] == "first" and scenario.owner["UZ"] == "second"
    (warning,) = [w for w in scenario.warnings if "overlaps earlier polities" in w]
    overlap_km2 = float(warning.split(" by ")[1].split(" km²")[0].replace(",", ""))
    assert overlap_km2 == pytest.approx(regions.area_km2["KZ"], rel=0.01)


def test_a_denser_border_gives_the_default_scenarios_owners(regions, scenario, tmp_path):
    dense = load_scenario(write_dense_border(tmp_path / "dense.geojson", factor=3), regions)
    assert _owners_by_region(dense) == _owners_by_region(scenario)
    assert all("/" not in pid for pid in dense.parcels)


@pytest.mark.slow
def test_natural_earth_republics_load_measure_and_export(regions, tmp_path):
    from sovsplit.render.export import export_map
    from sovsplit.render.settings import ExportSettings

    scenario = load_scenario(write_republics(tmp_path / "republics.geojson"), regions)
    assert list(scenario.polities) == list(SOVIET_REPUBLICS)
    owners = _owners_by_region(scenario)
    # Natural Earth's borders are not the shipped ones: the republics' interiors are whole, their edges cut.
    for region, polity in (("RUMOW", "RUS"), ("RUSA", "RUS"), ("KZ", "KAZ"), ("UA", "UKR"), ("LT", "LTU")):
        assert polity in owners[region]
    assert owners["RUMOW"] == {"RUS"}
    # The pieces are an exact partition: every polity's territory is a coverage union that GEOS accepts.
    totals = StatsEngine(scenario).totals()
    assert sum(t.area_km2 for t in totals.values()) == pytest.approx(sum(regions.area_km2.values()), rel=1e-6)
    assert totals["RUS"].area_km2 == pytest.approx(17.1e6, rel=0.03)  # Russia, about 17.1 million km²
    for polity in scenario.polities:
        assert scenario.geometry_of(polity).is_valid
    # The unclaimed slivers between Natural Earth's coast and the shipped one unite without an error too.
    unclaimed = scenario.geometry_of(None)
    assert unclaimed.area == pytest.approx(sum(p.geometry.area for p in scenario.parcels_of(None)), rel=1e-6)
    out = export_map(scenario, ExportSettings(dpi=60, paper="A5"), tmp_path / "republics.png")
    assert out.stat().st_size > 10_000
