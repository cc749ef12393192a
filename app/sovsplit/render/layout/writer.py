"""Writing a built page to PNG (Agg pixels, png_file.py), SVG or PDF."""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg

from sovsplit.model.io.atomic import write_atomic
from sovsplit.render.layout.common import RC_LOCK, ExportCancelled, MapFigure
from sovsplit.render.layout.png_file import png_bytes


def save_figure(page: MapFigure, target, fmt: str) -> None:
    """Save a built page to a path or binary file object in png, svg or pdf."""
    fig, style, settings = page.figure, page.style, page.settings
    title = page.labels[0] if page.labels else "sovsplit map"
    metadata = {
        "png": {"Title": title, "Software": "sovsplit"},
        "svg": {"Title": title},
        "pdf": {"Title": title, "Creator": "sovsplit"},
    }[fmt]
    if fmt == "png":
        # Agg pixels straight to an RGB PNG with light compression and no row filters (png_file.py): a 300 dpi
        # A4 page writes several times faster than savefig's RGBA at zlib level 6, and the dpi is recorded.
        # The canvas the page was measured on (export.build_figure), when it is still the figure's: its renderer
        # and the text layouts matplotlib remembers for it are reused rather than made again.
        canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        canvas.draw()
        data = png_bytes(canvas.buffer_rgba(), settings.dpi, metadata)
        if hasattr(target, "write"):
            target.write(data)
        else:
            Path(target).write_bytes(data)
        return
    with RC_LOCK, rc_context({"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "sovsplit"}):
        fig.savefig(target, format=fmt, dpi=settings.dpi, facecolor=style.background, metadata=metadata)


def write_page(page: MapFigure, path: Path, fmt: str, cancel) -> None:
    """Write the page to `path` atomically (model/io/atomic.py): a failure or a cancel leaves no file behind."""
    buffer = io.BytesIO()
    save_figure(page, buffer, fmt)
    if cancel():
        raise ExportCancelled()
    write_atomic(path, buffer.getvalue())
