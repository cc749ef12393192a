"""Territories and their projection kept on disk for print: read back exactly as united and projected afresh,
and worked out again when the parcels change hands."""

from __future__ import annotations

import shapely

from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.projections import DEFAULT_PROJECTION
from sovsplit.render.geometry import projected
from sovsplit.render.print_territory import warm_territories


def _same(a, b) -> bool:
    return shapely.to_wkb(a) == shapely.to_wkb(b)


def test_stored_territories_and_projections_equal_fresh_ones(tmp_path, monkeypatch, regions):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    warm_territories(load_scenario(None, regions), DEFAULT_PROJECTION)  # worked out and stored
    stored = load_scenario(None, regions)
    warm_territories(stored, DEFAULT_PROJECTION)  # read back
    fresh = load_scenario(None, regions)
    for polity_id in list(fresh.polities) + [None]:
        mine, theirs = stored.geometry_of(polity_id), fresh.geometry_of(polity_id)
        assert mine is not theirs and _same(mine, theirs)
        if not theirs.is_empty:
            assert _same(projected(mine, DEFAULT_PROJECTION), projected(theirs, DEFAULT_PROJECTION))


def test_a_region_changing_hands_is_united_afresh(tmp_path, monkeypatch, regions):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    warm_territories(load_scenario(None, regions), DEFAULT_PROJECTION)
    edited, fresh = load_scenario(None, regions), load_scenario(None, regions)
    west = next(pid for pid, owner in edited.owner.items() if owner == "west")
    for scenario in (edited, fresh):
        scenario.set_owners({west: "east"})
    warm_territories(edited, DEFAULT_PROJECTION)
    for polity_id in ("west", "east"):
        assert _same(edited.geometry_of(polity_id), fresh.geometry_of(polity_id))
