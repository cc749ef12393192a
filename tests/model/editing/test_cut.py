"""Cutting regions along a drawn line: exact pieces that can be given away one by one and survive saving."""

from __future__ import annotations

import pytest
import shapely
from partition import assert_partition, state

from sovsplit.model.editing import edits
from sovsplit.model.editing.cut import cut
from sovsplit.model.editing.edits import EditRefused
from sovsplit.model.geodesy import area_km2
from sovsplit.model.io.scenario_io import load_scenario, save_scenario
from sovsplit.model.report import scenario_report
from sovsplit.model.stats import StatsEngine

# West to east across Primorsky Krai, from Khanka's latitude to the Sea of Japan, well outside it at both ends.
ACROSS_PRIMORSKY = [(130.0, 44.6), (133.5, 44.4), (137.5, 44.2)]


def test_a_line_across_primorsky_cuts_it_into_pieces_that_cover_it(scenario, regions):
    snapshot = state(scenario)
    edit = cut(scenario, ACROSS_PRIMORSKY)
    assert edit.label == "Cut Primorsky Krai"
    edit.apply(scenario)
    pieces = [p for p in scenario.parcels.values() if p.region_id == "RUPRI"]
    assert len(pieces) >= 2
    assert all(p.id.startswith("RUPRI/") for p in pieces)
    assert all(scenario.owner[p.id] == "west" for p in pieces)
    assert sum(area_km2(p.geometry) for p in pieces) == pytest.approx(regions.area_km2["RUPRI"], rel=1e-6)
    # The line runs between the pieces: each one lies on one side of it.
    line = shapely.LineString(ACROSS_PRIMORSKY)
    for piece in pieces:
        assert shapely.intersection(line, piece.geometry.buffer(-1e-7)).length < 1e-6
    assert_partition(scenario)
    edit.revert(scenario)
    assert state(scenario) == snapshot


def test_a_piece_can_be_given_away_on_its_own(scenario, regions):
    cut(scenario, ACROSS_PRIMORSKY).apply(scenario)
    south = min((p for p in scenario.parcels.values() if p.region_id == "RUPRI"), key=lambda p: p.geometry.centroid.y)
    give = edits.reassign(scenario, [south.id], "east")
    assert give.label == "Give part of Primorsky Krai to East USSR"
    give.apply(scenario)
    report = scenario_report(scenario, StatsEngine(scenario))
    east = next(p for p in report.polities if p.id == "east")
    held = next(r for r in east.regions if r.id == "RUPRI")
    assert not held.whole
    assert 0 < held.area_km2 < regions.area_km2["RUPRI"]
    # Vladivostok is in the south of the krai.
    assert "Vladivostok" in [h.name for h in east.ports.held]
    assert_partition(scenario)


def test_cuts_that_split_nothing_are_refused(scenario):
    with pytest.raises(EditRefused):
        cut(scenario, [(133.0, 44.5), (133.5, 44.6)])  # starts and ends inside the krai
    with pytest.raises(EditRefused, match="crosses itself"):
        cut(scenario, [(130, 44), (137, 45), (137, 44), (130, 45)])
    with pytest.raises(EditRefused):
        cut(scenario, [(133.0, 44.5)])


def _holdings(scenario):
    """Per region and owner: the geodesic area held."""
    held = {}
    for pid, parcel in scenario.parcels.items():
        key = (parcel.region_id, scenario.owner[pid])
        held[key] = held.get(key, 0.0) + area_km2(parcel.geometry)
    return held


def test_pieces_survive_saving_and_reopening(scenario, regions, tmp_path):
    cut(scenario, ACROSS_PRIMORSKY).apply(scenario)
    south = min((p for p in scenario.parcels.values() if p.region_id == "RUPRI"), key=lambda p: p.geometry.centroid.y)
    edits.reassign(scenario, [south.id], "east").apply(scenario)
    path = tmp_path / "cut.geojson"
    save_scenario(scenario, path)
    reopened = load_scenario(path, regions)
    assert list(reopened.polities.values()) == list(scenario.polities.values())
    before, after = _holdings(scenario), _holdings(reopened)
    assert set(before) == set(after)
    for key, km2 in before.items():
        assert after[key] == pytest.approx(km2, rel=1e-6)
    assert {pid for pid in reopened.parcels if pid.startswith("RUPRI/")}
    assert_partition(reopened)
    assert not reopened.warnings
