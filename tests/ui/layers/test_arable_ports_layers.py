"""The arable and ports layers in the viewer: layers panel, legend, toggling, port tooltips, port statistics."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from sovsplit.model import formatting as fmt
from sovsplit.model.io.resources import geodata_path


def _ports_file() -> dict[str, dict]:
    data = json.loads(geodata_path("ports.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["name"]: f for f in data["features"]}


def _screen_point(canvas, lon, lat) -> QPointF:
    xs, ys = canvas.project(np.array([lon]), np.array([lat]))
    return canvas.map_to_screen(float(xs[0]), float(ys[0]))


def _patch(canvas, point: QPointF, size: int = 24):
    """The rendered pixels of a small square around a point."""
    frame = canvas.render_frame()
    ratio = frame.devicePixelRatio()
    x, y = int(point.x() * ratio) - size // 2, int(point.y() * ratio) - size // 2
    return [frame.pixel(x + i, y + j) for i in range(size) for j in range(size)]


def _item(panel, row_title: str, polity_name: str):
    """The statistics table's cell item (its tooltip and font)."""
    row = [panel.table.verticalHeaderItem(r).text() for r in range(panel.table.rowCount())].index(row_title)
    column = [panel.table.horizontalHeaderItem(c).text() for c in range(panel.table.columnCount())].index(polity_name)
    return panel.table.item(row, column)


def test_both_layers_are_listed_with_a_legend_entry(window):
    panel = window.layers_panel
    keys = [panel.layer_at_row(r).key for r in range(panel.list.count())]
    assert "arable" in keys and "ports" in keys
    titles = {panel.layer_at_row(r).key: panel.list.item(r).text() for r in range(panel.list.count())}
    assert titles["arable"] == "Arable land (modelled)"
    legend = panel.legend.text()
    # Arable land is off at start; its legend appears with it.
    assert not window.canvas.layer("arable").visible and "Arable land (modelled)" not in legend
    assert "Port, ice-free" in legend and "Port with winter ice" in legend
    # Arable land is drawn over the polity colours and under the borders, ports under the city labels.
    order = [layer.key for layer in window.canvas.layers]
    assert order.index("polities") < order.index("arable") < order.index("regions")
    assert order.index("coastline") < order.index("ports") < order.index("cities")


def test_the_arable_layer_starts_off_and_shows_a_graduated_ramp_its_legend_matches(window):
    from sovsplit.render.colour_ramps import ARABLE_RAMP, arable_colour

    panel, canvas = window.layers_panel, window.canvas
    annotations = canvas.layer("annotations")
    if annotations is not None:  # its markers may sit over the spot
        annotations.visible = False
    # The black-earth belt south of Voronezh: prime arable land in the model (75 % arable).
    point = _screen_point(canvas, 40.0, 50.5)
    hidden = _patch(canvas, point)
    panel.select_layer("arable")
    panel.list.currentItem().setCheckState(Qt.Checked)
    assert canvas.layer("arable").visible and "Arable land (modelled)" in panel.legend.text()
    shown = _patch(canvas, point)
    assert shown != hidden
    # Most of the patch is the prime class's ramp colour (region borders may cross it).
    from PySide6.QtGui import QColor

    prime = QColor(arable_colour(0.75)).rgb()
    assert sum(1 for pixel in shown if pixel == prime) > len(shown) // 2
    # The legend carries exactly the ramp colours the map paints, from the same ramp.
    swatches = {colour.name() for _, colour in canvas.layer("arable").legend_items()[1:]}
    assert swatches == {arable_colour(0.75), arable_colour(0.03)} and swatches <= set(ARABLE_RAMP)
    panel.list.currentItem().setCheckState(Qt.Unchecked)
    assert _patch(canvas, point) == hidden


def test_toggling_the_ports_layer_hides_the_port_symbols(window):
    panel, canvas = window.layers_panel, window.canvas
    nakhodka = _ports_file()["Nakhodka"]["geometry"]["coordinates"]
    point = _screen_point(canvas, *nakhodka)
    shown = _patch(canvas, point, 8)
    panel.select_layer("ports")
    panel.list.currentItem().setCheckState(Qt.Unchecked)
    assert not canvas.layer("ports").visible and "Port, ice-free" not in panel.legend.text()
    assert _patch(canvas, point, 8) != shown
    panel.list.currentItem().setCheckState(Qt.Checked)


