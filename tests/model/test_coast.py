"""Coast of cut pieces from the shared-edge index: pieces of a region share out exactly the region's coast."""

from __future__ import annotations

import pytest
import shapely

from sovsplit.model.coast import coast_length_km, region_coast_km
from sovsplit.model.io.overlay import overlay


@pytest.fixture(autouse=True)
def _fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_pieces_of_a_cut_region_share_out_its_coast(regions):
    # A box across Primorsky Krai's coast and another across the Kola coast cut both regions in two.
    cuts = overlay(regions, [shapely.box(128.0, 40.0, 133.0, 50.0), shapely.box(20.0, 60.0, 34.0, 72.0)])
    coast = region_coast_km(regions)
    by_region: dict[str, list] = {}
    for parcel in cuts.parcels:
        if "/" in parcel.id:
            by_region.setdefault(parcel.region_id, []).append(parcel.geometry)
    assert {"RUPRI", "RUMUR"} <= set(by_region)
    for region, pieces in by_region.items():
        assert sum(coast_length_km(g) for g in pieces) == pytest.approx(coast[region], rel=1e-9, abs=1e-6)
    # Both of Primorsky's pieces reach the sea (Vladivostok's bay inside the box, the rest outside).
    assert all(coast_length_km(g) > 100 for g in by_region["RUPRI"])


def test_whole_regions_and_their_unions_measure_their_region_coast(regions):
    coast = region_coast_km(regions)
    assert coast_length_km(regions["RUPRI"].geometry) == pytest.approx(coast["RUPRI"], rel=1e-12)
    far_east = shapely.coverage_union_all([regions[r].geometry for r in ("RUPRI", "RUKHA", "RUMAG")])
    # Shared borders are not coast: the union's coast is the sum of the three.
    assert coast_length_km(far_east) == pytest.approx(sum(coast[r] for r in ("RUPRI", "RUKHA", "RUMAG")), rel=1e-9)
    assert coast_length_km(regions["KG"].geometry) == 0.0  # Kyrgyzstan has no sea coast


def test_land_borders_are_the_boundary_without_the_coastline(scenario):
    from sovsplit.model import reference
    from sovsplit.model.coast import land_border_lines
    from sovsplit.model.geodesy import length_km

    for polity in scenario.polities:
        territory = scenario.geometry_of(polity)
        by_overlay = shapely.difference(territory.boundary, reference.coastline())
        borders = land_border_lines(territory)
        assert length_km(borders) == pytest.approx(length_km(by_overlay), rel=1e-9)
        assert shapely.hausdorff_distance(borders, by_overlay) < 1e-9
    # An inland republic's whole boundary is land border.
    kyrgyz = scenario.regions["KG"].geometry
    assert length_km(land_border_lines(kyrgyz)) == pytest.approx(length_km(kyrgyz), rel=1e-9)
