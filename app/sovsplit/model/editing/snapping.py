"""Snapping a dragged point to the nearest parcel vertex or edge (borders, region boundaries and coast)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sovsplit.model.editing.border import edge_segments, twin_edges
from sovsplit.model.scenario import Scenario


@dataclass
class Snap:
    """Where a dragged point lands: a vertex, a point on an edge, or nowhere special (kind "free")."""

    lon: float
    lat: float
    kind: str  # "vertex", "coast vertex", "edge", "coast", "free"


class Snapper:
    """Every parcel edge and vertex (region boundaries, coast and borders all lie on them) for snapping.

    Distances are measured on screen by the caller's `to_screen` (lon/lat rows → pixel rows), so the
    tolerance is in pixels whatever the projection and zoom.
    """

    def __init__(self, scenario: Scenario):
        _, start, end, _ = edge_segments(scenario)
        lo, hi, _, twin = twin_edges(start, end)
        first = np.ones(len(lo), dtype=bool)
        first[1:] = ~twin
        shared = np.zeros(len(lo), dtype=bool)
        shared[:-1] |= twin
        self.a, self.b = lo[first], hi[first]
        # An edge only one parcel has is on the USSR's outline: the coast (or a frontier abroad).
        self.outer = ~shared[first]
        # Vertices once each: a lon/lat pair viewed as one complex number sorts fast.
        points = np.ascontiguousarray(np.vstack([self.a, self.b])).view(np.complex128).ravel()
        unique, where = np.unique(points, return_inverse=True)
        self.vertices = np.column_stack([unique.real, unique.imag])
        outer_vertex = np.zeros(len(unique), dtype=bool)
        outer_vertex[where[np.concatenate([self.outer, self.outer])]] = True
        self.outer_vertex = outer_vertex

    def snap(self, lon: float, lat: float, box, to_screen, cursor_xy, tolerance_px: float, exclude=None) -> Snap:
        """Snap to the nearest vertex within tolerance, else the nearest edge, else stay free.

        `box` (min lon, min lat, max lon, max lat) bounds the search; `exclude` is a vertex (lon, lat) that
        must not attract, with the edges that end at it (the vertex being dragged).
        """
        x0, y0, x1, y1 = box
        cursor = np.asarray(cursor_xy, dtype=float)
        v = self.vertices
        near = (v[:, 0] >= x0) & (v[:, 0] <= x1) & (v[:, 1] >= y0) & (v[:, 1] <= y1)
        if exclude is not None:
            near &= ~np.all(v == np.asarray(exclude), axis=1)
        idx = np.nonzero(near)[0]
        if len(idx):
            xy = to_screen(v[idx])
            d = np.hypot(xy[:, 0] - cursor[0], xy[:, 1] - cursor[1])
            k = int(np.argmin(d))
            if d[k] <= tolerance_px:
                i = idx[k]
                return Snap(float(v[i, 0]), float(v[i, 1]), "coast vertex" if self.outer_vertex[i] else "vertex")
        a, b = self.a, self.b
        near = (
            (np.minimum(a[:, 0], b[:, 0]) <= x1)
            & (np.maximum(a[:, 0], b[:, 0]) >= x0)
            & (np.minimum(a[:, 1], b[:, 1]) <= y1)
            & (np.maximum(a[:, 1], b[:, 1]) >= y0)
        )
        if exclude is not None:
            ex = np.asarray(exclude)
            near &= ~(np.all(a == ex, axis=1) | np.all(b == ex, axis=1))
        idx = np.nonzero(near)[0]
        if len(idx):
            t, d = closest_on_segments(cursor, to_screen(a[idx]), to_screen(b[idx]))
            k = int(np.argmin(d))
            if d[k] <= tolerance_px:
                i = idx[k]
                # Edges are straight in lon/lat, so the same fraction along them is the same point.
                point = a[i] + (b[i] - a[i]) * t[k]
                return Snap(float(point[0]), float(point[1]), "coast" if self.outer[i] else "edge")
        return Snap(lon, lat, "free")


def closest_on_segments(point, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each segment a[i]→b[i] (screen units): the fraction along it of its point nearest to `point`, and
    that point's distance (the snapper and the border tool's vertex handles both ask this)."""
    ab = b - a
    length2 = np.einsum("ij,ij->i", ab, ab)
    t = np.clip(np.einsum("ij,ij->i", point - a, ab) / np.where(length2 > 0, length2, 1.0), 0.0, 1.0)
    closest = a + ab * t[:, None]
    return t, np.hypot(closest[:, 0] - point[0], closest[:, 1] - point[1])
