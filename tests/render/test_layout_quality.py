"""Export layout checked against the map's geometry: the frame fills the page, labels keep off coast and borders,
the legend leaves the key land near Vladivostok visible, and the East's key places are labelled."""

from __future__ import annotations

import pytest
import shapely

from sovsplit.model import reference
from sovsplit.model.io.resources import geodata_path
from sovsplit.render.export import build_figure
from sovsplit.render.geometry import project_xy, projected
from sovsplit.render.settings import ExportSettings

DPI = 72
SCENARIOS = ("default", "east-with-primorsky")
STYLES = ("classic", "poster", "greyscale")
# The USSR's projected extent is about 1.65 times as wide as tall. On A4 landscape the frame takes the printable
# height, about 0.85 of the printable area (title, attribution). On A4 portrait the page is width-bound: at the
# map's own aspect a frame across the printable width takes ~0.4 of the printable area, and page.py lets it grow
# 1.35 times taller (0.51 measured). The frame must also be the map's shape, not a square with empty sky above
# and below: the territory's bounding box fills at least 0.55 of it (the old square portrait frame: 0.49;
# now 0.57 in portrait, 0.71-0.74 in landscape, where the extent also leaves room for Petropavlovsk's label).
MIN_FILL = {False: 0.45, True: 0.8}
MIN_TERRITORY_SHARE = 0.55
KEY_RADIUS_M = 300_000.0
_pages: dict = {}


def _scenario(regions, name):
    from sovsplit.model.io.scenario_io import load_scenario

    return load_scenario(None if name == "default" else geodata_path("scenarios") / f"{name}.geojson", regions)


def _page(regions, name, style, landscape):
    key = (name, style, landscape)
    if key not in _pages:
        settings = ExportSettings(style=style, dpi=DPI, landscape=landscape)
        scenario = _scenario(regions, name)
        _pages[key] = (scenario, build_figure(scenario, settings))
    return _pages[key]


def _one_pixel_m(page) -> float:
    x0, x1 = page.ax.get_xlim()
    return (x1 - x0) / page.ax.get_window_extent().width


def _lines(page, scenario):
    """Coastline and polity outlines in the export's projection, at a tenth of a pixel's detail."""
    key = page.settings.projection
    tol = _one_pixel_m(page) * 0.1
    coast = shapely.simplify(projected(reference.coastline(), key), tol)
    outlines = [shapely.simplify(projected(scenario.geometry_of(pid), key), tol).boundary for pid in scenario.polities]
    return coast, shapely.union_all(outlines)


MATRIX = [(n, s, land) for n in SCENARIOS for s in STYLES for land in (False, True)]
IDS = [f"{n}-{s}-{'landscape' if land else 'portrait'}" for n, s, land in MATRIX]


@pytest.mark.parametrize("name, style, landscape", MATRIX, ids=IDS)
def test_map_frame_fills_the_page(regions, name, style, landscape):
    scenario, page = _page(regions, name, style, landscape)
    w, h = page.figure.get_size_inches()
    margin = max(0.22, 0.045 * min(w, h))
    printable = (w - 2 * margin) * (h - 2 * margin)
    mx, my, mw, mh = page.map_box_in
    assert mw * mh / printable >= MIN_FILL[landscape]
    territory = shapely.union_all(
        [projected(scenario.geometry_of(pid), page.settings.projection) for pid in scenario.polities]
    )
    x0, y0, x1, y1 = territory.bounds
    (fx0, fx1), (fy0, fy1) = page.ax.get_xlim(), page.ax.get_ylim()
    assert (x1 - x0) * (y1 - y0) / ((fx1 - fx0) * (fy1 - fy0)) >= MIN_TERRITORY_SHARE
    # Centred across the page, and the frame's aspect is the map's (the axes show metres at one scale).
    assert abs((mx + mw / 2) - w / 2) < 0.05 * w
    x0, x1 = page.ax.get_xlim()
    y0, y1 = page.ax.get_ylim()
    assert (x1 - x0) / (y1 - y0) == pytest.approx(mw / mh, rel=0.02)


@pytest.mark.parametrize("name, style, landscape", MATRIX, ids=IDS)
def test_no_label_crosses_a_coast_or_a_border(regions, name, style, landscape):
    scenario, page = _page(regions, name, style, landscape)
    coast, borders = _lines(page, scenario)
    # Half a pixel of slack: the placer tests against lines simplified to about a pixel.
    slack = _one_pixel_m(page) * 0.5
    crossing = []
    for label in page.placed:
        # The label's own outline: a name turned along its polity is checked as drawn, not by the box around it.
        rect = label.shape().buffer(-slack, join_style="mitre")
        if rect.intersects(coast) or rect.intersects(borders):
            crossing.append(label.text)
    assert not crossing, f"labels across a coast or border: {crossing}"
    assert len(page.placed) >= 25


