"""Markers and labels on the map: ports, cities, forum arguments, polity and neighbour names."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import shapely
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from sovsplit.model import reference
from sovsplit.model.formatting import map_name
from sovsplit.render.area_label_axis import label_angle, spaced
from sovsplit.render.geometry import (
    project_xy,
    simplified,
)
from sovsplit.render.labels import LabelRequest, outline, place_labels
from sovsplit.render.layout.common import font, halo_text
from sovsplit.render.layout.label_fit import LabelFit, PlacedLabel
from sovsplit.render.layout.parts import PageParts
from sovsplit.render.layout.sea_labels import draw_sea
from sovsplit.render.layout.sea_labels import sea_requests as sea_requests_for
from sovsplit.render.layout.spot_store import interior_spots  # the spots found before, from disk
from sovsplit.render.path_batch import simplified_all

# How far (in label gaps) a key place's label may stand off its point; beyond the first it gets a leader line.
REACHES = (1.0, 2.2)
# Then a ring of spots farther out (points), in 16 directions, for a key place hemmed in by coast and frame.
RING = (16.0, 28.0, 44.0, 64.0)


def wrap_name(name: str) -> str:
    """A long place name on two lines, broken after the hyphen or at the space nearest its middle."""
    cuts = [i + 1 for i, c in enumerate(name) if c == "-"] + [i for i, c in enumerate(name) if c == " "]
    if len(name) < 12 or not cuts:
        return name
    cut = min(cuts, key=lambda i: abs(i - len(name) / 2))
    return name[:cut].rstrip() + "\n" + name[cut:].lstrip()


class Labels(PageParts):
    """Collects markers and label requests and places them without overlaps (a part of PageBuilder)."""

    # -- points and labels --------------------------------------------------------------------------------------
    def _labels(self) -> None:
        st, k, ax, dpi = self.style, self.k, self.ax, self.fig.dpi
        frame = ax.get_window_extent(self.renderer)
        inner = frame.expanded(1 - 8 / frame.width, 1 - 8 / frame.height)
        requests: list[LabelRequest] = []
        markers: list[tuple[Any, str, float, str, str, float]] = []  # (xy, marker, size, face, edge, zorder)
        pt = dpi / 72.0
        mpp = (self.extent[1] - self.extent[0]) / frame.width
        fit = self.label_fit = LabelFit(
            ax.transData.inverted().transform,
            self.key,
            [g for g in self.polities if g[0] is not None],
            [geom for _pid, geom in self.polities],
            mpp,
        )
        must = self._must_label()

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
                gap = (7.5 if capital else 4.0) * k * pt
                # Key places (the scenario's cities, the smaller polities' ports) try farther spots too.
                requests += self._place_requests(
                    city["name"], p, size * k, weight, gap, city["name"] in must, fit, kind="city", capital=capital
                )
            if "ports" in self.layers:
                named = {c["name"] for c in reference.cities()}
                for port in reference.ports():
                    if port["name"] in named or port["name"] not in must:
                        continue
                    p = display(port.geometry.x, port.geometry.y)
                    if not visible(p):
                        continue
                    requests += self._place_requests(
                        port["name"], p, st.label_size * 0.92 * k, "normal", 4.0 * k * pt, True, fit, kind="port"
                    )
        polity_requests = []
        if "polities" in self.layers:
            # The polities' coarse outlines at once, from the disk cache when made before (path_batch.py).
            simplified_all([geom for pid, geom in self.polities if pid is not None], self.key, 16384.0)
            for pid, geom in self.polities:
                if pid is not None:
                    polity_requests += self._polity_requests(pid, geom, fit)
        neighbour_requests = []
        if "neighbours" in self.layers:
            box = shapely.box(self.extent[0], self.extent[2], self.extent[1], self.extent[3])
            # The coarse outlines come from the disk cache when an earlier export made them (path_batch.py).
            outlines = simplified_all([f.geometry for f in reference.neighbours()], self.key, 8192.0)
            for f, coarse in zip(reference.neighbours(), outlines):
                g = shapely.intersection(coarse, box)
                if g.is_empty or g.area < (box.area * 0.004):
                    continue
                test = fit.inside_or_at_sea(g)
                for spot in interior_spots(g, 3):
                    req = self.label_request(
                        f.get("name", ""),
                        ax.transData.transform(spot),
                        st.label_size * 0.95 * k,
                        "normal",
                        gap=0,
                        kind="country",
                        style="italic",
                        centred=True,
                    )
                    req.accept, req.group = test, f"country:{f.get('name', '')}"
                    neighbour_requests.append(req)
        sea_requests = sea_requests_for(self, fit) if "seas" in self.layers else []
        obstacles = list(self.obstacles)
        for p, _m, size, *_ in markers:
            r = size * pt * 0.5
            obstacles.append(Bbox.from_extents(p[0] - r, p[1] - r, p[0] + r, p[1] + r))
        # Capitals, then the places the scenario is about, then the rest (a stable sort keeps rank order).
        requests.sort(key=lambda r: (not r.payload.get("capital"), r.group.partition(":")[2] not in must))
        order = polity_requests + requests + neighbour_requests + sea_requests
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
                    req.payload.get("shown", req.text),
                    rotation=req.angle,
                    rotation_mode="anchor",
                    ha="center",
                    multialignment="center",
                    linespacing=1.0,
                    va="center",
                    fontsize=req.payload["fontsize"],
                    fontweight="bold",
                    **font(req.payload["family"]),
                    color=st.polity_label_colour,
                    zorder=6,
                )
            elif kind == "sea":
                draw_sea(ax, st, x, y, req)
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
                if req.payload.get("leader"):
                    self._leader(req, item.box, to_data)
                if req.centred:  # a ring spot: written beside its leader, not centred on a place
                    item.ha = "center"
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
        self.page.placed += [
            PlacedLabel(
                item.request.text,
                item.request.payload["kind"],
                fit.data_box(item.box),
                tuple(map(tuple, fit.to_data(np.array(outline(item.box))))) if item.request.angle else (),
            )
            for item in placed
        ]

    def label_request(
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

    def _polity_requests(self, pid, geom, fit) -> list[LabelRequest]:
        """A polity's name at falling sizes, on one line then wrapped, at the deepest points of its territory.

        Each must lie wholly inside the polity and cross no coast or frontier, so a name never spills over
        the West-East border; the first that fits wins (one group).
        """
        st, k = self.style, self.k
        box = shapely.box(self.extent[0], self.extent[2], self.extent[1], self.extent[3])
        shape = shapely.intersection(simplified(geom, self.key, 16384.0), box)
        if shape.is_empty:
            return []
        name = map_name(self.scenario.polities[pid].name).upper()
        words = name.split()
        wrapped = "\n".join([" ".join(words[: (len(words) + 1) // 2]), " ".join(words[(len(words) + 1) // 2 :])])
        texts = [name] + ([wrapped] if len(words) > 1 else [])
        test = fit.inside(shape)
        spots = [self.ax.transData.transform(s) for s in interior_spots(shape, 5)]
        if not spots:
            return []
        # At each spot, deepest first: along the territory's long axis, then level (the axes show metres at one
        # scale, so the angle in metres is the angle on the page); letter-spaced before solid.
        angles = dict.fromkeys((label_angle(shape), 0.0))
        out = []
        for shrink in (1.0, 0.82, 0.66, 0.52, 0.42):
            for text in texts:
                forms = []  # measured once per size and form; the spots and angles share it
                for shown in dict.fromkeys((spaced(text), text)):
                    form = self.label_request(
                        shown,
                        spots[0],
                        st.polity_label_size * k * shrink,
                        "bold",
                        gap=0,
                        kind="polity",
                        family=st.title_font_family,
                        centred=True,
                    )
                    form.text, form.payload["shown"] = text, shown
                    forms.append(form)
                for angle in angles:
                    for p in spots:
                        for form in forms:
                            req = replace(form, x=float(p[0]), y=float(p[1]), angle=angle, payload=dict(form.payload))
                            req.accept, req.group = test, f"polity:{pid}"
                            out.append(req)
        return out

    def _place_requests(self, name, p, size, weight, gap, key, fit, **payload) -> list[LabelRequest]:
        """A place's label beside its point; a key place's also farther off, wrapped, and on rings with leaders."""
        texts = [name, wrap_name(name)] if key else [name]
        out = []
        for text in dict.fromkeys(texts):
            for reach in REACHES if key else (1.0,):
                req = self.label_request(text, p, size, weight, gap=gap * reach, leader=reach > 1, **payload)
                req.accept, req.group = fit.clear, f"place:{name}"
                out.append(req)
        if key:
            out += self._ring(out[:: len(REACHES)], fit.clear)
        return out

    def _ring(self, near: list[LabelRequest], accept) -> list[LabelRequest]:
        """Requests for a key place's label (each form of it) on rings around its point, nearest ring first;
        each will get a leader line back to the point."""
        out = []
        pt = self.fig.dpi / 72.0
        for reach in RING:
            d = reach * self.k * pt
            for form in near:
                w, h = form.size
                for i in range(16):
                    a = np.pi * 2 * i / 16
                    cx = form.x + np.cos(a) * (d + w / 2)
                    cy = form.y + np.sin(a) * (d + h / 2)
                    req = LabelRequest(
                        form.text,
                        float(cx),
                        float(cy),
                        form.size,
                        centred=True,
                        payload={**form.payload, "leader": True, "anchor": (form.x, form.y)},
                    )
                    req.accept, req.group = accept, form.group
                    out.append(req)
        return out

    def _leader(self, req, box, to_data) -> None:
        """A thin line from a place to its label standing off it, ending at the box's nearest edge."""
        ax_, ay_ = req.payload.get("anchor", (req.x, req.y))
        ex = min(max(ax_, box.x0), box.x1)
        ey = min(max(ay_, box.y0), box.y1)
        (x0, y0), (x1, y1) = to_data.transform([(ax_, ay_), (ex, ey)])
        self.ax.add_line(
            Line2D([x0, x1], [y0, y1], color=self.style.text, linewidth=0.5 * self.k, alpha=0.8, zorder=8.9)
        )

    def _must_label(self) -> set[str]:
        """Names that must be on the map: the scenario's cities and the ports of every polity but the largest."""
        if self._must is not None:
            return self._must
        names = {c["name"] for c in reference.cities() if "scenario" in (c.get("roles") or [])}
        owners = {}
        for pid, geom in self.polities:
            if pid is not None:
                owners[pid] = geom
        ports = list(reference.ports()) + [c for c in reference.cities() if "port" in (c.get("roles") or [])]
        if len(owners) > 1 and ports:
            largest = max(owners, key=lambda pid: owners[pid].area)
            # A port belongs to a smaller polity if a small disc round it touches one; each polity is tested as
            # it is (an index over the discs), not merged into one shape first, which cost more than the test.
            discs = shapely.STRtree(shapely.buffer(np.array([port.geometry for port in ports]), 0.05))
            small = [g for pid, g in owners.items() if pid != largest]
            hits = set(discs.query(small, predicate="intersects")[1].tolist())
            names.update(port["name"] for i, port in enumerate(ports) if i in hits)
        self._must = names
        return names
