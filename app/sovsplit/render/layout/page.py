"""The page: paper, title block, map frame and attribution; it places every other layout item."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import shapely
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from shapely.geometry.base import BaseGeometry

from sovsplit.model import reference
from sovsplit.model.annotations.map_records import MapAnnotation
from sovsplit.render.geometry import (
    detail_for,
    project_xy,
    projected,
)
from sovsplit.render.layout.annotations import Annotations
from sovsplit.render.layout.common import ATTRIBUTION, LAND_CACHE, Checkpoint, ExportCancelled, MapFigure, font
from sovsplit.render.layout.labels import Labels, wrap_name
from sovsplit.render.layout.legend import Legend
from sovsplit.render.layout.legend_place import KEY_RADIUS_M, score_corners
from sovsplit.render.layout.map_layers import MapLayers
from sovsplit.render.layout.north_arrow import NorthArrow
from sovsplit.render.layout.scale_bar import ScaleBar
from sovsplit.render.layout.text_metrics import text_size as measure_text
from sovsplit.render.layout.title import TitleBlock, titles  # noqa: F401  (titles re-exported)
from sovsplit.render.settings import ExportSettings
from sovsplit.render.style import Style

# A key place stays this share of the map's width clear of its left and right edges (room for its label).
KEY_ROOM = 0.14
# The frame may show this much more than the map's own extent (sea or neighbours), to fill more of the page.
FRAME_GROWTH = 1.2
# On a tall page (portrait) the frame may grow more, downwards over China and Japan, to use the paper.
TALL_FRAME_GROWTH = 1.35
# How much larger the legend may grow to use the paper under the map on a tall page.
MAX_LEGEND_GROWTH = 1.6


@dataclass(frozen=True)
class LegendPlacement:
    """Where the legend goes: a map corner, or a page position (inches) outside the frame; and the title's drop."""

    corner: str | None = None
    where: tuple[float, float] | None = None
    columns: int = 1
    title_drop: float = 0.0


