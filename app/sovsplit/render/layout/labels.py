"""Markers and labels on the map: ports, cities, forum arguments, polity and neighbour names."""

from __future__ import annotations

from typing import Any

import shapely
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from sovsplit.model import reference
from sovsplit.model.annotations.map_records import MapAnnotation, map_annotations
from sovsplit.render.geometry import (
    project_xy,
    simplified,
)
from sovsplit.render.labels import Box, LabelRequest, place_labels
from sovsplit.render.layout.common import font, halo_text, inner_point, shorten, stance_colour
from sovsplit.render.layout.parts import PageParts


class Labels(PageParts):
    """Collects markers and label requests and places them without overlaps (a part of PageBuilder)."""

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
        markers: list[tuple[Any, str, float, str, str, float]] = []  # (xy, marker, size, face, edge, zorder)
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
                    colour = stance_colour(st, note.stance)
                    markers.append((p, "o", 12 * k, colour, st.annotation_box, 9.6))
                    tx, ty = ax.transData.inverted().transform(p)
                    ax.text(
                        tx,
                        ty,
                        str(n),
                        ha="center",
                        va="center",
                        fontsize=6.5 * k,
                        fontweight="bold",
                        color=st.annotation_box,
                        zorder=9.7,
                        **font(st.font_family),
                    )
                    text = shorten(note.title or f"Note {n}")
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
                spot = inner_point(g)
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
                    **font(req.payload["family"]),
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
                    **font(st.font_family),
                    color=st.neighbour_label,
                    zorder=6.5,
                )
            else:
                colour = req.payload.get("colour", st.text)
                halo_text(
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
                    **font(st.font_family),
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

        def inside(box: Box) -> bool:
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
        return inner_point(g)
