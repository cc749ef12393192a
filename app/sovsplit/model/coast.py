"""Coastline length per region and per parcel, on the ellipsoid."""

from __future__ import annotations

from functools import cache

import numpy as np
import shapely

from sovsplit.model import reference
from sovsplit.model.geodesy import WGS84
from sovsplit.model.regions import RegionSet


def _edges(geoms) -> tuple[np.ndarray, np.ndarray]:
    """Every segment of the given lines or polygon boundaries as a direction-free byte key, with its owner."""
    lines = shapely.boundary(geoms) if shapely.get_type_id(geoms[0]) in (3, 6) else geoms
    coords, owner = shapely.get_coordinates(lines, return_index=True)
    # Split multi-part boundaries into rings so that the last point of one ring is not joined to the next.
    parts, part_owner = shapely.get_parts(lines, return_index=True)
    coords, part = shapely.get_coordinates(parts, return_index=True)
    same = part[1:] == part[:-1]
    a, b = coords[:-1][same], coords[1:][same]
    swap = (a[:, 0] > b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] > b[:, 1]))
    lo = np.where(swap[:, None], b, a)
    hi = np.where(swap[:, None], a, b)
    keys = np.ascontiguousarray(np.hstack([lo, hi])).view(np.dtype((np.void, 32))).ravel()
    return keys, part_owner[part[:-1][same]]


@cache
def region_coast_km(regions: RegionSet) -> dict[str, float]:
    """Coast length of each whole region, matching coast segments to region edges by their exact vertices."""
    coast = reference.coast_segments()
    coast_keys, _ = _edges(coast)
    region_keys, region_of = _edges(regions.geometries)
    order = np.argsort(region_keys)
    sorted_keys = region_keys[order]
    pos = np.clip(np.searchsorted(sorted_keys, coast_keys), 0, len(sorted_keys) - 1)
    found = sorted_keys[pos] == coast_keys
    owners = region_of[order[pos[found]]]
    seg = np.frombuffer(coast_keys[found].tobytes(), dtype=float).reshape(-1, 4)
    _, _, dist = WGS84.inv(seg[:, 0], seg[:, 1], seg[:, 2], seg[:, 3])
    per_region = np.bincount(owners, weights=dist, minlength=len(regions)) / 1e3
    return {rid: float(km) for rid, km in zip(regions.ids, per_region)}


# A boundary edge counts as coast when both its ends lie this close (degrees, about 0.1 mm) to one coast edge:
# a cut or a border edit that meets the coast splits a coast edge at a computed point, which lies on the edge
# only to rounding, so the pieces' edges no longer equal coast edges exactly.
_ON_COAST_DEG = 1e-9


@cache
def _coast_edges():
    """The coast's edges: sorted byte keys, their end points (lo, hi) and an index of them as lines."""
    keys, _ = _edges(reference.coast_segments())
    keys = np.unique(keys)
    ends = np.frombuffer(keys.tobytes(), dtype=float).reshape(-1, 4)
    tree = shapely.STRtree(shapely.linestrings(ends.reshape(-1, 2, 2)))
    return keys, ends, tree


def coast_length_km(geom) -> float:
    """Coast on the boundary of any polygon (a cut piece of a region, say): its edges that are coast edges or
    lie on one. Summed edge by edge, so the pieces of a region always add up to the region's coast."""
    if geom is None or geom.is_empty:
        return 0.0
    coast_keys, coast_ends, tree = _coast_edges()
    keys, _ = _edges(np.array([geom], dtype=object))
    if not len(keys):
        return 0.0
    ends = np.frombuffer(keys.tobytes(), dtype=float).reshape(-1, 4)
    pos = np.clip(np.searchsorted(coast_keys, keys), 0, len(coast_keys) - 1)
    on_coast = coast_keys[pos] == keys
    rest = np.nonzero(~on_coast)[0]
    if len(rest):
        lines = shapely.linestrings(ends[rest].reshape(-1, 2, 2))
        edge, coast = tree.query(lines, predicate="dwithin", distance=_ON_COAST_DEG)
        if len(edge):
            a, b = coast_ends[coast, :2], coast_ends[coast, 2:]
            near = (_distance(ends[rest[edge], :2], a, b) <= _ON_COAST_DEG) & (
                _distance(ends[rest[edge], 2:], a, b) <= _ON_COAST_DEG
            )
            on_coast[rest[edge[near]]] = True
    seg = ends[on_coast]
    if not len(seg):
        return 0.0
    _, _, dist = WGS84.inv(seg[:, 0], seg[:, 1], seg[:, 2], seg[:, 3])
    return float(np.sum(dist) / 1e3)


def _distance(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance of points p from segments a–b (row by row), in degrees."""
    ab = b - a
    length2 = np.einsum("ij,ij->i", ab, ab)
    t = np.clip(np.einsum("ij,ij->i", p - a, ab) / np.where(length2 > 0, length2, 1.0), 0.0, 1.0)
    return np.hypot(*(a + ab * t[:, None] - p).T)
