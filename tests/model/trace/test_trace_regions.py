"""Regions from colours on images drawn with PIL (three polities, black borders, labels, JPEG), refinement."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from sovsplit.model.geodesy import area_km2
from sovsplit.model.report import scenario_report
from sovsplit.model.trace.assign import UNMAPPED, Target, trace_regions
from sovsplit.model.trace.colours import cluster_colours
from sovsplit.model.trace.frame import resolve_frame
from sovsplit.model.trace.georef import Georeference
from sovsplit.model.trace.image import load_image, rgb_to_lab
from sovsplit.model.trace.points import ControlPoint, parse_gcp
from sovsplit.model.trace.refine import refine_georef
from sovsplit.model.trace.scenario_edit import trace_edit
from sovsplit.model.trace.split import trace_cut
from trace_images import BUFFER, EAST, SEA, SPLIT, WEST, draw_map, three_way

CITIES = ["Moscow", "Yakutsk", "Tashkent", "Norilsk"]
TARGETS = (Target("Western Union", WEST), Target("Buffer State", BUFFER), Target("Eastern Republic", EAST))


@pytest.fixture(scope="module")
def drawn(tmp_path_factory, regions):
    """Draw (and cluster) each test image once per module: (frame, split, width) → (drawing, image, palette)."""
    cache = {}

    def get(frame="EPSG:4326", split=None, width=900):
        if (frame, split, width) not in cache:
            path = tmp_path_factory.mktemp("trace") / "map.jpg"
            drawing = draw_map(path, regions, three_way(regions), frame=frame, width=width, split=split)
            image = load_image(drawing.path)
            cache[frame, split, width] = (drawing, image, cluster_colours(image))
        return cache[frame, split, width]

    return get


def _traced(drawn, regions, frame, split=None):
    drawing, image, palette = drawn(frame, split)
    georef = Georeference(
        image.width, image.height, resolve_frame(frame), tuple(parse_gcp(drawing.gcp(c)) for c in CITIES)
    )
    colours = TARGETS + ((Target("Split", SPLIT),) if split else ())
    mapping = {palette.nearest_colour(t.colour)[0].index: i for i, t in enumerate(colours)}
    assert len(mapping) == len(colours)  # every drawn colour is a swatch of its own
    return drawing, image, georef, palette, trace_regions(image, georef, palette, mapping, colours, regions)


@pytest.mark.parametrize("frame", ["EPSG:4326", "laea-north"])
def test_three_polity_map_gives_the_true_areas(drawn, regions, scenario, frame):
    _, _, georef, palette, result = _traced(drawn, regions, frame)
    assert georef.rms_km < 1e-3
    truth = three_way(regions)
    assert {r.region_id for r in result.regions} == set(regions.ids)  # every region assigned or uncertain
    wrong = [
        r.region_id for r in result.regions if r.target is not None and TARGETS[r.target].colour != truth[r.region_id]
    ]
    assert wrong == []
    edit = trace_edit(scenario, result, include_uncertain=True, drop_emptied=True, source="map.jpg")
    edit.apply(scenario)
    polities = scenario_report(scenario).polities
    report = {p.name: p.area_km2 for p in polities}
    # Only regions too small to show a colour at this scale (no samples at all) stay with the base polities.
    blank = {r.region_id for r in result.uncertain if r.best is None}
    left = [g.id for p in polities if p.name not in {t.name for t in TARGETS} for g in p.regions]
    assert set(left) <= blank and sum(regions.area_km2[r] for r in left) < 0.005 * sum(regions.area_km2.values())
    for target in TARGETS:
        true_km2 = sum(regions.area_km2[r] for r, c in truth.items() if c == target.colour)
        assert report[target.name] == pytest.approx(true_km2, rel=0.02)
    land = {s.colour: s.land_share for s in palette.colours}
    assert abs(sum(land.values()) - 1.0) < 1e-6


def _split_lon(regions) -> float:
    """A meridian through Sakha, 43 % of the way across: the SPLIT colour is painted east of it."""
    x0, _, x1, _ = regions["RUSA"].geometry.bounds
    return x0 + 0.43 * (x1 - x0)


def test_two_colours_inside_one_region_make_it_uncertain(drawn, regions):
    _, _, _, _, result = _traced(drawn, regions, "EPSG:4326", split=("RUSA", _split_lon(regions)))
    row = next(r for r in result.regions if r.region_id == "RUSA")
    assert row.uncertain and row in result.uncertain
    east, split = row.shares[2], row.shares[3]  # Eastern Republic and the split colour
    assert 0.25 < east < 0.75 and 0.25 < split < 0.75 and east + split > 0.95
    assert "RUSA" not in result.assigned
    assert result.assigned["RUKHA"] == 2  # the neighbour drawn in one colour is certain


def test_the_trace_is_one_undoable_edit(drawn, regions, scenario):
    _, _, _, _, result = _traced(drawn, regions, "EPSG:4326")
    before = (list(scenario.polities), dict(scenario.owner))
    edit = trace_edit(scenario, result, include_uncertain=True, drop_emptied=True, source="map.jpg")
    assert edit.label.startswith("Trace map.jpg: ") and "3 polities" in edit.label
    edit.apply(scenario)
    assert {"western-union", "buffer-state", "eastern-republic"} <= set(scenario.polities)
    edit.revert(scenario)
    assert (list(scenario.polities), dict(scenario.owner)) == before


def test_unmapped_colours_leave_regions_uncertain(drawn, regions):
    drawing, image, palette = drawn("EPSG:4326")
    georef = Georeference(
        image.width, image.height, resolve_frame("EPSG:4326"), tuple(parse_gcp(drawing.gcp(c)) for c in CITIES)
    )
    only_west = {palette.nearest_colour(WEST)[0].index: 0}
    result = trace_regions(image, georef, palette, only_west, TARGETS[:1], regions)
    row = next(r for r in result.regions if r.region_id == "RUSA")
    assert row.uncertain and row.best is None and row.shares[UNMAPPED] > 0.9
    assert result.assigned["UA"] == 0


@pytest.mark.parametrize("frame", ["EPSG:3995"])
def test_refinement_from_perturbed_points_lowers_the_misfit(drawn, regions, frame):
    drawing, image, palette = drawn(frame, width=700)
    exact = [parse_gcp(drawing.gcp(c)) for c in CITIES[:3]]
    rng = np.random.default_rng(7)
    rough = tuple(ControlPoint(p.px + rng.normal(0, 8), p.py + rng.normal(0, 8), p.lon, p.lat) for p in exact)
    georef = Georeference(image.width, image.height, resolve_frame(frame), rough)

    def error_px(g):  # distance between where a fit puts the cities and where they are drawn
        px, py = g.lonlat_to_pixel([p.lon for p in exact], [p.lat for p in exact])
        return float(np.sqrt(np.mean((px - [p.px for p in exact]) ** 2 + (py - [p.py for p in exact]) ** 2)))

    refinement = refine_georef(image, georef, palette)
    assert refinement.improved and refinement.coast_rms_after_km < refinement.coast_rms_before_km
    assert error_px(refinement.georef) < 0.6 * error_px(georef)
    assert [p.lon for p in refinement.georef.points] == [p.lon for p in rough]  # only the pixels move


def test_an_uncertain_region_is_cut_along_the_colour_boundary(drawn, regions, scenario):
    lon = _split_lon(regions)
    _, image, georef, palette, result = _traced(drawn, regions, "EPSG:4326", split=("RUSA", lon))
    colours = TARGETS + (Target("Split", SPLIT),)
    mapping = {palette.nearest_colour(t.colour)[0].index: i for i, t in enumerate(colours)}
    traced = trace_cut(scenario, image, georef, palette, mapping, result, "RUSA")
    assert sorted(traced.owners.values()) == [2, 3]
    pieces = {p.id: p for p, _ in traced.edit.added if p.id in traced.owners}
    east = next(p for pid, p in pieces.items() if traced.owners[pid] == 3)
    true_east = area_km2(shapely.intersection(regions["RUSA"].geometry, shapely.box(lon, -90, 400, 90)))
    assert area_km2(east.geometry) == pytest.approx(true_east, rel=0.03)
    before = (list(scenario.polities), list(scenario.parcels), dict(scenario.owner))
    edit = trace_edit(scenario, result, include_uncertain=True, drop_emptied=True, source="map.jpg", cuts=[traced])
    assert edit.label.endswith(", 1 cut")
    edit.apply(scenario)
    assert shapely.coverage_is_valid([p.geometry for p in scenario.parcels.values()])
    report = {p.name: p for p in scenario_report(scenario).polities}
    assert report["Split"].area_km2 == pytest.approx(true_east, rel=0.03)
    assert {r.id: r.whole for r in report["Eastern Republic"].regions}["RUSA"] is False
    edit.revert(scenario)
    assert (list(scenario.polities), list(scenario.parcels), dict(scenario.owner)) == before


@pytest.mark.parametrize("method", ["poly2", "tps"])
def test_polynomial_and_spline_fits_trace_the_same_regions(drawn, regions, method):
    drawing, image, palette = drawn("EPSG:4326")
    six = CITIES + ["Magadan", "Tbilisi"]
    georef = Georeference(
        image.width, image.height, resolve_frame("EPSG:4326"), tuple(parse_gcp(drawing.gcp(c)) for c in six), method
    )
    assert georef.rms_km < 0.01
    mapping = {palette.nearest_colour(t.colour)[0].index: i for i, t in enumerate(TARGETS)}
    result = trace_regions(image, georef, palette, mapping, TARGETS, regions)
    truth = three_way(regions)
    assert all(TARGETS[r.target].colour == truth[r.region_id] for r in result.regions if r.target is not None)
    assert len(result.assigned) >= 90


def test_the_sea_is_found_and_can_be_changed(drawn):
    _, _, palette = drawn("EPSG:4326")
    sea = palette.sea
    assert sea is not None and np.linalg.norm(np.array(sea.lab) - rgb_to_lab(np.array(SEA, np.float32))) < 5
    assert {palette.nearest_colour(t.colour)[1] < 6 for t in TARGETS} == {True}
    grey = palette.nearest_colour("#d8d8d8")[0]
    changed = palette.with_sea(grey.index)
    assert changed.sea.index == grey.index and sea.index in {s.index for s in changed.colours}
    assert sum(s.land_share for s in changed.swatches) == pytest.approx(1.0)
