"""Polity names on the canvas: turned along their territory where it has a long axis, never over a border."""

from __future__ import annotations

import math

import shapely
import shapely.affinity
from PySide6.QtCore import QPointF

from sovsplit.render.area_label_axis import MAX_ANGLE
from sovsplit.ui.canvas.geometry_paths import project_geometry


def _on_screen(canvas, geom):
    """A polity's outline in screen pixels (y down), as the canvas draws it."""
    t = canvas.view_transform()
    projected = project_geometry(geom, canvas.transformer)
    return shapely.affinity.affine_transform(projected, [t.m11(), t.m21(), t.m12(), t.m22(), t.dx(), t.dy()])


def test_polity_names_on_the_canvas_stay_inside_and_follow_their_axis(window, canvas, scenario):
    layer = canvas.layer("area-labels")
    by_name = {p.name.upper(): pid for pid, p in scenario.polities.items()}
    turned = 0
    for zoom in (1.0, 1.6):
        canvas.zoom_to_extent()
        canvas.zoom_by(zoom, QPointF(canvas.width() * 0.55, canvas.height() * 0.45))
        canvas.render_frame()
        polities = [
            (text, outline) for (text, _rect, kind), outline in zip(layer.placed, layer.outlines) if kind == "polity"
        ]
        assert {text for text, _ in polities} == set(by_name)
        for text, outline in polities:
            corners = [(p.x(), p.y()) for p in outline]
            label = shapely.Polygon(corners)
            # The layer tests against outlines simplified by 5 km, under a pixel at these scales.
            territory = _on_screen(canvas, scenario.geometry_of(by_name[text])).buffer(1.5)
            assert territory.contains(label), text
            (x0, y0), (x1, y1) = corners[:2]
            angle = math.degrees(math.atan2(-(y1 - y0), x1 - x0))  # anticlockwise on the y-down screen
            assert abs(angle) <= MAX_ANGLE + 1e-6
            turned += abs(angle) > 1.0
    assert turned, "no polity name follows its territory on the canvas"