class PageBuilder(TitleBlock, MapLayers, Legend, ScaleBar, NorthArrow, Labels, Annotations):
    """Places the title, map, legend, scale bar, north arrow, labels and attribution on one page."""

    def __init__(
        self,
        scenario: Any,
        settings: ExportSettings,
        style: Style,
        fig: Figure,
        renderer: Any,
        page: MapFigure,
        progress: Callable[[float, str], None],
        cancel: Callable[[], bool],
    ) -> None:
        self.scenario, self.settings, self.style = scenario, settings, style
        self.fig, self.renderer, self.page = fig, renderer, page
        self.progress, self.cancel = progress, cancel
        self.key = settings.projection
        self.layers = settings.layers
        self.W, self.H = fig.get_size_inches()
        self.k = min(max(min(self.W, self.H) / 8.27, 0.55), 2.5)  # type scale relative to A4
        self.legend_k = self.k  # the legend's own type scale: larger under a map on a tall page
        self.margin = max(0.22, 0.045 * min(self.W, self.H))
        self.inch = fig.dpi_scale_trans
        self.obstacles: list[Bbox] = []  # display boxes that labels must avoid
        self._callouts: list[MapAnnotation] | None = None
        self._measured: dict[str, str] = {}  # argument id -> the figures its verdict rests on
        self._must: set[str] | None = None  # the names that must be labelled (labels.py)
        self.raster = True  # a raster page; build_figure says when the page is vector

    def check(self, fraction: float, text: str) -> None:
        if self.cancel():
            raise ExportCancelled()
        self.progress(fraction, text)

    # -- measuring ----------------------------------------------------------------------------------------
    def text_size(
        self, text: str, size: float, family: str, weight: str = "normal", style: str = "normal"
    ) -> tuple[float, float]:
        """Width and height in inches of a line of text (measured once per text, font and dpi: text_metrics.py)."""
        return measure_text(self.fig, self.renderer, text, size, family, weight, style)

    # -- the page -----------------------------------------------------------------------------------------
    def build(self) -> None:
        s, st = self.settings, self.style
        self.check(0.02, "projecting territory")
        self.polities = self._polity_geometries()
        extent = self._data_extent()
        if self.settings.extent == "ussr":
            extent = self._room_for_key_places(extent)
        self.check(0.2, "laying out the page")
        n_texts, n_artists = len(self.fig.texts), len(self.fig.artists)
        top = self._title_block()
        title_artists = self.fig.texts[n_texts:] + self.fig.artists[n_artists:]
        bottom = self.margin * 0.45 + (0.3 * self.k if s.attribution else 0.0)
        legend = self._legend_rows() if s.legend else []
        sizing = self._with_reserved_rows(legend)  # what the frame is fitted around (a series reserves rows)
        legend_size = self._legend_size(sizing, columns=1)
        notes = self._annotations() if "annotations" in self.layers else []
        panel_h = self._panel_height(notes, self.W - 2 * self.margin)
        if panel_h:
            bottom += panel_h + self.margin * 0.5
        box = (self.margin, bottom + self.margin * 0.5, self.W - self.margin, self.H - top - self.margin * 0.45)
        ax_rect, extent, placement = self._fit_map(box, extent, sizing, legend_size)
        if placement.title_drop:
            # The title sits just above a map centred on the page, not alone at the top of it.
            # The title block draws only texts and Rectangles (its band and rule; render/layout/title.py).
            for artist in title_artists:
                if isinstance(artist, Text):
                    x, y = artist.get_position()
                    artist.set_position((x, y - placement.title_drop))
                else:
                    band = cast(Rectangle, artist)
                    x, y = band.get_xy()
                    band.set_xy((x, y - placement.title_drop))
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
        self.page.map_box_in = self.map_box_in
        # Vector pages may be zoomed into, so they keep the detail of a 600 dpi print.
        dpi = self.fig.dpi if self.raster else max(self.fig.dpi, 600.0)
        self.tol = detail_for((extent[1] - extent[0]) / (ax_rect[2] * self.W * dpi))
        self.check(0.3, "drawing layers")
        self._layers()
        self.check(0.6, "placing the legend")
        corners = self._corner_order()
        if legend:
            if placement.corner is None:
                self._draw_legend(
                    legend, placement.where, columns=placement.columns, size=self._shared_box(legend, placement.columns)
                )
            else:
                corners.remove(placement.corner)
                where = self._corner_box(placement.corner, legend_size)
                self._draw_legend(legend, where, columns=1, size=self._shared_box(legend, 1))
                self.page.legend_box = self._metres_box(where, legend_size)
        bottoms = [c for c in corners if c[0] == "b"] or corners
        if len(bottoms) > 1:
            # The scale bar and north arrow keep off key places too (about 2.2 by 1.2 inches of furniture).
            mx, my, mw, mh = self.map_box_in
            scores = score_corners(
                self.key,
                self.polities,
                self.extent,
                (mw, mh),
                (2.2 * self.k, 1.2 * self.k),
                0.14 * self.k,
                radius=3 * KEY_RADIUS_M,  # furniture stands farther off the key places than the legend must
            )
            bottoms = [c.corner for c in scores if c.corner in bottoms]
        if s.scale_bar or s.north_arrow:
            self._scale_and_north(bottoms[0])
        if s.attribution:
            self._attribution()
        if notes:
            # Numbered markers on the map (obstacles for the place names), the full texts in a panel under it.
            groups = self._marker_groups()
            self._draw_markers(groups)
            legend_bottom = (
                placement.where[1] if legend and placement.corner is None and placement.columns == 2 else None
            )
            top = min(self.map_box_in[1], legend_bottom if legend_bottom is not None else self.map_box_in[1])
            self._draw_panel(self._panel_lines(groups), self.margin, top - self.margin * 0.5, self.W - 2 * self.margin)
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
            # The polities' own projections (the fills reuse them), not the collection's: the same bounds.
            parts = np.array([projected(g, self.key) for _, g in self.polities], dtype=object)
            x0, y0, x1, y1 = (float(v) for v in shapely.total_bounds(parts))
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

    def _room_for_key_places(self, extent):
        """The extent widened so no key place (Petropavlovsk-Kamchatsky on the Pacific edge) sits so near the
        frame that its label has nowhere to go but across its own coast."""
        ex0, ex1, ey0, ey1 = extent
        must = self._must_label()
        places = [c for c in list(reference.cities()) + list(reference.ports()) if c["name"] in must]
        if not places:
            return extent
        x, y = project_xy(self.key, [c.geometry.x for c in places], [c.geometry.y for c in places])
        # Room for the widest key name, wrapped, beside its point: its width over the page's, of the map's width
        # (a frame no wider than the page), and never less than KEY_ROOM.
        widest = max(
            self.text_size(wrap_name(c["name"]), self.style.label_size * self.k, self.style.font_family)[0]
            for c in places
        )
        share = max(KEY_ROOM, (widest + 0.25 * self.k) / (self.W - 2 * self.margin))
        room = share * (ex1 - ex0)
        outer = (min(ex0, float(x.min()) - room), max(ex1, float(x.max()) + room))
        return (outer[0], outer[1], ey0, ey1)

    def _with_reserved_rows(self, legend: list[list[dict]]) -> list[list[dict]]:
        """The legend as the frame is fitted around it: for a series, every page's polity rows (only measured,
        never drawn), so all pages share one frame."""
        reserve = self.settings.legend_reserve
        if not legend or not reserve:
            return legend
        rows = [{**legend[0][0], "label": label, "detail": detail} for label, detail in reserve]
        return [rows, *legend[1:]]

    def _shared_box(self, legend: list[list[dict]], columns: int) -> tuple[float, float] | None:
        """A series page's legend box: as wide as the widest state's rows, as tall as the state with the most
        rows, so it neither jumps nor stands half empty between pages (None: not a series)."""
        reserve, most = self.settings.legend_reserve, self.settings.legend_reserve_rows
        if not legend or not reserve:
            return None
        widest = self._legend_size(self._with_reserved_rows(legend), columns)[0]
        # Rows differ a little in height (descenders): the tallest `most` of them bound every page's rows.
        metrics = self._legend_metrics()
        rows = [{**legend[0][0], "label": label, "detail": detail} for label, detail in reserve]
        rows.sort(key=lambda row: -self._row_size(row, metrics)[1])
        return widest, self._legend_size([rows[:most], *legend[1:]], columns)[1]

    def _fit_map(self, box, extent, legend, legend_size):
        """Axes rectangle (figure fractions), the data extent grown to fill it, and the legend's place.

        The frame takes the map's own shape (its projected aspect, with at most FRAME_GROWTH more sea or
        land around it) at the largest size the page allows: under the title and over a two-column legend
        on a tall page, the whole page height on a wide one, where the legend takes the map corner that
        hides least (legend_place.py) or, if every corner hides key land, a column beside the map.
        """
        x0, y0, x1, y1 = box
        bw, bh = x1 - x0, y1 - y0
        ex0, ex1, ey0, ey1 = extent
        aspect = (ex1 - ex0) / (ey1 - ey0)
        gap = self.margin * 0.6
        below = self._legend_size(legend, columns=2) if legend else (0.0, 0.0)
        placement = LegendPlacement()
        if legend and bw / aspect + below[1] + gap <= bh:
            # Tall page: the map across the page's width, the legend centred under it, the block centred.
            map_w = bw
            map_h = min(bh - below[1] - gap, bw / aspect * TALL_FRAME_GROWTH)
            spare = bh - map_h - gap - below[1]
            if spare > 0:
                # The legend grows into half the paper left (sizes scale linearly with its type scale).
                grow = min(MAX_LEGEND_GROWTH, bw * 0.9 / below[0], (below[1] + spare * 0.5) / below[1])
                if grow > 1:
                    self.legend_k = self.k * grow
                    below = self._legend_size(legend, columns=2)
                    spare = bh - map_h - gap - below[1]
            map_y = y1 - spare / 2 - map_h
            placement = LegendPlacement(None, ((self.W - below[0]) / 2, map_y - gap - below[1]), 2, spare / 2)
            if to_rgba(self.style.title_band)[3] > 0:
                placement = LegendPlacement(None, placement.where, 2, 0.0)  # a title band stays at the top
            # The added height goes mostly south, over China and Japan, rather than over the polar sea.
            below = 0.7 if self.settings.extent == "ussr" else 0.5  # a user's own extent stays centred
            return self._place_map(x0, map_y, map_w, map_h, extent, placement, below=below)
        else:
            map_h, map_w = (bh, min(bw, bh * aspect * FRAME_GROWTH)) if bw / bh > aspect else (bh, bw)
            if bw / bh <= aspect:
                map_w, map_h = bw, min(bh, bw / aspect * FRAME_GROWTH)
            map_y = y0 + (bh - map_h) / 2
            if legend:
                scores = score_corners(
                    self.key,
                    self.polities,
                    self._grown(extent, map_w / map_h),
                    (map_w, map_h),
                    legend_size,
                    0.14 * self.k,
                )
                best = scores[0]
                placement = LegendPlacement(best.corner, None, 1)
                side_w = map_w - legend_size[0] - gap
                # A series keeps its legend beside the map on every page: a corner that suits one state may not
                # suit the next, and every page must share one frame.
                if (not best.acceptable or self.settings.legend_reserve) and side_w > bw * 0.6:
                    # Every corner hides key land: the legend stands in a column beside the map.
                    map_w = min(side_w, bh * aspect * FRAME_GROWTH)
                    map_h = min(bh, map_w / aspect * TALL_FRAME_GROWTH)  # narrower: may take more height
                    map_y = y0 + (bh - map_h) / 2
                    left = x0 + (bw - map_w - gap - legend_size[0]) / 2
                    where = (left + map_w + gap, map_y)
                    placement = LegendPlacement(None, where, 1)
                    return self._place_map(left, map_y, map_w, map_h, extent, placement)
        map_x = x0 + (bw - map_w) / 2
        return self._place_map(map_x, map_y, map_w, map_h, extent, placement)

    def _grown(self, extent, target: float, below: float = 0.5):
        """The data extent grown to the aspect `target` (never shrunk: the USSR stays whole).

        `below` is the share of any added height that goes under the map (the rest over it).
        """
        ex0, ex1, ey0, ey1 = extent
        dx, dy = ex1 - ex0, ey1 - ey0
        cx, cy = (ex0 + ex1) / 2, (ey0 + ey1) / 2
        if dx / dy < target:
            dx = dy * target
        else:
            cy += (dx / target - dy) * (0.5 - below)
            dy = dx / target
        return (cx - dx / 2, cx + dx / 2, cy - dy / 2, cy + dy / 2)

    def _place_map(self, map_x, map_y, map_w, map_h, extent, placement, below: float = 0.5):
        rect = [map_x / self.W, map_y / self.H, map_w / self.W, map_h / self.H]
        self.map_box_in = (map_x, map_y, map_w, map_h)
        return rect, self._grown(extent, map_w / map_h, below), placement

    def _metres_box(self, where, size) -> tuple[float, float, float, float]:
        """A page box (inches) in the map's metres."""
        mx, my, mw, mh = self.map_box_in
        ex0, ex1, ey0, ey1 = self.extent
        sx, sy = (ex1 - ex0) / mw, (ey1 - ey0) / mh
        x0, y0 = ex0 + (where[0] - mx) * sx, ey0 + (where[1] - my) * sy
        return (x0, y0, x0 + size[0] * sx, y0 + size[1] * sy)
