"""The page: paper, title block, map frame and attribution; it places every other layout item."""

from __future__ import annotations

import numpy as np
import shapely
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox
from shapely.geometry.base import BaseGeometry

from sovsplit.render.geometry import (
    detail_for,
    project_xy,
    projected,
)
from sovsplit.render.layout.common import ATTRIBUTION, LAND_CACHE, Checkpoint, ExportCancelled, cased, font
from sovsplit.render.layout.labels import Labels
from sovsplit.render.layout.legend import Legend
from sovsplit.render.layout.map_layers import MapLayers
from sovsplit.render.layout.north_arrow import NorthArrow
from sovsplit.render.layout.scale_bar import ScaleBar
from sovsplit.render.settings import ExportSettings


def titles(scenario, settings: ExportSettings) -> tuple[str, str]:
    if settings.title is not None:
        return settings.title, settings.subtitle or ""
    name = scenario.name or "Untitled scenario"
    head, sep, tail = name.partition(": ")
    if sep and settings.subtitle is None:
        return head, tail[:1].upper() + tail[1:]
    return name, settings.subtitle or ""


class PageBuilder(MapLayers, Legend, ScaleBar, NorthArrow, Labels):
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
        self._callouts = None
        self.raster = True  # a raster page; build_figure says when the page is vector

    def check(self, fraction: float, text: str) -> None:
        if self.cancel():
            raise ExportCancelled()
        self.progress(fraction, text)

    # -- measuring ----------------------------------------------------------------------------------------
    def text_size(
        self, text: str, size: float, family: str, weight: str = "normal", style: str = "normal"
    ) -> tuple[float, float]:
        """Width and height in inches of a line of text."""
        t = self.fig.text(0, 0, text, fontsize=size, **font(family), fontweight=weight, fontstyle=style)
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
            ax.add_artist(Checkpoint(z, f, text, self.progress, self.cancel))

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
            **font(st.font_family),
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

    def _land(self) -> BaseGeometry:
        """The scenario's territory (all polities and unclaimed land) as one geometry, for clipping."""
        parts = tuple(geom for _, geom in self.polities)
        key = tuple(id(g) for g in parts)
        hit = LAND_CACHE.get(key)
        if hit is None or any(a is not b for a, b in zip(hit[0], parts)):
            hit = LAND_CACHE[key] = (parts, shapely.GeometryCollection(list(parts)))
            while len(LAND_CACHE) > 8:
                LAND_CACHE.pop(next(iter(LAND_CACHE)))
        return hit[1]

    def _data_extent(self) -> tuple[float, float, float, float]:
        if isinstance(self.settings.extent, str):  # "ussr": the whole territory
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
        title, subtitle = titles(self.scenario, self.settings)
        title, subtitle = cased(st, title), cased(st, subtitle) if st.uppercase_titles else subtitle
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
                **font(st.title_font_family),
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
                **font(st.font_family),
                color=to_rgba(colour, 0.85),
                fontstyle="normal" if banded else "italic",
            )
        return height + (pad * 0.3 if banded else 0.0)
