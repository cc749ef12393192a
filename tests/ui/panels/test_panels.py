"""The layers and statistics docks: visibility, opacity, order, numbers equal to the report, live updates."""

from __future__ import annotations

from PySide6.QtCore import Qt

from sovsplit.model.report import scenario_report
from sovsplit.model.stats import StatsEngine
from sovsplit.ui.panels.stats_panel import ROWS


def test_layers_panel_lists_every_layer_top_first(window):
    panel = window.layers_panel
    keys = [panel.layer_at_row(r).key for r in range(panel.list.count())]
    assert keys == [layer.key for layer in reversed(window.canvas.layers)]
    assert {"ocean", "neighbours", "polities", "regions", "coastline", "cities"} <= set(keys)


def _pixel(canvas, lon, lat):
    xs, ys = canvas.project([lon], [lat])
    return canvas.render_frame().pixelColor(canvas.map_to_screen(float(xs[0]), float(ys[0])).toPoint())


def test_unchecking_a_layer_hides_it_from_the_map(window, qtbot):
    panel, canvas = window.layers_panel, window.canvas
    panel.select_layer("polities")
    item = panel.list.currentItem()
    polity_colour = _pixel(canvas, 60.0, 62.0)
    item.setCheckState(Qt.Unchecked)
    assert not canvas.layer("polities").visible
    hidden = _pixel(canvas, 60.0, 62.0)
    assert hidden != polity_colour
    panel.select_layer("polities")  # the panel rebuilt its rows when the layer changed
    panel.list.currentItem().setCheckState(Qt.Checked)
    assert canvas.layer("polities").visible


def test_opacity_slider_sets_the_selected_layers_opacity(window):
    panel = window.layers_panel
    panel.select_layer("neighbours")
    panel.opacity.setValue(40)
    assert window.canvas.layer("neighbours").opacity == 0.4
    panel.select_layer("coastline")
    assert panel.opacity.value() == 100


def test_up_and_down_buttons_reorder_the_layers(window):
    panel, canvas = window.layers_panel, window.canvas
    order = [layer.key for layer in canvas.layers]
    panel.select_layer("neighbours")
    panel.up.click()
    moved = [layer.key for layer in canvas.layers]
    i = order.index("neighbours")
    assert moved[i + 1] == "neighbours" and moved[i] == order[i + 1]
    assert panel.selected_layer().key == "neighbours"
    panel.down.click()
    assert [layer.key for layer in canvas.layers] == order


def test_other_features_can_add_and_remove_layers(window):
    from sovsplit.ui.layers.base import MapLayer

    class Marker(MapLayer):
        key, title = "test-marker", "Test marker"
        painted = 0

        def paint(self, painter, canvas):
            Marker.painted += 1

    layer = Marker()
    window.canvas.add_layer(layer)
    assert window.layers_panel.layer_at_row(0) is layer
    window.canvas.render_frame()
    assert Marker.painted == 1
    window.canvas.remove_layer(layer)
    assert all(window.layers_panel.layer_at_row(r) is not layer for r in range(window.layers_panel.list.count()))


def _expected(scenario):
    return {p.name: p for p in scenario_report(scenario, StatsEngine(scenario)).polities}


def test_stats_panel_shows_the_report_numbers(window, scenario):
    panel = window.stats_panel
    for name, polity in _expected(scenario).items():
        for title, show in ROWS:
            assert panel.cell_text(title, name) == show(polity), (title, name)
    assert f"{_expected(scenario)['West USSR'].area_km2:,.0f}" == panel.cell_text("Area (km²)", "West USSR")
    assert "modelled" in panel.note.toolTip().lower()
    # The footnote states the 1991 frame, and shares of modelled land are shown to the whole percent.
    assert (
        "1991" in panel.note.toolTip()
        and "Tuva (1944)" in panel.note.toolTip()
        and "1:1,000,000" in panel.note.toolTip()
    )
    assert panel.cell_text("Arable share, modelled", "West USSR").endswith(" %")
    assert "." not in panel.cell_text("Arable share, modelled", "West USSR")


def test_stats_update_live_after_a_territory_change(window, scenario, qtbot):
    panel = window.stats_panel
    before = panel.cell_text("Area (km²)", "East USSR")
    scenario.set_owners({"RUPRI": "east"})
    qtbot.waitUntil(lambda: panel.cell_text("Area (km²)", "East USSR") != before, timeout=30000)
    panel.wait()
    expected = _expected(scenario)
    for name, polity in expected.items():
        for title, show in ROWS:
            assert panel.cell_text(title, name) == show(polity), (title, name)
    assert panel.cell_text("Ice-free Pacific port", "East USSR") == "yes"
