"""Scenario comparison on shipped data and on hand-drawn borders: deltas equal the land that changed hands."""

import json

import pytest
import shapely
from shapely.geometry import box

from sovsplit.model.antimeridian import wrap
from sovsplit.model.compare.comparison import compare_scenarios
from sovsplit.model.compare.output import comparison_csv, comparison_dict
from sovsplit.model.compare.transfers import SLIVER_KM2
from sovsplit.model.geodesy import area_km2
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.io.shipped_scenarios import resolve_scenario


def drawn_box(west, south, east, north):
    """A box drawn as a user would: a vertex every ~1 km. Geodesic areas read each edge as a geodesic, so a
    bare 4-corner box would bulge poleward and its pieces would not add up to it when a border splits an edge."""
    return shapely.segmentize(box(west, south, east, north), 0.01)


# Around Vanino on the Tatar Strait: Khabarovsk Krai only (checked below), away from Primorsky and Sakhalin.
KHABAROVSK_BOX = drawn_box(138.5, 48.8, 140.9, 50.5)


def write_polities(path, polities):
    """A GeoJSON file of polities drawn with shapely: [(properties, geometry in unwrapped lon/lat)]."""
    features = [
        {"type": "Feature", "properties": props, "geometry": json.loads(shapely.to_geojson(wrap(geom)))}
        for props, geom in polities
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def assert_pieces_add_up(comparison):
    """Σ transfers into a polity − Σ out of it = its area delta, for every polity and scenario."""
    for index in range(1, len(comparison.scenarios)):
        moved = [t for t in comparison.transfers if t.scenario_index == index]
        for row in comparison.polities:
            delta = row.deltas["area_km2"][index]
            if delta is None:  # absent from one side: compare against zero area
                before = row.metrics["area_km2"][0] or 0.0
                delta = (row.metrics["area_km2"][index] or 0.0) - before
            net = sum(t.area_km2 for t in moved if t.to_id == row.id) - sum(
                t.area_km2 for t in moved if t.from_id == row.id
            )
            # Slivers left out, plus a relative 1e-5: a cut through a long straight region edge (the border
            # across Lake Khanka) adds a vertex, and the geodesic through it moves by ~0.1 km².
            moved_km2 = sum(t.area_km2 for t in moved if row.id in (t.from_id, t.to_id))
            tolerance = 0.01 + comparison.sliver_km2[index] + 1e-5 * moved_km2
            assert net == pytest.approx(delta, abs=tolerance), (row.name, index)


@pytest.fixture(scope="module")
def shipped(regions):
    default = load_scenario(resolve_scenario("default"), regions)
    variant = load_scenario(resolve_scenario("east-with-primorsky"), regions)
    return compare_scenarios([default, variant])


@pytest.fixture(scope="module")
def khabarovsk(regions):
    return regions.find("Khabarovsk Krai")


@pytest.fixture(scope="module")
def moved_border_file(tmp_path_factory, regions, khabarovsk):
    """The default scenario redrawn by hand: the East's border pushed into a box of Khabarovsk Krai."""
    default = load_scenario(None, regions)
    grab = shapely.intersection(KHABAROVSK_BOX, default.geometry_of("west"))
    east = shapely.union_all([default.geometry_of("east"), grab])
    west = shapely.difference(default.geometry_of("west"), KHABAROVSK_BOX)
    path = tmp_path_factory.mktemp("borders") / "east-to-vanino.geojson"
    return write_polities(
        path,
        [
            ({"id": "west", "name": "West USSR", "capital": "Moscow"}, west),
            ({"id": "east", "name": "East USSR", "capital": "Yakutsk"}, east),
        ],
    )


def test_primorsky_variant_moves_exactly_primorsky_to_the_east(shipped, regions):
    primorsky = regions.find("Primorsky Krai")
    expected = area_km2(primorsky.geometry)
    assert 150_000 < expected < 175_000
    east, west = shipped.polity("east"), shipped.polity("west")
    assert east.deltas["area_km2"][1] == pytest.approx(expected, abs=0.01)
    assert west.deltas["area_km2"][1] == pytest.approx(-expected, abs=0.01)
    assert east.delta_percent["area_km2"][1] == pytest.approx(100 * expected / east.metrics["area_km2"][0])
    [transfer] = shipped.transfers
    assert (transfer.from_id, transfer.to_id) == ("west", "east")
    assert transfer.area_km2 == pytest.approx(expected, abs=0.01)
    assert transfer.region_names == ["Primorsky Krai"] and transfer.regions[0].whole
    assert {"Vladivostok", "Nakhodka"} <= set(transfer.ports)
    assert "+Vladivostok" in east.deltas["ports_held"][1] and "-Vladivostok" in west.deltas["ports_held"][1]
    assert east.deltas["ports"][1] == len(transfer.ports)
    assert transfer.arable_km2 > 0
    assert east.deltas["arable_km2"][1] == pytest.approx(transfer.arable_km2, rel=1e-9, abs=1e-6)
    assert shipped.unmatched == []
    assert area_km2(transfer.geometry) == pytest.approx(expected, rel=1e-9)


def test_shipped_variant_pieces_add_up(shipped):
    assert_pieces_add_up(shipped)


def test_hand_drawn_border_delta_is_the_box_in_khabarovsk(regions, khabarovsk, moved_border_file):
    hits = {
        regions.regions[int(i)].name
        for i in regions.tree.query(KHABAROVSK_BOX, predicate="intersects")
        if area_km2(shapely.intersection(KHABAROVSK_BOX, regions.regions[int(i)].geometry)) > 0.01
    }
    assert hits == {"Khabarovsk Krai"}, "the test box must lie in Khabarovsk Krai and the sea only"
    expected = area_km2(shapely.intersection(KHABAROVSK_BOX, khabarovsk.geometry))
    assert expected > 10_000
    comparison = compare_scenarios([load_scenario(None, regions), load_scenario(moved_border_file, regions)])
    east = comparison.polity("east")
    assert east.deltas["area_km2"][1] == pytest.approx(expected, rel=1e-6)
    [transfer] = comparison.transfers
    assert (transfer.from_id, transfer.to_id) == ("west", "east")
    assert transfer.area_km2 == pytest.approx(expected, rel=1e-6)
    assert transfer.region_names == ["Khabarovsk Krai"] and not transfer.regions[0].whole
    assert transfer.ports == ["Vanino"]
    assert "+Vanino" in east.deltas["ports_held"][1]
    assert_pieces_add_up(comparison)


def test_polity_overlay_agrees_with_the_region_overlay(regions, moved_border_file):
    scenarios = [
        load_scenario(None, regions),
        load_scenario(moved_border_file, regions),
        load_scenario(resolve_scenario("east-with-primorsky"), regions),
    ]
    by_regions = compare_scenarios(scenarios, method="regions")
    by_overlay = compare_scenarios(scenarios, method="overlay")
    assert_pieces_add_up(by_overlay)

    def summary(c):
        return sorted(
            (t.scenario_index, t.from_id, t.to_id, tuple(t.ports), tuple(t.region_names)) for t in c.transfers
        )

    assert summary(by_regions) == summary(by_overlay)
    for a, b in zip(
        sorted(by_regions.transfers, key=lambda t: (t.scenario_index, t.area_km2)),
        sorted(by_overlay.transfers, key=lambda t: (t.scenario_index, t.area_km2)),
    ):
        assert a.area_km2 == pytest.approx(b.area_km2, abs=SLIVER_KM2 + 0.01)


def test_borders_that_follow_no_region_and_unmatched_polities(tmp_path, regions):
    """Polities matched by name (any case) or reported unmatched; an unclaimed gap is a party too."""
    default = load_scenario(None, regions)
    primorsky = regions.find("Primorsky Krai").geometry
    cut = drawn_box(128.0, 40.0, 136.0, 44.5)  # the south of Primorsky: Vladivostok and Nakhodka
    republic = shapely.intersection(primorsky, cut)
    gap = drawn_box(60.0, 55.0, 62.0, 56.0)  # near Yekaterinburg: left to nobody
    path = write_polities(
        tmp_path / "far-eastern-republic.geojson",
        [
            ({"id": "stalin", "name": "WEST ussr"}, shapely.difference(default.geometry_of("west"), cut.union(gap))),
            ({"id": "east", "name": "East USSR"}, default.geometry_of("east")),
            ({"id": "fer", "name": "Far Eastern Republic"}, republic),
        ],
    )
    comparison = compare_scenarios([default, load_scenario(path, regions)])
    west = comparison.polity("west")
    assert west.ids == ["west", "stalin"]
    assert any("Far Eastern Republic" in m for m in comparison.unmatched)
    fer = comparison.polity("fer")
    assert fer.ids == [None, "fer"] and fer.metrics["area_km2"][0] is None
    gap_km2 = area_km2(shapely.intersection(gap, regions.union))
    to_fer = [t for t in comparison.transfers if t.to_id == "fer"]
    assert [(t.from_id, round(t.area_km2)) for t in to_fer] == [("west", round(area_km2(republic)))]
    assert {"Vladivostok", "Nakhodka"} <= set(to_fer[0].ports)
    to_nobody = [t for t in comparison.transfers if t.to_id is None]
    assert len(to_nobody) == 1 and to_nobody[0].area_km2 == pytest.approx(gap_km2, rel=1e-6)
    assert comparison.polity(None).metrics["area_km2"][1] == pytest.approx(gap_km2, rel=1e-6)
    assert west.deltas["area_km2"][1] == pytest.approx(-(area_km2(republic) + gap_km2), rel=1e-5)
    assert_pieces_add_up(comparison)
    # The report names the unmatched polity in every output format.
    assert comparison_dict(comparison)["unmatched"] == comparison.unmatched
    assert "Far Eastern Republic" in comparison_csv(comparison).split("unmatched", 1)[1]


def test_a_polity_missing_from_a_scenario_is_reported(tmp_path, regions):
    default = load_scenario(None, regions)
    path = write_polities(tmp_path / "one-union.geojson", [({"id": "ussr", "name": "USSR"}, regions.union)])
    comparison = compare_scenarios([default, load_scenario(path, regions)])
    assert len(comparison.unmatched) == 3  # USSR is new; West and East have no match
    assert comparison.polity("west").metrics["area_km2"][1] is None
    moved = {(t.from_id, t.to_id) for t in comparison.transfers}
    assert moved == {("west", "ussr"), ("east", "ussr")}


def test_a_comparison_needs_two_scenarios(regions):
    with pytest.raises(ValueError):
        compare_scenarios([load_scenario(None, regions)])


def test_population_moves_with_the_land_that_changes_hands(regions):
    from sovsplit.model.population import PopulationTable

    # The same density everywhere, so the East's gain in people is that density times its gain in km².
    table = PopulationTable({r: round(10.0 * regions.area_km2[r]) for r in regions.ids}, "test table")
    scenarios = [load_scenario(resolve_scenario(name), regions) for name in ("default", "east-with-primorsky")]
    comparison = compare_scenarios(scenarios, population=table)
    east = comparison.polity("east")
    assert east.metrics["population"][0] == sum(table.by_region[r] for r, o in _owners(scenarios[0]) if o == "east")
    assert east.deltas["population"][1] == table.by_region["RUPRI"]
    assert east.deltas["population"][1] == pytest.approx(10.0 * east.deltas["area_km2"][1], rel=1e-3)
    west = comparison.polity("west")
    assert west.deltas["population"][1] == -table.by_region["RUPRI"]


def _owners(scenario):
    return [(scenario.parcels[pid].region_id, owner) for pid, owner in scenario.owner.items()]
