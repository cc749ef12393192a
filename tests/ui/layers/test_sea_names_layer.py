"""Sea names on the canvas: a layer of their own, over open water and clear of the city and area labels."""

from __future__ import annotations

import itertools

import shapely
from PySide6.QtCore import QPointF

from sovsplit.model import reference
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.io.shipped_scenarios import resolve_scenario
from sovsplit.ui.canvas.geometry_paths import project_geometry


def test_sea_names_lie_over_water_and_give_way_to_other_labels(window, canvas, scenario):
    seas = canvas.layer("seas")
    assert seas is not None and seas.visible  # on by default
    land = shapely.union_all(
        [project_geometry(scenario.geometry_of(pid), canvas.transformer) for pid in scenario.polities]
        + [project_geometry(f.geometry, canvas.transformer) for f in reference.neighbours()]
    )
    for zoom in (1.0, 1.8):
        canvas.zoom_to_extent()
        canvas.zoom_by(zoom, QPointF(canvas.width() * 0.6, canvas.height() * 0.4))
        canvas.render_frame()
        names = [name for name, _ in seas.placed]
        assert len(names) >= 5 and len(names) == len(set(names))
        to_map, _ok = canvas.view_transform().inverted()
        pixel = abs(to_map.map(QPointF(1, 0)).x() - to_map.map(QPointF(0, 0)).x())
        others = [r for _, r in canvas.layer("cities").placed] + [e[1] for e in canvas.layer("area-labels").placed]
        for name, rect in seas.placed:
            corners = [to_map.map(p) for p in (rect.topLeft(), rect.topRight(), rect.bottomRight(), rect.bottomLeft())]
            # The layer tests against land simplified by 5 km: allow a pixel and a half of it.
            box = shapely.Polygon([(p.x(), p.y()) for p in corners]).buffer(-1.5 * pixel)
            assert not land.intersects(box), name
            assert not any(rect.intersects(other) for other in others), name
        for (a, ra), (b, rb) in itertools.combinations(seas.placed, 2):
            assert not ra.intersects(rb), (a, b)


def test_the_sea_names_are_a_layer_the_user_can_hide(window, canvas):
    titles = [window.layers_panel.list.item(i).text() for i in range(window.layers_panel.list.count())]
    assert "Sea names" in titles
    seas = canvas.layer("seas")
    canvas.set_layer_visible(seas, False)
    assert not seas.visible


def test_another_partition_keeps_the_sea_layers_land(window, canvas):
    # The land the names keep off is the regions' and the neighbours': another partition of the same regions (an
    # edit, a timeline's next state) must not rebuild it; the slider once spent half a second per state on it.
    canvas.render_frame()
    land = canvas.layer("seas").projected_land(canvas)
    document = window.document
    other = load_scenario(resolve_scenario("east-with-primorsky"), document.scenario.regions)
    assert document.replace_scenario(other, confirm=False)
    canvas.render_frame()
    assert canvas.layer("seas").projected_land(canvas) is land and not land.is_empty
