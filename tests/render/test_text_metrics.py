"""Remembered text extents: the same as measuring afresh, and told apart by dpi, size and weight."""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sovsplit.render.layout.text_metrics import text_size


def _page(dpi: float):
    fig = Figure(figsize=(8.27, 11.69), dpi=dpi)
    return fig, FigureCanvasAgg(fig).get_renderer()


def _fresh(fig, renderer, text, size, weight="normal"):
    t = fig.text(0, 0, text, fontsize=size, fontfamily="DejaVu Sans", fontweight=weight)
    box = t.get_window_extent(renderer)
    t.remove()
    return box.width / fig.dpi, box.height / fig.dpi


def test_remembered_sizes_equal_fresh_measurements_per_dpi_size_and_weight():
    for dpi in (72.0, 300.0):
        fig, renderer = _page(dpi)
        for text, size, weight in [("Petropavlovsk-\nKamchatsky", 9.5, "normal"), ("WEST USSR", 14.0, "bold")]:
            first = text_size(fig, renderer, text, size, "DejaVu Sans", weight)
            again = text_size(fig, renderer, text, size, "DejaVu Sans", weight)
            assert first == again == _fresh(fig, renderer, text, size, weight)
    fig, renderer = _page(300.0)
    normal = text_size(fig, renderer, "Vladivostok", 9.0, "DejaVu Sans")
    assert text_size(fig, renderer, "Vladivostok", 9.0, "DejaVu Sans", "bold")[0] > normal[0]
    assert text_size(fig, renderer, "Vladivostok", 12.0, "DejaVu Sans")[0] > normal[0]
    assert not fig.texts  # measuring leaves nothing on the page