@pytest.mark.parametrize("name, style, landscape", MATRIX, ids=IDS)
def test_polity_names_lie_inside_their_polity(regions, name, style, landscape):
    scenario, page = _page(regions, name, style, landscape)
    names = {p.name.upper(): pid for pid, p in scenario.polities.items()}
    found = [label for label in page.placed if label.kind == "polity"]
    assert {label.text.replace("\n", " ") for label in found} == set(names)
    for label in found:
        shape = projected(scenario.geometry_of(names[label.text.replace("\n", " ")]), page.settings.projection)
        assert shape.contains(label.shape())


@pytest.mark.parametrize("name, style, landscape", MATRIX, ids=IDS)
def test_legend_leaves_the_land_near_vladivostok_visible(regions, name, style, landscape):
    scenario, page = _page(regions, name, style, landscape)
    key = page.settings.projection
    x, y = project_xy(key, [131.89], [43.12])  # Vladivostok
    near = shapely.Point(float(x[0]), float(y[0])).buffer(KEY_RADIUS_M)
    territory = shapely.union_all([projected(scenario.geometry_of(pid), key) for pid in scenario.polities])
    key_land = shapely.intersection(near, territory)
    assert key_land.area > 0
    if page.legend_box is not None:  # on the map: it must not cover that land
        assert shapely.intersection(shapely.box(*page.legend_box), key_land).area == 0.0
    else:  # beside or under the map: wholly outside the frame
        frame = page.ax.get_window_extent()
        legend = [a for a in page.figure.artists if a.get_zorder() == 20]
        assert legend and not legend[0].get_window_extent().overlaps(frame)


@pytest.mark.parametrize("name, style, landscape", MATRIX, ids=IDS)
def test_the_scenarios_cities_and_the_easts_year_round_port_are_labelled(regions, name, style, landscape):
    _scenario_, page = _page(regions, name, style, landscape)
    texts = {label.text.replace("-\n", "-").replace("\n", " ") for label in page.placed}
    assert "Petropavlovsk-Kamchatsky" in texts
    scenario_cities = {c["name"] for c in reference.cities() if "scenario" in c["roles"]}
    assert scenario_cities <= texts, scenario_cities - texts


def test_the_easts_ports_are_labelled_when_the_ports_layer_is_on(regions):
    scenario = _scenario(regions, "east-with-primorsky")
    layers = ExportSettings().layers | {"ports"}
    page = build_figure(scenario, ExportSettings(dpi=DPI, landscape=True, layers=layers))
    texts = {label.text.replace("-\n", "-").replace("\n", " ") for label in page.placed}
    east = scenario.geometry_of("east")
    east_ports = {p["name"] for p in reference.ports() if east.contains(p.geometry)}
    assert {"Nakhodka", "Vladivostok", "Petropavlovsk-Kamchatsky"} <= east_ports
    assert east_ports <= texts, east_ports - texts


@pytest.mark.parametrize("landscape", [False, True], ids=["portrait", "landscape"])
def test_the_argument_panel_sits_off_the_map_and_clear_of_the_legend(regions, landscape):
    scenario = _scenario(regions, "east-with-primorsky")
    settings = ExportSettings(dpi=DPI, landscape=landscape, layers=ExportSettings().layers | {"annotations"})
    page = build_figure(scenario, settings)
    renderer = page.figure.canvas.get_renderer()
    frame = page.ax.get_window_extent(renderer)
    tags = [t for t in page.figure.texts if (t.get_gid() or "").startswith("note-tag-")]
    markers = [t for t in page.figure.texts if (t.get_gid() or "").startswith("note-marker-")]
    assert tags and markers
    legend = [a for a in page.figure.artists if a.get_zorder() == 20][0].get_window_extent(renderer)
    page_box = page.figure.bbox
    for text in tags:
        box = text.get_window_extent(renderer)
        assert not box.overlaps(frame) and not box.overlaps(legend)
        assert page_box.x0 <= box.x0 and box.x1 <= page_box.x1 and page_box.y0 <= box.y0
    # Each marker lies on the map, and markers never overlap each other (grouped instead).
    boxes = [m.get_window_extent(renderer) for m in markers]
    assert all(frame.contains(b.x0, b.y0) for b in boxes)
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
