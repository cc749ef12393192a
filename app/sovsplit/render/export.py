"""Render a scenario to a publication-quality PNG, SVG or PDF with matplotlib (no Qt, no pyplot state).

The thin orchestrator: the layout items live in render/layout/ (page, map layers, legend, scale bar, north
arrow, labels, writer); the names other modules import from here are re-exported.
"""

from __future__ import annotations

from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sovsplit.render import georef_output
from sovsplit.render.layout.common import ExportCancelled, MapFigure  # noqa: F401  (re-exported)
from sovsplit.render.layout.page import PageBuilder
from sovsplit.render.layout.spot_store import save_spots
from sovsplit.render.layout.text_metrics import save_measured
from sovsplit.render.layout.writer import save_figure, write_page  # noqa: F401  (save_figure re-exported)
from sovsplit.render.settings import FORMATS, LAYERS, ExportSettings, parse_paper  # noqa: F401  (re-exported)
from sovsplit.render.style import Style, load_style


def resolve_style(style) -> tuple[Style, str | None]:
    if isinstance(style, Style):
        return style, None
    return load_style(style)


def export_map(scenario, settings: ExportSettings, path, progress=None, cancel=None) -> Path:
    """Write the map to `path` (.png, .svg or .pdf); atomic: a failure or cancel leaves no partial file.

    `progress(fraction, text)` is called along the way; `cancel()` returning True stops the export with
    ExportCancelled. Safe to call from a worker thread (no pyplot, one Figure per call).
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path.name}: unknown image type {path.suffix!r} (use .png, .svg, .pdf or .tif)")
    if not path.parent.is_dir():
        raise ValueError(f"{path.name}: folder {path.parent} does not exist")
    report = progress or (lambda fraction, text: None)
    stop = cancel or (lambda: False)
    page = build_figure(scenario, settings, report, stop, raster=fmt in ("png", "tif"))
    report(0.9, "writing " + fmt.upper())
    if fmt == "tif":  # georeferenced: render/georef_output.py writes it
        georef_output.write_geotiff(page, path)
        report(1.0, "done")
        return path
    write_page(page, path, fmt, stop)
    if settings.world_file and fmt == "png":
        georef_output.write_world_file(page, path)
    report(1.0, "done")
    return path


def build_figure(scenario, settings: ExportSettings, progress=None, cancel=None, raster: bool = True) -> MapFigure:
    """Lay out and populate the page; nothing is drawn to pixels until the figure is saved.

    `raster` sizes the page to whole pixels (PNG); otherwise to the exact paper size (SVG, PDF).
    """
    progress = progress or (lambda fraction, text: None)
    cancel = cancel or (lambda: False)
    style, warning = resolve_style(settings.style)
    page_w, page_h = settings.page_inches()
    if raster:
        px_w, px_h = settings.page_pixels()
        # A hair over the exact size: matplotlib truncates the canvas size to whole pixels.
        page_w, page_h = (px_w + 0.01) / settings.dpi, (px_h + 0.01) / settings.dpi
    fig = Figure(figsize=(page_w, page_h), dpi=settings.dpi, facecolor=style.background)
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    page = MapFigure(fig, None, style, settings, [warning] if warning else [])
    builder = PageBuilder(scenario, settings, style, fig, renderer, page, progress, cancel)
    builder.raster = raster
    builder.build()
    save_measured()  # the names measured for this page, for the next process's export (text_store.py)
    save_spots()  # and where the area names fit (spot_store.py)
    return page
