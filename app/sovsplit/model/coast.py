"""Coastline length per region and per parcel, on the ellipsoid."""

from __future__ import annotations

from functools import cache

import numpy as np
import shapely

from sovsplit.model import reference
from sovsplit.model.geodesy import WGS84, lines_length_km
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


def coast_length_km(geom) -> float:
    """Coast on the boundary of any polygon (a cut piece of a region, say)."""
    segments = reference.coast_segments()
    hits = reference.coast_index().query(geom, predicate="intersects")
    if not len(hits):
        return 0.0
    # Coast segments lie on parcel boundaries; intersecting with the closed polygon keeps them whole,
    # while a neighbour's segments touch it only at end points (which have no length).
    return float(lines_length_km(shapely.intersection(segments[hits], geom)).sum())