def _hover(canvas, point: QPointF, monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", staticmethod(lambda pos, text, *rest: shown.append(text)))
    local = QPoint(round(point.x()), round(point.y()))
    event = QHelpEvent(QEvent.ToolTip, local, canvas.mapToGlobal(local))
    QApplication.sendEvent(canvas, event)
    return shown


def test_hovering_a_port_shows_what_it_offers_and_who_holds_it(window, monkeypatch):
    canvas = window.canvas
    canvas.zoom_by(4.0, _screen_point(canvas, 131.9, 43.1))
    vladivostok = _ports_file()["Vladivostok"]
    props = vladivostok["properties"]
    shown = _hover(canvas, _screen_point(canvas, *vladivostok["geometry"]["coordinates"]), monkeypatch)
    assert len(shown) == 1
    text = shown[0]
    # Vladivostok works all year behind icebreakers (its bays freeze in midwinter).
    season = f"All year with icebreakers ({props['navigation_months']} months without)"
    for expected in (
        "Vladivostok",
        props["locode"],
        props["sea"],
        "Pacific basin",
        season,
        "Rail link: yes",
        f"{props['sea_km_to_yokohama']:,.0f} km to Yokohama",
        f"{props['sea_km_to_shanghai']:,.0f} km to Shanghai",
        "Held by <b>West USSR</b>",
    ):
        assert expected in text, expected


def test_a_seasonal_port_tooltip_gives_its_navigation_months(window, monkeypatch):
    canvas = window.canvas
    anadyr = _ports_file()["Anadyr"]
    canvas.zoom_by(3.0, _screen_point(canvas, *anadyr["geometry"]["coordinates"]))
    text = _hover(canvas, _screen_point(canvas, *anadyr["geometry"]["coordinates"]), monkeypatch)[0]
    assert f"Seasonal: {anadyr['properties']['navigation_months']} months of navigation" in text
    assert "Rail link: no" in text and "Held by <b>East USSR</b>" in text


def test_away_from_ports_the_region_tooltip_is_left_alone(window, monkeypatch):
    canvas = window.canvas
    assert _hover(canvas, _screen_point(canvas, 100.0, 60.0), monkeypatch) == []


def test_statistics_panel_shows_port_access_per_polity(window):
    panel = window.stats_panel
    ports = {name: f["properties"] for name, f in _ports_file().items()}
    held = {p.name: [h.name for h in p.ports.held] for p in panel.report.polities}
    assert "Vladivostok" in held["West USSR"]
    for polity in ("West USSR", "East USSR"):
        names = held[polity]
        assert panel.cell_text("Ports held", polity) == str(len(names))
        assert panel.cell_text("Ice-free ports", polity) == str(sum(ports[n]["ice_free"] for n in names))
        assert panel.cell_text("Basins reached", polity) == ", ".join(sorted({ports[n]["basin"] for n in names}))
        outlets = sorted({ports[n]["ocean_outlet"] for n in names if ports[n]["ocean_outlet"]})
        assert panel.cell_text("Ocean outlets", polity) == ", ".join(outlets)
        year_round = [n for n in names if ports[n]["ice_free"]]
        best = min(
            (n for n in year_round if ports[n]["sea_km_to_yokohama_all_year"] is not None),
            key=lambda n: ports[n]["sea_km_to_yokohama_all_year"],
        )
        assert (
            panel.cell_text("Sea route to Japan", polity)
            == f"{fmt.length_text(ports[best]['sea_km_to_yokohama_all_year'])} from {best}"
        )
        pacific = any(ports[n]["basin"] == "Pacific" for n in year_round)
        assert panel.cell_text("Ice-free Pacific port", polity) == ("yes" if pacific else "no")
    # The Pacific flag is made to stand out: bold on a coloured cell.
    assert _item(panel, "Ice-free Pacific port", "West USSR").font().bold()


def test_the_primorsky_variant_is_one_click_away(window, monkeypatch):
    menu = window.land_and_ports.shipped_menu
    actions = {a.data(): a for a in menu.actions()}
    assert {"default", "east-with-primorsky"} <= set(actions)
    assert "Primorsky" in actions["east-with-primorsky"].text()
    opened = []
    monkeypatch.setattr(window, "load_in_background", lambda path=None: opened.append(path))
    actions["east-with-primorsky"].trigger()
    assert [p.resolve() for p in opened] == [geodata_path("scenarios/east-with-primorsky.geojson").resolve()]


@pytest.fixture
def primorsky_window(qtbot, regions):
    from sovsplit.model.io.scenario_io import load_scenario
    from sovsplit.ui.window.main_window import MainWindow

    win = MainWindow(load_scenario(geodata_path("scenarios/east-with-primorsky.geojson"), regions))
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.stats_panel.report is not None, timeout=60000)
    return win


def test_with_primorsky_the_panel_shows_the_easts_year_round_pacific_port(primorsky_window):
    panel = primorsky_window.stats_panel
    east = next(p for p in panel.report.polities if p.name == "East USSR")
    assert "Vladivostok" in [h.name for h in east.ports.held]
    assert panel.cell_text("Ice-free Pacific port", "East USSR") == "yes"
    # Vladivostok needs icebreakers in midwinter; the ice-free ports Primorsky brings are Nakhodka and Vostochny.
    tooltip = _item(panel, "Ice-free Pacific port", "East USSR").toolTip()
    assert "Nakhodka" in tooltip and "Vostochny" in tooltip and "Vladivostok" not in tooltip
    best = east.ports.to_china.port
    shanghai = _ports_file()[best]["properties"]["sea_km_to_shanghai_all_year"]
    assert best in ("Nakhodka", "Vostochny")
    assert panel.cell_text("Sea route to China", "East USSR") == f"{fmt.length_text(shanghai)} from {best}"
