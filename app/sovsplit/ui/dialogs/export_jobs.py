"""What the export dialog runs and reads: the shared render thread, its two render tasks, the canvas's defaults."""

from __future__ import annotations

import io
from pathlib import Path

from PySide6.QtCore import QPointF

from sovsplit.render.settings import DEFAULT_LAYERS, LAYERS, ExportSettings
from sovsplit.ui.document.tasks import TaskState
from sovsplit.ui.document.workers import WorkerPool

_RENDERER: WorkerPool | None = None


def render_pool() -> WorkerPool:
    """One render thread shared by all export dialogs, so exports and previews run in order."""
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = WorkerPool(max_threads=1, name="sovsplit-render")
    return _RENDERER


def canvas_layers(canvas) -> frozenset:
    """The export layers the canvas shows now (layers the exporter does not know are ignored)."""
    if canvas is None or not getattr(canvas, "layers", None):
        return DEFAULT_LAYERS
    return frozenset(layer.key for layer in canvas.layers if getattr(layer, "visible", True) and layer.key in LAYERS)


def canvas_extent(canvas):
    """'ussr' while the canvas shows the whole map, else the lon/lat box of its current view."""
    if canvas is None or getattr(canvas, "_auto_extent", True) or not hasattr(canvas, "screen_to_lonlat"):
        return "ussr"
    w, h = canvas.width(), canvas.height()
    points = [QPointF(x, y) for x in (0, w / 2, w) for y in (0, h / 2, h)]
    lonlat = [canvas.screen_to_lonlat(p) for p in points]
    lons = [p[0] for p in lonlat]
    lats = [p[1] for p in lonlat]
    try:
        return ExportSettings(extent=(min(lons), max(-85.0, min(lats)), max(lons), min(90.0, max(lats)))).extent
    except ValueError:
        return "ussr"


def render_preview(snapshot, state: TaskState) -> bytes:
    """The page as PNG bytes, drawn by the exporter's own renderer (runs on the render thread)."""
    from sovsplit.render.export import build_figure, save_figure

    scenario, settings = snapshot
    page = build_figure(scenario, settings, state.progress, state.cancelled)
    buffer = io.BytesIO()
    save_figure(page, buffer, "png")
    return buffer.getvalue()


def export_file(snapshot, state: TaskState) -> Path:
    """Write the file from a frozen scenario; a cancel stops at the exporter's next checkpoint, leaving no file."""
    from sovsplit.render.export import export_map

    scenario, settings, path = snapshot
    return export_map(scenario, settings, path, state.progress, state.cancelled)
