"""The map frame's layers: territory, regions, borders, coast, graticule and arable land."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.colors import ListedColormap, to_rgba

from sovsplit.model import reference
from sovsplit.render.arable_ramp import arable_classes, classify
from sovsplit.render.geometry import (
    line_path,
    polygon_path,
    project_xy,
)
from sovsplit.render.layout.common import HATCHES
from sovsplit.render.layout.parts import PageParts
from sovsplit.render.path_batch import polygon_paths, simplified_all
from sovsplit.render.style import polity_colour


class MapLayers(PageParts):
    """Draws the layers inside the map frame (a part of PageBuilder)."""

    # -- layers ------------------------------------------------------------------------------------------------
    def _layers(self) -> None:
        st, ax, k = self.style, self.ax, self.k
        layers = self.layers
        if "graticule" in layers:
            self._graticule()
        if "neighbours" in layers:
            paths = polygon_paths([f.geometry for f in reference.neighbours()], self.key, self.tol)
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
            # Simplified once per territory and print scale, and kept on disk (path_batch.py).
            paths = polygon_paths([geom for _pid, geom in self.polities], self.key, self.tol)
            colours, hatches = [], []
            for i, (pid, _geom) in enumerate(self.polities):
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
            paths = polygon_paths([r.geometry for r in self.scenario.regions.regions], self.key, self.tol)
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
            simplified_all([reference.coastline()], self.key, self.tol)  # from the disk cache, if made before
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
        # A choropleth: each cell filled with its class's colour (and hatch), opaque so the legend matches.
        classes = arable_classes(self.style)
        index = classify(block, classes)
        clip = polygon_path(self._land(), self.key, self.tol)
        cmap = ListedColormap([c.colour for c in classes])
        mesh = self.ax.pcolormesh(
            x,
            y,
            np.ma.masked_less(index, 0),
            cmap=cmap,
            vmin=-0.5,
            vmax=len(classes) - 0.5,
            shading="flat",
            zorder=3.5,
            rasterized=True,
            antialiased=False,
            edgecolors="none",
            linewidth=0,
        )
        mesh.set_clip_path(clip, self.ax.transData)
        if any(c.hatch for c in classes):
            # Hatch density by class for black-and-white print: contours of the class index at cell centres.
            cx = (x[:-1, :-1] + x[1:, 1:]) / 2
            cy = (y[:-1, :-1] + y[1:, 1:]) / 2
            filled = self.ax.contourf(
                cx,
                cy,
                np.ma.masked_less(index, 0).astype(float),
                levels=np.arange(len(classes) + 1) - 0.5,
                colors="none",
                hatches=[c.hatch or None for c in classes],
                zorder=3.6,
            )
            # A contour set is one Collection since matplotlib 3.8 (the floor in pyproject.toml).
            filled.set_clip_path(clip, self.ax.transData)
            filled.set_edgecolor(to_rgba(self.style.text, 0.8))
            filled.set_linewidth(0)
