"""The fixed reference layers (neighbours, graticule, coastline, cities, ports) are projected by their prepare()
on a worker, so the window's first paint makes no pyproj call on the GUI thread, and still follow a projection
changed after they were prepared."""

from __future__ import annotations

import threading

import numpy as np
import shapely

from sovsplit.model import lod, projections, reference
from sovsplit.ui.canvas.geometry_paths import project_geometry
from sovsplit.ui.canvas.map_canvas import MapCanvas
from sovsplit.ui.layers.ports_layer import PortsLayer
from sovsplit.ui.layers.reference_layers import CitiesLayer, CoastlineLayer, GraticuleLayer, NeighboursLayer

_KEYS = ("neighbours", "graticule", "coastline", "cities", "ports")


def _canvas(qtbot) -> MapCanvas:
    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(800, 500)
    for layer in (NeighboursLayer(), GraticuleLayer(), CoastlineLayer(), CitiesLayer(), PortsLayer()):
        canvas.add_layer(layer)
    return canvas


def test_the_first_frame_projects_nothing_on_the_gui_thread(qtbot, monkeypatch):
    gui = threading.get_ident()
    calls: list[int] = []
    original = projections.Projection.transformer
    monkeypatch.setattr(
        projections.Projection, "transformer", lambda self: calls.append(threading.get_ident()) or original(self)
    )
    canvas = _canvas(qtbot)
    assert canvas.wait_for_layers()
    assert calls and gui not in calls  # each layer projected its data on a worker
    calls.clear()
    canvas.render_frame()
    assert gui not in calls
    # ...and every one of them drew something (an empty frame would also make no call).
    assert {key for key in _KEYS if canvas._frames.layer_ms.get(key) is not None} == set(_KEYS)


def test_a_projection_changed_after_preparing_is_followed(qtbot):
    canvas = _canvas(qtbot)
    assert canvas.wait_for_layers()
    canvas.render_frame()
    before = canvas.layer("coastline")._bands.path(canvas).boundingRect()
    other = next(key for key in projections.PROJECTIONS if key != canvas.projection_key)
    canvas.set_projection(other)
    path = canvas.layer("coastline")._bands.path(canvas)
    band = lod.band_for_tolerance(canvas.simplify_tolerance())
    expected = project_geometry(reference.coastline(), projections.get_projection(other).transformer())
    if band:
        expected = shapely.simplify(expected, band, preserve_topology=False)
    x0, y0, x1, y1 = shapely.bounds(expected)
    rect = path.boundingRect()
    assert rect != before
    assert np.allclose([rect.left(), rect.top(), rect.right(), rect.bottom()], [x0, y0, x1, y1], rtol=1e-9, atol=1.0)


def test_zooming_in_finds_the_finer_bands_built_on_a_worker(qtbot, monkeypatch):
    # prepare() builds the bands of the first view and coarser ones; the finer ones follow on a worker, so a
    # first zoom in simplifies nothing on the GUI thread.
    from sovsplit.ui.layers import reference_layers

    gui = threading.get_ident()
    built: list[tuple[int, float]] = []
    original = reference_layers._band_path
    monkeypatch.setattr(
        reference_layers,
        "_band_path",
        lambda shapes, band: built.append((threading.get_ident(), band)) or original(shapes, band),
    )
    canvas = _canvas(qtbot)
    assert canvas.wait_for_layers()
    first = {band for _, band in built}
    assert {*lod.BANDS_M, 0.0} <= first and gui not in {thread for thread, _ in built}
    built.clear()
    for factor in (2.0, 4.0, 4.0, 4.0):  # down to full detail
        canvas.zoom_by(factor)
        canvas.render_frame()
    assert lod.band_for_tolerance(canvas.simplify_tolerance()) == 0.0
    assert built == []
