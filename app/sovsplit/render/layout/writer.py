"""Writing a built page to PNG (Agg pixels through PIL), SVG or PDF."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg

from sovsplit.model.io.atomic import write_atomic
from sovsplit.render.layout.common import RC_LOCK, ExportCancelled, MapFigure


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
        # Agg pixels straight to PIL as RGB with light compression: a 300 dpi A4 page writes several times
        # faster than savefig's RGBA at zlib level 6, and the dpi is recorded for printing.
        from PIL import Image, PngImagePlugin

        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        info = PngImagePlugin.PngInfo()
        for key, value in metadata.items():
            info.add_text(key, value)
        rgb = np.asarray(canvas.buffer_rgba())[..., :3]
        Image.fromarray(rgb).save(
            target, format="png", compress_level=2, pnginfo=info, dpi=(settings.dpi, settings.dpi)
        )
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
