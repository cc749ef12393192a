"""Render a scenario to a publication-quality PNG, SVG or PDF with matplotlib (no Qt, no pyplot state)."""

from __future__ import annotations

import math
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from matplotlib import patheffects, rc_context
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.colors import LinearSegmentedColormap, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Rectangle
from matplotlib.patches import Polygon as PolygonPatch
from matplotlib.transforms import Bbox
from pyproj import Geod

from sovsplit.model import reference
from sovsplit.model.annotations.map_records import MapAnnotation, map_annotations
from sovsplit.model.geodesy import area_km2
from sovsplit.render import georef_output
from sovsplit.render.geometry import (
    detail_for,
    inverse,
    line_path,
    memo,
    polygon_path,
    project_xy,
    projected,
    simplified,
)
from sovsplit.render.labels import LabelRequest, place_labels
from sovsplit.render.settings import FORMATS, LAYERS, ExportSettings, parse_paper  # noqa: F401  (re-exported)
from sovsplit.render.style import Style, load_style, polity_colour

ATTRIBUTION = (
    "Data: borders and coast DCW-GMT via Debian gmt-dcw (LGPL) · cities GeoNames (CC BY 4.0) · "
    "modelled arable land from ERA5 climatology (Copernicus) · ports searoute (Apache-2.0) · "
    "map made with sovsplit"
)
HATCHES = ["", "////", "....", "\\\\\\\\", "xxx", "oo", "++"]
_GEOD = Geod(ellps="WGS84")
# rc_context changes matplotlib's global settings: one export at a time inside it.
_RC_LOCK = threading.Lock()
# The territory as one collection per set of polity geometries, so its projection is cached too.
_LAND_CACHE: dict = {}


class ExportCancelled(Exception):
    """The user cancelled the export; no file was written."""


