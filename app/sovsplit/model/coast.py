"""Coastline length per region and per parcel, on the ellipsoid."""

from __future__ import annotations

import threading
from functools import cache

import numpy as np
import shapely

from sovsplit.model import reference
from sovsplit.model.geodesy import wgs84
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
    _, _, dist = wgs84().inv(seg[:, 0], seg[:, 1], seg[:, 2], seg[:, 3])
    per_region = np.bincount(owners, weights=dist, minlength=len(regions)) / 1e3
    return {rid: float(km) for rid, km in zip(regions.ids, per_region)}


# A cut piece's edge along the coast may end at a crossing snapped to the overlay's 1e-7° grid (model/io/
# overlay.py), a hair off the coast segment it splits: within this distance (about 3 cm) it is still coast.
_ON_COAST_DEG = 3e-7


@cache
def _coast_edges() -> tuple[np.ndarray, np.ndarray, shapely.STRtree]:
    """Every coast segment as a sorted direction-free key, the segments as 2-point lines and their index."""
    keys, _ = _edges(reference.coast_segments())
    keys = np.unique(keys)
    seg = np.frombuffer(keys.tobytes(), dtype=float).reshape(-1, 4)
    lines = shapely.linestrings(seg.reshape(-1, 2), indices=np.repeat(np.arange(len(seg)), 2))
    return keys, lines, shapely.STRtree(lines)


def _coast_mask(geom) -> tuple[np.ndarray, np.ndarray]:
    """Every boundary edge of a polygon as (x0, y0, x1, y1) in ring order, and which of them are coast: exact
    coast segments by their end points, plus the parts of a coast segment split where a border meets it."""
    keys, lines, tree = _coast_edges()
    parts = shapely.get_parts(shapely.boundary(np.array([geom], dtype=object)))
    coords, ring = shapely.get_coordinates(parts, return_index=True)
    same = ring[1:] == ring[:-1]
    seg = np.hstack([coords[:-1][same], coords[1:][same]])
    if not len(seg):
        return seg.reshape(0, 4), np.zeros(0, dtype=bool)
    edge_keys = _keys(seg)
    pos = np.clip(np.searchsorted(keys, edge_keys), 0, len(keys) - 1)
    on_coast = keys[pos] == edge_keys
    rest = np.flatnonzero(~on_coast)
    if len(rest):
        # Partial segments: midpoint near a coast segment, and both end points near that same segment.
        mid = shapely.points((seg[rest, :2] + seg[rest, 2:]) / 2.0)
        near_edge, near_coast = tree.query(mid, predicate="dwithin", distance=_ON_COAST_DEG)
        if len(near_edge):
            edge = rest[near_edge]
            ends_near = (shapely.distance(shapely.points(seg[edge, :2]), lines[near_coast]) <= _ON_COAST_DEG) & (
                shapely.distance(shapely.points(seg[edge, 2:]), lines[near_coast]) <= _ON_COAST_DEG
            )
            on_coast[edge[ends_near]] = True
    return seg, on_coast


def _keys(seg: np.ndarray) -> np.ndarray:
    a, b = seg[:, :2], seg[:, 2:]
    swap = (a[:, 0] > b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] > b[:, 1]))
    lo, hi = np.where(swap[:, None], b, a), np.where(swap[:, None], a, b)
    return np.ascontiguousarray(np.hstack([lo, hi])).view(np.dtype((np.void, 32))).ravel()


def coast_length_km(geom) -> float:
    """Coast on the boundary of any polygon (a cut piece of a region, say): its edges that are coast segments,
    found by their exact end points like region_coast_km, plus the few that are parts of a coast segment
    split where a border meets the coast. No overlay of the coast with the polygon is needed."""
    if geom is None or geom.is_empty:
        return 0.0
    seg, on_coast = _coast_mask(geom)
    if not on_coast.any():
        return 0.0
    s = seg[on_coast]
    _, _, dist = wgs84().inv(s[:, 0], s[:, 1], s[:, 2], s[:, 3])
    return float(np.sum(dist)) / 1e3


# The last territories' land borders, by identity: the window works them out on its loading worker, so the
# first paint of a scenario finds them ready.
_BORDERS: dict[int, tuple] = {}
_BORDERS_LOCK = threading.Lock()
_BORDERS_KEPT = 8


def land_border_lines(geom):
    """A polygon's boundary without its sea coast, as lines (a polity's land borders, drawn over the fills):
    its edges that are not coast, joined run by run; no overlay of the boundary with the coastline."""
    if geom is None or geom.is_empty:
        return shapely.MultiLineString()
    with _BORDERS_LOCK:
        cached = _BORDERS.get(id(geom))
    if cached is not None and cached[0] is geom:
        return cached[1]
    lines = _land_border_lines(geom)
    remember_land_border_lines(geom, lines)
    return lines


def remember_land_border_lines(geom, lines) -> None:
    """Keep a territory's land borders worked out elsewhere (read from a cache) for land_border_lines."""
    with _BORDERS_LOCK:
        _BORDERS[id(geom)] = (geom, lines)
        while len(_BORDERS) > _BORDERS_KEPT:
            del _BORDERS[next(iter(_BORDERS))]


def _land_border_lines(geom):
    seg, on_coast = _coast_mask(geom)
    keep = ~on_coast
    if not keep.any():
        return shapely.MultiLineString()
    # A new line starts wherever the previous edge was coast or ended elsewhere (another ring).
    joined = np.concatenate([[False], np.all(seg[1:, :2] == seg[:-1, 2:], axis=1)])
    starts = keep & ~(joined & np.concatenate([[False], keep[:-1]]))
    run = np.cumsum(starts)[keep] - 1
    coords = seg[keep].reshape(-1, 2)
    lines = shapely.linestrings(coords, indices=np.repeat(run, 2))
    return shapely.MultiLineString(list(lines))
