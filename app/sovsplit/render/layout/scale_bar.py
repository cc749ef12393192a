"""The scale bar (true ground distance) and the choice of page corners for the furniture."""

from __future__ import annotations

import math

import shapely
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox

from sovsplit.render.geometry import (
    inverse,
)
from sovsplit.render.layout.common import GEOD, font, halo_text
from sovsplit.render.layout.legend_place import polity_land
from sovsplit.render.layout.parts import PageParts


class ScaleBar(PageParts):
    """Places the corner items and draws the scale bar (a part of PageBuilder)."""

    # -- corners, scale bar, north arrow ----------------------------------------------------------------------
    def _corner_box(self, corner: str, size) -> tuple[float, float]:
        mx, my, mw, mh = self.map_box_in
        inset = 0.14 * self.k
        x = mx + inset if corner[1] == "l" else mx + mw - inset - size[0]
        y = my + inset if corner[0] == "b" else my + mh - inset - size[1]
        return x, y

    def _corner_order(self) -> list[str]:
        """Map corners ordered by how little of the USSR a box there would hide."""
        land = polity_land(self.key, self.polities)  # merged once per scenario (legend_place.py)
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
        _, _, metres = GEOD.inv(lon[0], lat[0], lon[1], lat[1])
        km_per_inch = metres / 1000.0 / (2 * half) * units_per_inch
        nice = nice_length(km_per_inch * min(1.9 * k, mw * 0.28))
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
                halo_text(
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
                    **font(st.font_family),
                    color=st.text,
                    zorder=22,
                )
            halo_text(
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
                **font(st.font_family),
                color=to_rgba(st.text, 0.8),
                zorder=22,
            )
        if self.settings.north_arrow:
            ax_x = x0 + 0.12 * k
            ax_y = y0 + 0.62 * k
            self._north_arrow(ax_x, ax_y, 0.24 * k)


def nice_length(km: float) -> float:
    """The largest 1, 2, 2.5 or 5 × 10ⁿ km not above km."""
    exp = 10 ** math.floor(math.log10(km))
    for f in (5, 2.5, 2, 1):
        if f * exp <= km:
            return f * exp
    return exp