@dataclass
class MapFigure:
    """A rendered page: the figure, its map axes (data in projected metres) and what was placed on it."""

    figure: Figure
    ax: object
    style: Style
    settings: ExportSettings
    warnings: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def to_pixels(self, lon: float, lat: float) -> tuple[float, float]:
        """Pixel (column, row from the top) of a lon/lat point in the saved raster image."""
        x, y = project_xy(self.settings.projection, [lon], [lat])
        px, py = self.ax.transData.transform((float(x[0]), float(y[0])))
        return px, self.figure.bbox.height - py


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
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            save_figure(page, handle, fmt)
        if stop():
            raise ExportCancelled()
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if settings.world_file and fmt == "png":
        georef_output.write_world_file(page, path)
    report(1.0, "done")
    return path


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
    with _RC_LOCK, rc_context({"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "sovsplit"}):
        fig.savefig(target, format=fmt, dpi=settings.dpi, facecolor=style.background, metadata=metadata)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- building the page ---------------------------------------------------------------------------------------


class _Checkpoint(Artist):
    """An invisible artist drawn between layers: reports progress and stops a cancelled export mid-draw."""

    def __init__(self, zorder: float, fraction: float, text: str, progress, cancel):
        super().__init__()
        self.set_zorder(zorder)
        self._args = (fraction, text)
        self._progress, self._cancel = progress, cancel

    def draw(self, renderer):
        if self._cancel():
            raise ExportCancelled()
        self._progress(*self._args)


def _font(family: str) -> dict:
    """Font keywords; "X Condensed" becomes family X stretched, the way matplotlib indexes condensed faces."""
    if family.endswith(" Condensed"):
        return {"fontfamily": family[: -len(" Condensed")], "fontstretch": "condensed"}
    return {"fontfamily": family}


def _halo(style: Style, scale: float = 1.0):
    return [patheffects.withStroke(linewidth=style.halo_width * scale, foreground=to_rgba(style.halo))]


def _halo_text(owner, style: Style, scale: float, *args, **kwargs):
    """Text over a halo: the halo is a stroked copy underneath, so the text itself stays real text in SVG/PDF.

    (A path effect on the text itself would turn every label into outlines in an SVG.)
    """
    zorder = kwargs.pop("zorder", 9)
    halo = owner.text(
        *args,
        **{**kwargs, "color": to_rgba(style.halo)},
        zorder=zorder - 0.01,
        path_effects=[patheffects.Stroke(linewidth=style.halo_width * scale, foreground=to_rgba(style.halo))],
    )
    halo.set_gid("halo")
    return owner.text(*args, **kwargs, zorder=zorder)


def _cased(style: Style, text: str) -> str:
    if not style.uppercase_titles:
        return text
    # "USSRs" stays readable: words with inner capitals keep their lower-case plural.
    return " ".join(w if any(c.isupper() for c in w[1:]) else w.upper() for w in text.split(" "))


def _titles(scenario, settings: ExportSettings) -> tuple[str, str]:
    if settings.title is not None:
        return settings.title, settings.subtitle or ""
    name = scenario.name or "Untitled scenario"
    head, sep, tail = name.partition(": ")
    if sep and settings.subtitle is None:
        return head, tail[:1].upper() + tail[1:]
    return name, settings.subtitle or ""


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
    builder = _PageBuilder(scenario, settings, style, fig, renderer, page, progress, cancel)
    builder.raster = raster
    builder.build()
    return page


class _PageBuilder:
    """Places the title, map, legend, scale bar, north arrow, labels and attribution on one page."""

    def __init__(self, scenario, settings, style, fig, renderer, page, progress, cancel):
        self.scenario, self.settings, self.style = scenario, settings, style
        self.fig, self.renderer, self.page = fig, renderer, page
        self.progress, self.cancel = progress, cancel
        self.key = settings.projection
        self.layers = settings.layers
        self.W, self.H = fig.get_size_inches()
        self.k = min(max(min(self.W, self.H) / 8.27, 0.55), 2.5)  # type scale relative to A4
        self.margin = max(0.22, 0.045 * min(self.W, self.H))
        self.inch = fig.dpi_scale_trans
        self.obstacles: list[Bbox] = []  # display boxes that labels must avoid
        self._callouts: list[MapAnnotation] | None = None

    def check(self, fraction: float, text: str) -> None:
        if self.cancel():
            raise ExportCancelled()
        self.progress(fraction, text)

    # -- measuring ----------------------------------------------------------------------------------------
    def text_size(
        self, text: str, size: float, family: str, weight: str = "normal", style: str = "normal"
    ) -> tuple[float, float]:
        """Width and height in inches of a line of text."""
        t = self.fig.text(0, 0, text, fontsize=size, **_font(family), fontweight=weight, fontstyle=style)
        box = t.get_window_extent(self.renderer)
        t.remove()
        return box.width / self.fig.dpi, box.height / self.fig.dpi

    # -- the page -----------------------------------------------------------------------------------------
    def build(self) -> None:
        s, st = self.settings, self.style
        self.check(0.02, "projecting territory")
        self.polities = self._polity_geometries()
        extent = self._data_extent()
        self.check(0.2, "laying out the page")
        top = self._title_block()
        bottom = self.margin * 0.45 + (0.3 * self.k if s.attribution else 0.0)
        legend = self._legend_rows() if s.legend else []
        legend_size = self._legend_size(legend, columns=1)
        box = (self.margin, bottom + self.margin * 0.5, self.W - self.margin, self.H - top - self.margin * 0.45)
        ax_rect, extent, legend_below = self._fit_map(box, extent, legend, legend_size)
        ax = self.fig.add_axes(ax_rect)
        self.page.ax = self.ax = ax
        ax.set_xlim(extent[0], extent[1])
        ax.set_ylim(extent[2], extent[3])
        ax.set_facecolor(st.ocean)
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_edgecolor(st.frame)
            spine.set_linewidth(st.frame_width * self.k)
            spine.set_zorder(30)
        self.extent = extent
        # Vector pages may be zoomed into, so they keep the detail of a 600 dpi print.
        dpi = self.fig.dpi if self.raster else max(self.fig.dpi, 600.0)
        self.tol = detail_for((extent[1] - extent[0]) / (ax_rect[2] * self.W * dpi))
        self.check(0.3, "drawing layers")
        self._layers()
        self.check(0.6, "placing the legend")
        corners = self._corner_order()
        if legend:
            if legend_below is not None:
                self._draw_legend(legend, legend_below, columns=legend_below[2])
            else:
                corner = corners.pop(0)
                self._draw_legend(legend, self._corner_box(corner, legend_size), columns=1)
        bottoms = [c for c in corners if c[0] == "b"] or corners
        if s.scale_bar or s.north_arrow:
            self._scale_and_north(bottoms[0])
        if s.attribution:
            self._attribution()
        self.check(0.7, "placing labels")
        self._labels()
        for z, f, text in [(2.5, 0.75, "drawing land"), (4.5, 0.8, "drawing borders"), (9.5, 0.85, "drawing labels")]:
            ax.add_artist(_Checkpoint(z, f, text, self.progress, self.cancel))

    def _attribution(self) -> None:
        st = self.style
        size = 5.4 * self.k
        text = ATTRIBUTION
        if self.text_size(text, size, st.font_family)[0] > self.W - 2 * self.margin:
            # Two lines, broken at the separator nearest the middle.
            cuts = [i for i, c in enumerate(text) if c == "·"]
            cut = min(cuts, key=lambda i: abs(i - len(text) / 2))
            text = text[:cut].rstrip() + "\n" + text[cut + 1 :].lstrip()
        self.fig.text(
            self.W / 2,
            self.margin * 0.45,
            text,
            transform=self.inch,
            fontsize=size,
            **_font(st.font_family),
            color=to_rgba(st.text, 0.7),
            ha="center",
            va="bottom",
            linespacing=1.4,
            multialignment="center",
        )

    # -- geometry ---------------------------------------------------------------------------------------
    def _polity_geometries(self) -> list[tuple[str | None, object]]:
        out = []
        for pid in list(self.scenario.polities) + [None]:
            geom = self.scenario.geometry_of(pid)
            if geom is not None and not geom.is_empty:
                out.append((pid, geom))
        return out

    def _land(self):
        """The scenario's territory (all polities and unclaimed land) as one geometry, for clipping."""
        parts = tuple(geom for _, geom in self.polities)
        key = tuple(id(g) for g in parts)
        hit = _LAND_CACHE.get(key)
        if hit is None or any(a is not b for a, b in zip(hit[0], parts)):
            hit = _LAND_CACHE[key] = (parts, shapely.GeometryCollection(list(parts)))
            while len(_LAND_CACHE) > 8:
                _LAND_CACHE.pop(next(iter(_LAND_CACHE)))
        return hit[1]

    def _data_extent(self) -> tuple[float, float, float, float]:
        if self.settings.extent == "ussr":
            geom = projected(self._land(), self.key)
            x0, y0, x1, y1 = geom.bounds
            pad = 0.035 * max(x1 - x0, y1 - y0)
            return x0 - pad, x1 + pad, y0 - pad, y1 + pad
        w, s, e, n = self.settings.extent
        lon = np.r_[np.linspace(w, e, 200), np.full(100, e), np.linspace(e, w, 200), np.full(100, w)]
        lat = np.r_[np.full(200, s), np.linspace(s, n, 100), np.full(200, n), np.linspace(n, s, 100)]
        x, y = project_xy(self.key, lon, lat)
        ok = np.isfinite(x) & np.isfinite(y)
        if not ok.any():
            raise ValueError("the extent cannot be shown in this projection")
        return float(x[ok].min()), float(x[ok].max()), float(y[ok].min()), float(y[ok].max())

    def _fit_map(self, box, extent, legend, legend_size):
        """Axes rectangle (figure fractions), the data extent grown to fill it, and the legend's place."""
        x0, y0, x1, y1 = box
        bw, bh = x1 - x0, y1 - y0
        ex0, ex1, ey0, ey1 = extent
        dx, dy = ex1 - ex0, ey1 - ey0
        legend_below = None
        below_size = self._legend_size(legend, columns=2) if legend else (0, 0)
        gap = self.margin * 0.6
        if legend and bw / (dx / dy) + below_size[1] + gap <= bh:
            # Tall page: the legend goes under the map in two columns; the map may show a little more sky.
            map_h = min(bh - below_size[1] - gap, bw / (dx / dy) * 1.7)
            map_w = bw
            block = map_h + gap + below_size[1]
            top = y1 - (bh - block) * 0.5
            map_y = top - map_h
            legend_below = ((self.W - below_size[0]) / 2, map_y - gap - below_size[1], 2)
        else:
            aspect = dx / dy
            if bw / bh > aspect:
                map_h, map_w = bh, min(bw, bh * aspect * 1.3)
            else:
                map_w, map_h = bw, min(bh, bw / aspect * 1.3)
            map_y = y0 + (bh - map_h) / 2
        map_x = x0 + (bw - map_w) / 2
        # Grow the data extent about its centre to the axes' aspect (never shrink: the USSR stays whole).
        target = map_w / map_h
        cx, cy = (ex0 + ex1) / 2, (ey0 + ey1) / 2
        if dx / dy < target:
            dx = dy * target
        else:
            dy = dx / target
        extent = (cx - dx / 2, cx + dx / 2, cy - dy / 2, cy + dy / 2)
        rect = [map_x / self.W, map_y / self.H, map_w / self.W, map_h / self.H]
        self.map_box_in = (map_x, map_y, map_w, map_h)
        return rect, extent, legend_below

    # -- title ----------------------------------------------------------------------------------------------
    def _title_block(self) -> float:
        """Draw the title and subtitle; return the height they take at the top of the page (inches)."""
        st = self.style
        title, subtitle = _titles(self.scenario, self.settings)
        title, subtitle = _cased(st, title), _cased(st, subtitle) if st.uppercase_titles else subtitle
        self.page.labels = [title, subtitle]
        if not title and not subtitle:
            return self.margin * 0.5
        size = st.title_size * self.k
        sub_size = max(7.0, size * 0.42)
        # Shrink a long title until it fits the page width.
        while (
            size > 8
            and title
            and self.text_size(title, size, st.title_font_family, st.title_weight)[0] > self.W - 2 * self.margin
        ):
            size *= 0.92
        title_h = self.text_size("ÅTg", size, st.title_font_family, st.title_weight)[1] if title else 0.0
        sub_h = self.text_size("ÅTg", sub_size, st.font_family)[1] if subtitle else 0.0
        pad = self.margin * 0.55
        height = pad + title_h + (sub_h * 1.15 if subtitle else 0.0) + pad * 0.8
        banded = to_rgba(st.title_band)[3] > 0
        if banded:
            self.fig.add_artist(
                Rectangle(
                    (0, self.H - height - pad * 0.3),
                    self.W,
                    height + pad * 0.3,
                    transform=self.inch,
                    facecolor=st.title_band,
                    edgecolor="none",
                    zorder=0.5,
                )
            )
            # A thin black rule under the band, as on a printed poster.
            self.fig.add_artist(
                Rectangle(
                    (0, self.H - height - pad * 0.3 - 0.035 * self.k),
                    self.W,
                    0.035 * self.k,
                    transform=self.inch,
                    facecolor=st.frame,
                    edgecolor="none",
                    zorder=0.5,
                )
            )
        colour = st.title_colour
        y = self.H - pad - title_h / 2
        if title:
            self.fig.text(
                self.W / 2,
                y,
                title,
                transform=self.inch,
                ha="center",
                va="center",
                fontsize=size,
                **_font(st.title_font_family),
                fontweight=st.title_weight,
                color=colour,
            )
        if subtitle:
            self.fig.text(
                self.W / 2,
                y - title_h / 2 - sub_h * 0.9,
                subtitle,
                transform=self.inch,
                ha="center",
                va="center",
                fontsize=sub_size,
                **_font(st.font_family),
                color=to_rgba(colour, 0.85),
                fontstyle="normal" if banded else "italic",
            )
        return height + (pad * 0.3 if banded else 0.0)

    # -- layers ------------------------------------------------------------------------------------------------
    def _layers(self) -> None:
        st, ax, k = self.style, self.ax, self.k
        layers = self.layers
        if "graticule" in layers:
            self._graticule()
        if "neighbours" in layers:
            geoms = [f.geometry for f in reference.neighbours()]
            paths = [polygon_path(g, self.key, self.tol) for g in geoms]
            ax.add_collection(
                PathCollection(
                    paths,
                    facecolors=st.neighbour_fill,
                    edgecolors=st.neighbour_border,
                    linewidths=st.neighbour_border_width * k,
                    zorder=2,
                    joinstyle="round",
                ),
                autolim=False,
            )
        fills, borders = [], []
        if "polities" in layers:
            paths, colours, hatches = [], [], []
            for i, (pid, geom) in enumerate(self.polities):
                paths.append(polygon_path(geom, self.key, self.tol))
                colours.append(to_rgba(self._fill(pid), st.polity_opacity))
                hatches.append(HATCHES[i % len(HATCHES)] if st.hatch and pid is not None else "")
            fills = paths
            ax.add_collection(PathCollection(paths, facecolors=colours, edgecolors="none", zorder=3), autolim=False)
            for path, hatch in zip(paths, hatches):
                if hatch:
                    hatched = PathCollection(
                        [path], facecolors="none", edgecolors=to_rgba(st.text, 0.55), linewidths=0, zorder=3.1
                    )
                    hatched.set_hatch(hatch)
                    if hasattr(hatched, "set_hatch_linewidth"):
                        hatched.set_hatch_linewidth(0.5 * k)
                    ax.add_collection(hatched, autolim=False)
            borders = paths
        if "arable" in layers:
            self._arable()
        if "regions" in layers:
            paths = [polygon_path(r.geometry, self.key, self.tol) for r in self.scenario.regions.regions]
            ax.add_collection(
                PathCollection(
                    paths,
                    facecolors="none",
                    edgecolors=st.region_border,
                    linewidths=st.region_border_width * k,
                    zorder=4,
                    joinstyle="round",
                ),
                autolim=False,
            )
        if borders:
            ax.add_collection(
                PathCollection(
                    borders,
                    facecolors="none",
                    edgecolors=st.polity_border,
                    linewidths=st.polity_border_width * k,
                    zorder=5,
                    joinstyle="round",
                    capstyle="round",
                ),
                autolim=False,
            )
        if "coastline" in layers:
            # Drawn over the polity outline so the heavy border marks land frontiers, not the shore.
            width = max(st.coastline_width, st.polity_border_width * 1.05 if borders else 0.0) * k
            ax.add_collection(
                PathCollection(
                    [line_path(reference.coastline(), self.key, self.tol)],
                    facecolors="none",
                    edgecolors=st.ocean,
                    linewidths=width,
                    zorder=5.4,
                    joinstyle="round",
                    capstyle="round",
                ),
                autolim=False,
            )
            ax.add_collection(
                PathCollection(
                    [line_path(reference.coastline(), self.key, self.tol)],
                    facecolors="none",
                    edgecolors=st.coastline,
                    linewidths=st.coastline_width * k,
                    zorder=5.5,
                    joinstyle="round",
                ),
                autolim=False,
            )
        self.fill_paths = fills

    def _fill(self, pid: str | None) -> str:
        if pid is None:
            return self.style.unclaimed_fill
        return polity_colour(self.style, pid, self.scenario.polities[pid].colour)

    def _graticule(self) -> None:
        st = self.style
        step = st.graticule_step
        lon0 = 105.0
        lines = []
        lats = np.linspace(-80, 84 if self.key == "mercator" else 90, 400)
        for lon in np.arange(math.ceil((lon0 - 179.9) / step) * step, lon0 + 180.0, step):
            lines.append(np.column_stack(project_xy(self.key, np.full(lats.shape, lon), lats)))
        lons = np.linspace(lon0 - 179.9, lon0 + 179.9, 721)
        for lat in np.arange(-80.0, 90.0, step):
            lines.append(np.column_stack(project_xy(self.key, lons, np.full(lons.shape, lat))))
        from matplotlib.collections import LineCollection

        ok = [ln[np.isfinite(ln).all(axis=1)] for ln in lines]
        self.ax.add_collection(
            LineCollection(
                [ln for ln in ok if len(ln) > 1],
                colors=st.graticule,
                linewidths=st.graticule_width * self.k,
                zorder=1.5,
            ),
            autolim=False,
        )

    def _arable(self) -> None:
        try:
            from sovsplit.model.arable.sources import default_arable_grid

            grid = default_arable_grid()
        except Exception as exc:  # a missing or broken raster must not stop the rest of the map
            self.page.warnings.append(f"arable layer skipped: {exc}")
            return
        values = np.nan_to_num(np.asarray(grid.values, dtype=float), nan=0.0)
        # Only the rows and columns that hold arable land; the corners are projected once per cell edge.
        rows = np.flatnonzero(values.max(axis=1) > 0)
        cols = np.flatnonzero(values.max(axis=0) > 0)
        if not len(rows):
            return
        r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        block = values[r0:r1, c0:c1]
        lon = grid.west + grid.dx * np.arange(c0, c1 + 1)
        lat = grid.north - grid.dy * np.arange(r0, r1 + 1)
        lon2, lat2 = np.meshgrid(lon, lat)
        x, y = project_xy(self.key, lon2, lat2)
        colour = to_rgba(self.style.arable_fill)
        cmap = LinearSegmentedColormap.from_list("arable", [(*colour[:3], 0.12), (*colour[:3], 0.55)])
        mesh = self.ax.pcolormesh(
            x,
            y,
            np.ma.masked_less_equal(block, 0.0),
            cmap=cmap,
            vmin=0,
            vmax=1,
            shading="flat",
            zorder=3.5,
            rasterized=True,
            antialiased=False,
            edgecolors="none",
            linewidth=0,
        )
        mesh.set_clip_path(polygon_path(self._land(), self.key, self.tol), self.ax.transData)

    # -- legend ----------------------------------------------------------------------------------------------
    def _legend_rows(self) -> list[list[dict]]:
        """Legend sections: polities first, then the symbols of the layers shown."""
        st = self.style
        polities = []
        for i, (pid, geom) in enumerate(self.polities):
            million_km2 = memo("area", geom, lambda geom=geom: area_km2(geom)) / 1e6
            if pid is None:
                polities.append(
                    {
                        "kind": "patch",
                        "face": to_rgba(st.unclaimed_fill, st.polity_opacity),
                        "label": "Unclaimed",
                        "detail": f"{million_km2:.2f} million km²",
                    }
                )
                continue
            p = self.scenario.polities[pid]
            detail = f"{million_km2:.2f} million km²"
            if p.capital:
                detail = f"capital {p.capital} · " + detail
            polities.append(
                {
                    "kind": "patch",
                    "face": to_rgba(self._fill(pid), st.polity_opacity),
                    "hatch": HATCHES[i % len(HATCHES)] if st.hatch else "",
                    "label": p.name,
                    "detail": detail,
                }
            )
        symbols = []
        if "arable" in self.layers:
            symbols.append(
                {
                    "kind": "patch",
                    "face": to_rgba(st.arable_fill, 0.55),
                    "label": "Arable land (modelled)",
                    "edge": "none",
                }
            )
        if "ports" in self.layers:
            symbols.append({"kind": "marker", "marker": "D", "face": st.port_ice_free, "label": "Ice-free port"})
            symbols.append(
                {"kind": "marker", "marker": "D", "face": st.port_seasonal, "label": "Seasonal port (winter ice)"}
            )
        if "cities" in self.layers:
            symbols.append(
                {"kind": "marker", "marker": "*", "face": st.capital_marker, "label": "Capital", "size": 1.9}
            )
            symbols.append({"kind": "marker", "marker": "o", "face": st.city_marker, "label": "City", "size": 0.75})
        if "annotations" in self.layers and self._annotations():
            symbols.append(
                {"kind": "marker", "marker": "o", "face": st.annotation_for, "label": "Forum argument (numbered)"}
            )
        return [polities, symbols] if symbols else [polities]

    def _legend_metrics(self):
        st, k = self.style, self.k
        return {
            "label": 8.5 * k,
            "detail": 6.6 * k,
            "swatch": (0.30 * k, 0.17 * k),
            "row": 0.06 * k,
            "pad": 0.12 * k,
            "gap": 0.08 * k,
            "col_gap": 0.35 * k,
            "family": st.font_family,
        }

    def _row_size(self, row, m) -> tuple[float, float]:
        lw, lh = self.text_size(row["label"], m["label"], m["family"], "bold" if row.get("detail") else "normal")
        if row.get("detail"):
            dw, dh = self.text_size(row["detail"], m["detail"], m["family"])
            lw, lh = max(lw, dw), lh + dh + 0.02 * self.k
        return m["swatch"][0] + m["gap"] + lw, max(lh, m["swatch"][1])

    def _legend_size(self, sections, columns: int) -> tuple[float, float]:
        if not sections:
            return 0.0, 0.0
        m = self._legend_metrics()
        col_sizes = []
        for section in sections:
            sizes = [self._row_size(r, m) for r in section]
            col_sizes.append((max(w for w, _ in sizes), sum(h for _, h in sizes) + m["row"] * (len(sizes) - 1)))
        if columns >= 2 and len(sections) > 1:
            width = sum(w for w, _ in col_sizes) + m["col_gap"] * (len(col_sizes) - 1)
            height = max(h for _, h in col_sizes)
        else:
            width = max(w for w, _ in col_sizes)
            height = sum(h for _, h in col_sizes) + m["row"] * 2.5 * (len(col_sizes) - 1)
        return width + 2 * m["pad"], height + 2 * m["pad"]

    def _draw_legend(self, sections, where, columns: int) -> None:
        st, m = self.style, self._legend_metrics()
        x0, y0 = where[0], where[1]
        w, h = self._legend_size(sections, columns)
        box = FancyBboxPatch(
            (x0, y0),
            w,
            h,
            boxstyle=f"round,pad=0,rounding_size={0.05 * self.k}",
            transform=self.inch,
            facecolor=to_rgba(st.annotation_box, 0.92),
            edgecolor=to_rgba(st.frame, 0.6),
            linewidth=0.6 * self.k,
            zorder=20,
        )
        self.fig.add_artist(box)
        self.obstacles.append(
            Bbox.from_bounds(x0 * self.fig.dpi, y0 * self.fig.dpi, w * self.fig.dpi, h * self.fig.dpi)
        )
        x, top = x0 + m["pad"], y0 + h - m["pad"]
        y = top
        for section in sections:
            col_w = 0.0
            for row in section:
                rw, rh = self._row_size(row, m)
                col_w = max(col_w, rw)
                self._legend_row(row, x, y - rh, rh, m)
                y -= rh + m["row"]
            if columns >= 2:
                x += col_w + m["col_gap"]
                y = top
            else:
                y -= m["row"] * 1.5

    def _legend_row(self, row, x, y, h, m) -> None:
        st, k = self.style, self.k
        sw, sh = m["swatch"]
        cy = y + h - sh / 2 if row.get("detail") else y + h / 2
        if row["kind"] == "patch":
            patch = Rectangle(
                (x, cy - sh / 2),
                sw,
                sh,
                transform=self.inch,
                facecolor=row["face"],
                edgecolor=row.get("edge", st.polity_border),
                linewidth=0.8 * k,
                zorder=21,
            )
            if row.get("hatch"):
                patch.set_hatch(row["hatch"])
            self.fig.add_artist(patch)
        else:
            size = 6.5 * k * row.get("size", 1.0)
            self.fig.add_artist(
                Line2D(
                    [x + sw / 2],
                    [cy],
                    transform=self.inch,
                    marker=row["marker"],
                    markersize=size,
                    markerfacecolor=row["face"],
                    markeredgecolor=st.text,
                    markeredgewidth=0.6 * k,
                    linestyle="none",
                    zorder=21,
                )
            )
        tx = x + sw + m["gap"]
        if row.get("detail"):
            self.fig.text(
                tx,
                cy,
                row["label"],
                transform=self.inch,
                fontsize=m["label"],
                **_font(m["family"]),
                fontweight="bold",
                color=st.text,
                va="center",
                zorder=21,
            )
            self.fig.text(
                tx,
                y,
                row["detail"],
                transform=self.inch,
                fontsize=m["detail"],
                **_font(m["family"]),
                color=to_rgba(st.text, 0.8),
                va="bottom",
                zorder=21,
            )
        else:
            self.fig.text(
                tx,
                cy,
                row["label"],
                transform=self.inch,
                fontsize=m["label"],
                **_font(m["family"]),
                color=st.text,
                va="center",
                zorder=21,
            )

    # -- corners, scale bar, north arrow ----------------------------------------------------------------------
    def _corner_box(self, corner: str, size) -> tuple[float, float]:
        mx, my, mw, mh = self.map_box_in
        inset = 0.14 * self.k
        x = mx + inset if corner[1] == "l" else mx + mw - inset - size[0]
        y = my + inset if corner[0] == "b" else my + mh - inset - size[1]
        return x, y

    def _corner_order(self) -> list[str]:
        """Map corners ordered by how little of the USSR a box there would hide."""
        land = simplified(self._land(), self.key, 8192.0)
        ex0, ex1, ey0, ey1 = self.extent
        fx, fy = (ex1 - ex0) * 0.3, (ey1 - ey0) * 0.3
        scores = {}
        for corner in ("bl", "br", "tl", "tr"):
            x0 = ex0 if corner[1] == "l" else ex1 - fx
            y0 = ey0 if corner[0] == "b" else ey1 - fy
            scores[corner] = shapely.intersection(land, shapely.box(x0, y0, x0 + fx, y0 + fy)).area
        return sorted(scores, key=lambda c: (round(scores[c] / (fx * fy), 2), c))

    def _scale_and_north(self, corner: str) -> None:
        st, k = self.style, self.k
        ex0, ex1, ey0, ey1 = self.extent
        mx, my, mw, mh = self.map_box_in
        units_per_inch = (ex1 - ex0) / mw
        # True ground length of a short horizontal bar through the map's centre, measured geodesically.
        cx, cy = (ex0 + ex1) / 2, (ey0 + ey1) / 2
        half = (ex1 - ex0) * 0.05
        lon, lat = inverse(self.key).transform([cx - half, cx + half, cx], [cy, cy, cy])
        _, _, metres = _GEOD.inv(lon[0], lat[0], lon[1], lat[1])
        km_per_inch = metres / 1000.0 / (2 * half) * units_per_inch
        nice = _nice_length(km_per_inch * min(1.9 * k, mw * 0.28))
        bar_in = nice / km_per_inch
        label_size = 6.8 * k
        block_w, block_h = max(bar_in, 0.9 * k) + 0.3 * k, 0.55 * k + (0.62 * k if self.settings.north_arrow else 0)
        bx, by = self._corner_box(corner, (block_w, block_h))
        self.obstacles.append(
            Bbox.from_bounds(bx * self.fig.dpi, by * self.fig.dpi, block_w * self.fig.dpi, block_h * self.fig.dpi)
        )
        x0, y0 = bx + 0.15 * k, by + 0.2 * k
        if self.settings.scale_bar:
            parts = 4 if str(nice)[0] in "248" else 5
            seg = bar_in / parts
            for i in range(parts):
                self.fig.add_artist(
                    Rectangle(
                        (x0 + i * seg, y0),
                        seg,
                        0.055 * k,
                        transform=self.inch,
                        facecolor=st.text if i % 2 == 0 else st.background,
                        edgecolor=st.text,
                        linewidth=0.5 * k,
                        zorder=22,
                    )
                )
            for frac, value in ((0, 0), (0.5, nice / 2), (1, nice)):
                text = f"{value:,.0f}" if value != nice else f"{value:,.0f} km"
                _halo_text(
                    self.fig,
                    st,
                    1.0,
                    x0 + frac * bar_in,
                    y0 + 0.09 * k,
                    text,
                    transform=self.inch,
                    ha="center",
                    va="bottom",
                    fontsize=label_size,
                    **_font(st.font_family),
                    color=st.text,
                    zorder=22,
                )
            _halo_text(
                self.fig,
                st,
                1.0,
                x0,
                y0 - 0.05 * k,
                f"scale true at {lat[2]:.0f}°N",
                transform=self.inch,
                ha="left",
                va="top",
                fontsize=label_size * 0.8,
                **_font(st.font_family),
                color=to_rgba(st.text, 0.8),
                zorder=22,
            )
        if self.settings.north_arrow:
            ax_x = x0 + 0.12 * k
            ax_y = y0 + 0.62 * k
            self._north_arrow(ax_x, ax_y, 0.24 * k)

    def _north_arrow(self, x_in: float, y_in: float, length: float) -> None:
        st = self.style
        # Direction of true north at the arrow's own position on the map.
        disp = self.inch.transform((x_in, y_in))
        dx_, dy_ = self.ax.transData.inverted().transform(disp)
        lon, lat = inverse(self.key).transform(dx_, dy_)
        step = 0.5 if lat < 89 else -0.5
        nx, ny = project_xy(self.key, [lon, lon], [lat, lat + step])
        vx, vy = float(nx[1] - nx[0]), float(ny[1] - ny[0])
        if step < 0:
            vx, vy = -vx, -vy
        angle = math.atan2(vy, vx) - math.pi / 2
        c, s = math.cos(angle), math.sin(angle)

        def rot(px, py):
            return (x_in + px * c - py * s, y_in + px * s + py * c)

        w = length * 0.32
        left = [rot(0, length), rot(-w, -length * 0.25), rot(0, 0)]
        right = [rot(0, length), rot(w, -length * 0.25), rot(0, 0)]
        self.fig.add_artist(
            PolygonPatch(
                left,
                closed=True,
                transform=self.inch,
                facecolor=st.text,
                edgecolor=st.text,
                linewidth=0.6 * self.k,
                zorder=22,
            )
        )
        self.fig.add_artist(
            PolygonPatch(
                right,
                closed=True,
                transform=self.inch,
                facecolor=st.background,
                edgecolor=st.text,
                linewidth=0.6 * self.k,
                zorder=22,
            )
        )
        tx, ty = rot(0, length + 0.1 * self.k)
        _halo_text(
            self.fig,
            st,
            1.0,
            tx,
            ty,
            "N",
            transform=self.inch,
            ha="center",
            va="center",
            rotation=math.degrees(angle),
            fontsize=8.5 * self.k,
            fontweight="bold",
            **_font(st.font_family),
            color=st.text,
            zorder=22,
        )

    # -- points and labels --------------------------------------------------------------------------------------
    def _annotations(self) -> list[MapAnnotation]:
        """The callouts to draw: those the caller gave, else the shipped arguments and the scenario's notes."""
        if self._callouts is None:
            given = self.settings.annotations
            self._callouts = list(given) if given is not None else map_annotations(self.scenario)
        return self._callouts

    def _labels(self) -> None:
        st, k, ax, dpi = self.style, self.k, self.ax, self.fig.dpi
        frame = ax.get_window_extent(self.renderer)
        inner = frame.expanded(1 - 8 / frame.width, 1 - 8 / frame.height)
        requests: list[LabelRequest] = []
        markers = []  # (x, y, marker, size, face, edge, zorder)
        pt = dpi / 72.0

        def display(lon, lat):
            x, y = project_xy(self.key, [lon], [lat])
            return ax.transData.transform((float(x[0]), float(y[0])))

        def visible(p):
            return frame.x0 < p[0] < frame.x1 and frame.y0 < p[1] < frame.y1

        capitals = {p.capital for p in self.scenario.polities.values() if p.capital}
        if "ports" in self.layers:
            for port in reference.ports():
                p = display(port.geometry.x, port.geometry.y)
                if visible(p):
                    face = st.port_ice_free if port.get("ice_free") else st.port_seasonal
                    markers.append((p, "D", 4.2 * k, face, st.text, 7))
        if "cities" in self.layers:
            ranked = sorted(
                reference.cities(), key=lambda c: (c["name"] not in capitals, c.get("rank", 9), -c.get("population", 0))
            )
            for city in ranked:
                p = display(city.geometry.x, city.geometry.y)
                if not visible(p):
                    continue
                capital = city["name"] in capitals
                rank = city.get("rank", 9)
                if capital:
                    markers.append((p, "*", 11 * k, st.capital_marker, st.text, 8.2))
                else:
                    markers.append((p, "o", (4.2 if rank <= 2 else 3.2) * k, st.city_marker, st.halo, 8.1))
                size = st.capital_label_size if capital or rank <= 1 else st.label_size
                weight = "bold" if capital else st.label_weight
                requests.append(
                    self._request(
                        city["name"],
                        p,
                        size * k,
                        weight,
                        gap=(7.5 if capital else 4.0) * k * pt,
                        kind="city",
                        capital=capital,
                    )
                )
        if "annotations" in self.layers:
            for n, note in enumerate(self._annotations(), start=1):
                p = display(note.lon, note.lat)
                if visible(p):
                    colour = _stance_colour(st, note.stance)
                    markers.append((p, "o", 12 * k, colour, st.annotation_box, 9.6))
                    ax.text(
                        *ax.transData.inverted().transform(p),
                        str(n),
                        ha="center",
                        va="center",
                        fontsize=6.5 * k,
                        fontweight="bold",
                        color=st.annotation_box,
                        zorder=9.7,
                        **_font(st.font_family),
                    )
                    text = _short(note.title or f"Note {n}")
                    requests.insert(
                        0, self._request(text, p, 6.8 * k, "normal", gap=9 * k * pt, kind="note", colour=colour)
                    )
        polity_requests = []
        if "polities" in self.layers:
            for pid, geom in self.polities:
                if pid is None:
                    continue
                spot = self._polity_spot(geom)
                if spot is not None:
                    p = ax.transData.transform(spot)
                    name = self.scenario.polities[pid].name.upper()
                    inside = self._inside_test(geom)
                    for shrink in (1.0, 0.82, 0.66, 0.52):
                        req = self._request(
                            name,
                            p,
                            st.polity_label_size * k * shrink,
                            "bold",
                            gap=0,
                            kind="polity",
                            family=st.title_font_family,
                            centred=True,
                        )
                        req.accept, req.group = inside, f"polity:{pid}"
                        polity_requests.append(req)
        neighbour_requests = []
        if "neighbours" in self.layers:
            box = shapely.box(self.extent[0], self.extent[2], self.extent[1], self.extent[3])
            for f in reference.neighbours():
                g = shapely.intersection(simplified(f.geometry, self.key, 8192.0), box)
                if g.is_empty or g.area < (box.area * 0.004):
                    continue
                spot = _inner_point(g)
                neighbour_requests.append(
                    self._request(
                        f.get("name", ""),
                        ax.transData.transform(spot),
                        st.label_size * 0.95 * k,
                        "normal",
                        gap=0,
                        kind="country",
                        style="italic",
                        centred=True,
                    )
                )
        obstacles = list(self.obstacles)
        for p, _m, size, *_ in markers:
            r = size * pt * 0.5
            obstacles.append(Bbox.from_extents(p[0] - r, p[1] - r, p[0] + r, p[1] + r))
        capital_reqs = [r for r in requests if r.payload.get("capital")]
        other_reqs = [r for r in requests if not r.payload.get("capital")]
        order = polity_requests + capital_reqs + other_reqs + neighbour_requests
        placed = place_labels(order, inner, obstacles, pad=1.5 * k)
        for p, marker, size, face, edge, z in markers:
            x, y = ax.transData.inverted().transform(p)
            ax.add_line(
                Line2D(
                    [x],
                    [y],
                    marker=marker,
                    markersize=size,
                    markerfacecolor=face,
                    markeredgecolor=edge,
                    markeredgewidth=0.7 * k,
                    linestyle="none",
                    zorder=z,
                )
            )
        to_data = ax.transData.inverted()
        for item in placed:
            req = item.request
            x, y = to_data.transform((item.x, item.y))
            kind = req.payload["kind"]
            if kind == "polity":
                ax.text(
                    x,
                    y,
                    req.text,
                    ha="center",
                    va="center",
                    fontsize=req.payload["fontsize"],
                    fontweight="bold",
                    **_font(req.payload["family"]),
                    color=st.polity_label_colour,
                    zorder=6,
                )
            elif kind == "country":
                ax.text(
                    x,
                    y,
                    req.text,
                    ha="center",
                    va="center",
                    fontsize=req.payload["fontsize"],
                    fontstyle="italic",
                    **_font(st.font_family),
                    color=st.neighbour_label,
                    zorder=6.5,
                )
            else:
                colour = req.payload.get("colour", st.text)
                _halo_text(
                    ax,
                    st,
                    k,
                    x,
                    y,
                    req.text,
                    ha=item.ha,
                    va=item.va,
                    fontsize=req.payload["fontsize"],
                    fontweight=req.payload["weight"],
                    **_font(st.font_family),
                    color=colour,
                    zorder=9,
                )
        self.page.labels += [item.request.text for item in placed]

    def _request(
        self, text, p, fontsize, weight, gap, kind, family=None, style="normal", centred=False, **extra
    ) -> LabelRequest:
        family = family or self.style.font_family
        w, h = self.text_size(text, fontsize, family, weight, style)
        dpi = self.fig.dpi
        return LabelRequest(
            text,
            float(p[0]),
            float(p[1]),
            (w * dpi, h * dpi),
            gap=gap,
            centred=centred,
            payload={"kind": kind, "fontsize": fontsize, "weight": weight, "family": family, **extra},
        )

    def _inside_test(self, geom):
        """A test that a label box (display pixels) lies almost wholly on the polity's territory."""
        shape = simplified(geom, self.key, 16384.0)
        to_data = self.ax.transData.inverted()

        def inside(box: Bbox) -> bool:
            (x0, y0), (x1, y1) = to_data.transform([(box.x0, box.y0), (box.x1, box.y1)])
            rect = shapely.box(x0, y0, x1, y1)
            return shapely.intersection(shape, rect).area >= 0.85 * rect.area

        return inside

    def _polity_spot(self, geom):
        """A point deep inside the largest visible part of a polity (the centre of its widest circle)."""
        box = shapely.box(self.extent[0], self.extent[2], self.extent[1], self.extent[3])
        g = shapely.intersection(simplified(geom, self.key, 16384.0), box)
        if g.is_empty:
            return None
        return _inner_point(g)


def _inner_point(geom) -> tuple[float, float]:
    parts = shapely.get_parts(geom)
    parts = [p for p in parts if p.geom_type == "Polygon"] or list(parts)
    biggest = max(parts, key=lambda p: p.area)
    try:
        tol = max(math.sqrt(biggest.area) / 200.0, 1.0)
        centre = shapely.get_point(shapely.maximum_inscribed_circle(biggest, tol), 0)
    except Exception:  # degenerate shapes fall back to a point surely inside
        centre = biggest.representative_point()
    return float(centre.x), float(centre.y)


def _nice_length(km: float) -> float:
    """The largest 1, 2, 2.5 or 5 × 10ⁿ km not above km."""
    exp = 10 ** math.floor(math.log10(km))
    for f in (5, 2.5, 2, 1):
        if f * exp <= km:
            return f * exp
    return exp


def _stance_colour(style: Style, stance) -> str:
    text = str(stance or "").lower()
    if text in {"for", "pro", "supports", "support", "feasible", "holds", "true", "east"}:
        return style.annotation_for
    if text in {"against", "con", "refutes", "infeasible", "fails", "false", "west"}:
        return style.annotation_against
    return style.text


def _short(text: str, limit: int = 42) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
