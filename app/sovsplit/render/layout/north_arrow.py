"""The north arrow, turned to true north at its spot on the map."""

from __future__ import annotations

import math

from matplotlib.patches import Polygon as PolygonPatch

from sovsplit.render.geometry import (
    inverse,
    project_xy,
)
from sovsplit.render.layout.common import font, halo_text
from sovsplit.render.layout.parts import PageParts


class NorthArrow(PageParts):
    """Draws the north arrow (a part of PageBuilder)."""

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
        halo_text(
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
            **font(st.font_family),
            color=st.text,
            zorder=22,
        )
