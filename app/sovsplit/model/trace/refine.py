"""Automatic refinement: match the image's land/sea edge to the shipped coastline with a robust ICP fit."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import shapely

from sovsplit.model.reference import coast_segments
from sovsplit.model.trace.assign import pixels_per_km
from sovsplit.model.trace.colours import Palette
from sovsplit.model.trace.georef import Georeference
from sovsplit.model.trace.image import MapImage, rgb_to_lab

WORK_SIZE = 1200  # the edge is found on the image scaled down to about this many pixels on its long side
COAST_SAMPLES = 4000
KEEP = 0.7  # trimmed fit: the closest 70 % of the matches count, the rest are other coasts, lakes, labels


@dataclass(frozen=True)
class Refinement:
    """A proposed georeference and how well the coast fits before and after; the caller accepts or rejects."""

    georef: Georeference
    coast_rms_before_km: float
    coast_rms_after_km: float
    matches: int

    @property
    def improvement(self) -> float:
        """Share by which the coast misfit shrank (0.4: 40 % smaller)."""
        if self.coast_rms_before_km <= 0:
            return 0.0
        return 1.0 - self.coast_rms_after_km / self.coast_rms_before_km

    @property
    def improved(self) -> bool:
        """Worth proposing: the misfit shrank by more than a tenth (sub-pixel drifts of good points do not)."""
        return self.improvement > 0.1

    def as_dict(self) -> dict:
        return {
            "coast_rms_before_km": round(self.coast_rms_before_km, 2),
            "coast_rms_after_km": round(self.coast_rms_after_km, 2),
            "improvement": round(self.improvement, 4),
            "improved": self.improved,
            "matches": self.matches,
        }


def sea_edge(image: MapImage, palette: Palette) -> np.ndarray:
    """Pixel coordinates (x, y; full resolution) of land pixels next to the sea: the image's coast (the first
    pixel that is not sea, which is the coastline itself where the map draws one)."""
    sea = palette.sea
    if sea is None:
        return np.empty((0, 2))
    step = max(1, int(np.ceil(max(image.width, image.height) / WORK_SIZE)))
    small = image.rgb[step // 2 :: step, step // 2 :: step]
    is_sea = palette.classify(rgb_to_lab(small)) == sea.index
    edge = np.zeros_like(is_sea)
    edge[1:-1, 1:-1] = ~is_sea[1:-1, 1:-1] & (
        is_sea[:-2, 1:-1] | is_sea[2:, 1:-1] | is_sea[1:-1, :-2] | is_sea[1:-1, 2:]
    )
    ys, xs = np.nonzero(edge)
    return np.stack([xs * step + step / 2, ys * step + step / 2], axis=-1).astype(float)


def coast_points(count: int = COAST_SAMPLES) -> tuple[np.ndarray, np.ndarray]:
    """About `count` points spread evenly along the shipped coast (unwrapped lon/lat)."""
    lines = coast_segments()
    total = float(shapely.length(lines).sum())
    dense = shapely.segmentize(lines, total / count)
    xy = shapely.get_coordinates(dense)
    pick = np.linspace(0, len(xy) - 1, min(count, len(xy))).astype(int)
    return xy[pick, 0], xy[pick, 1]


def _affine_fit(src: np.ndarray, dst: np.ndarray, w: np.ndarray) -> np.ndarray:
    """2×3 affine minimising Σ w |A·src − dst|²."""
    terms = np.column_stack([src, np.ones(len(src))]) * np.sqrt(w)[:, None]
    coef, *_ = np.linalg.lstsq(terms, dst * np.sqrt(w)[:, None], rcond=None)
    return coef.T


def _apply(a: np.ndarray, xy: np.ndarray) -> np.ndarray:
    return xy @ a[:, :2].T + a[:, 2]


def _trimmed_rms(d: np.ndarray, scale: np.ndarray) -> float:
    """RMS in km of the closest KEEP share of the matches."""
    if not len(d):
        return float("nan")
    km = d / np.maximum(scale, 1e-9)
    km = np.sort(km)[: max(1, int(len(km) * KEEP))]
    return float(np.sqrt(np.mean(km**2)))


def refine_georef(
    image: MapImage, georef: Georeference, palette: Palette, regions=None, iterations: int = 40
) -> Refinement:
    """Refine `georef` so the projected coast lies on the image's coast: iterative closest points with a
    trimmed, Huber-weighted affine correction in pixel space; the control points are moved accordingly."""
    edge = sea_edge(image, palette)
    lon, lat = coast_points()
    cx, cy = georef.lonlat_to_pixel(lon, lat)
    inside = np.isfinite(cx) & np.isfinite(cy) & (cx >= 0) & (cx < image.width) & (cy >= 0) & (cy < image.height)
    coast = np.column_stack([cx, cy])[inside]
    scale = pixels_per_km(georef, lon[inside], lat[inside])
    if len(edge) < 10 or len(coast) < 10:
        return Refinement(georef, float("nan"), float("nan"), 0)
    tree = shapely.STRtree(shapely.points(edge))
    diag = float(np.hypot(image.width, image.height))
    radius = 0.05 * diag

    def nearest(xy: np.ndarray, limit: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        (qi, ti), dist = tree.query_nearest(
            shapely.points(xy), max_distance=limit, return_distance=True, all_matches=False
        )
        return qi, edge[ti], dist

    qi, _, d0 = nearest(coast, radius)
    before = _trimmed_rms(d0, scale[qi])
    a = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    for _ in range(iterations):
        moved = _apply(a, coast)
        qi, target, dist = nearest(moved, radius)
        if len(qi) < 10:
            break
        cut = np.quantile(dist, KEEP)
        keep = dist <= cut
        delta = max(float(np.median(dist[keep])), 0.5)
        w = np.where(dist[keep] <= delta, 1.0, delta / np.maximum(dist[keep], 1e-9))  # Huber
        step = _affine_fit(moved[qi[keep]], target[keep], w)
        a = np.vstack([step, [0, 0, 1]])[:2] @ np.vstack([a, [0, 0, 1]])
        radius = max(3.0 * float(np.quantile(dist, KEEP)), 0.01 * diag)
        if np.abs(step - np.array([[1, 0, 0], [0, 1, 0]])).max() < 1e-4:
            break
    qi, _, d1 = nearest(_apply(a, coast), 0.05 * diag)
    after = _trimmed_rms(d1, scale[qi])
    # The refined fit is A ∘ (map → pixel): each control point moves to where it now falls in the image.
    gx, gy = georef.lonlat_to_pixel([p.lon for p in georef.points], [p.lat for p in georef.points])
    new_xy = _apply(a, np.column_stack([gx, gy]))
    points = tuple(p.moved(x, y) for p, (x, y) in zip(georef.points, new_xy))
    return Refinement(replace(georef, points=points), before, after, len(qi))
