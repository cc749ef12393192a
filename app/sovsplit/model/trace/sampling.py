"""Sample points inside each region, kept away from its border, where a map shows the region's own colour."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import shapely

from sovsplit.model.regions import RegionSet

PER_REGION = 400  # target samples per region; those near the border in the image are dropped later


@dataclass(frozen=True)
class RegionSamples:
    """Flat arrays of sample points: lon/lat (unwrapped), weight (∝ ground area) and the region's index."""

    lon: np.ndarray = field(repr=False)
    lat: np.ndarray = field(repr=False)
    weight: np.ndarray = field(repr=False)
    region: np.ndarray = field(repr=False)
    border_km: np.ndarray = field(repr=False)  # distance to the region's border (lines are drawn there)
    region_ids: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.lon)


def _grid_inside(geom, spacing: float) -> tuple[np.ndarray, np.ndarray]:
    """Grid points inside `geom`, `spacing` degrees of latitude apart and about as far apart east–west."""
    x0, y0, x1, y1 = geom.bounds
    lat_c = 0.5 * (y0 + y1)
    dx = spacing / max(np.cos(np.radians(lat_c)), 0.1)
    xs = np.arange(x0 + dx / 2, x1, dx)
    ys = np.arange(y0 + spacing / 2, y1, spacing)
    grid_x, grid_y = np.meshgrid(xs, ys)
    gx, gy = grid_x.ravel(), grid_y.ravel()
    inside = shapely.contains_xy(geom, gx, gy)
    return gx[inside], gy[inside]


def _region_points(geom, count: int) -> tuple[np.ndarray, np.ndarray]:
    """About `count` grid points inside the region (at least its representative point)."""
    shapely.prepare(geom)
    spacing = np.sqrt(geom.area / count)
    for _ in range(5):
        lon, lat = _grid_inside(geom, spacing)
        if len(lon) >= count // 3:
            return lon, lat
        spacing /= 2
    point = geom.representative_point()
    return np.append(lon, point.x), np.append(lat, point.y)


def _border_km(geom, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Distance of each point to the region's border, in km (longitudes scaled by the cosine of latitude)."""
    scale = np.cos(np.radians(0.5 * (geom.bounds[1] + geom.bounds[3])))
    border = shapely.transform(geom.boundary, lambda xy: xy * (scale, 1.0))
    return shapely.distance(border, shapely.points(lon * scale, lat)) * 111.2


@lru_cache(maxsize=4)
def region_samples(regions: RegionSet, per_region: int = PER_REGION) -> RegionSamples:
    """Samples for every region of `regions`, computed once per region set."""
    lons, lats, owners, dists = [], [], [], []
    for n, region in enumerate(regions.regions):
        lon, lat = _region_points(region.geometry, per_region)
        lons.append(lon)
        lats.append(lat)
        owners.append(np.full(len(lon), n))
        dists.append(_border_km(region.geometry, lon, lat))
    lon, lat = np.concatenate(lons), np.concatenate(lats)
    # A grid evenly spaced in km: weights only correct the shrinking of a degree of longitude within a region.
    weight = np.cos(np.radians(lat))
    return RegionSamples(lon, lat, weight, np.concatenate(owners), np.concatenate(dists), tuple(regions.ids))
