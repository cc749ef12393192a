"""Writing a built page to PNG (Agg pixels through PIL), SVG or PDF."""

from __future__ import annotations

import io
from pathlib import Path

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
        # PIL drops the alpha channel itself (a copy from a strided numpy view cost four times as long).
        pixels = canvas.buffer_rgba()  # (height, width, 4)
        rgba = Image.frombuffer("RGBA", (pixels.shape[1], pixels.shape[0]), pixels, "raw", "RGBA", 0, 1)
        rgba.convert("RGB").save(target, format="png", compress_level=2, pnginfo=info, dpi=(settings.dpi, settings.dpi))
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
