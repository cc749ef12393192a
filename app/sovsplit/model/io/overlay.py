"""Parcels of a file whose polities do not list their regions: each polity clipped to each region it meets."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cache

import numpy as np
import shapely
import shapely.errors
from shapely.geometry.base import BaseGeometry

from sovsplit.model.io.code_digest import source_digest
from sovsplit.model.io.parse_cache import cached_result
from sovsplit.model.regions import RegionSet
from sovsplit.model.scenario import Parcel

# Pieces smaller than this (in square degrees, about 100 m²) are overlay noise, not territory.
NOISE_DEG2 = 1e-8
# Every overlay runs on this grid (about 1 cm, snap-rounding): pieces of neighbouring regions, computed apart,
# meet at identical vertices so coverage operations accept them, and near-coincident borders (a polity drawn
# along a region's edge) cannot send GEOS into its slow fallbacks. The shipped regions' vertices lie on the
# grid already (5 decimals), so their edges come out of the overlay unchanged.
GRID_DEG = 1e-7
_VERSION = b"sovsplit-overlay-1"
_WORKERS = max(1, min(4, os.cpu_count() or 1))
_AUTHALIC_KM = 6371.0072  # radius of the sphere with the WGS84 ellipsoid's area


@dataclass(frozen=True)
class Overlay:
    """The parcels of an overlay, their owners (polity index, -1: unclaimed) and what each polity lost."""

    parcels: list[Parcel]
    owner: list[int]
    inside_km2: list[float]  # each polity's area inside the USSR
    overlap_km2: list[float]  # each polity's area already claimed by an earlier polity
    outside_km2: list[float]  # each polity's area outside the USSR (not counted)
    unclaimed_km2: float  # the USSR's area no polity holds


def overlay(regions: RegionSet, geometries: list[BaseGeometry]) -> Overlay:
    """Parcels of polities `geometries` (earlier ones win overlaps), cached on disk by the inputs' content."""
    # Keyed by this module's own code too, so a changed overlay never serves parcels an older one made.
    digest = hashlib.sha256(_VERSION + source_digest(__file__))
    digest.update(hashlib.sha256(b"".join(shapely.to_wkb(regions.geometries))).digest())
    for geom in geometries:
        digest.update(shapely.to_wkb(geom))

    def compute():
        result = _compute(regions, geometries)
        meta = {
            "ids": [p.id for p in result.parcels],
            "regions": [p.region_id for p in result.parcels],
            "owner": result.owner,
            "inside_km2": result.inside_km2,
            "overlap_km2": result.overlap_km2,
            "outside_km2": result.outside_km2,
            "unclaimed_km2": result.unclaimed_km2,
        }
        # Whole regions are stored as empty geometries and take the shipped object back on reading.
        stored = [
            shapely.Polygon() if p.geometry is regions[p.region_id].geometry else p.geometry for p in result.parcels
        ]
        return meta, stored

    meta, stored = cached_result(digest.digest(), "overlay", compute)
    parcels = [
        Parcel(pid, rid, regions[rid].geometry if g.is_empty else g)
        for pid, rid, g in zip(meta["ids"], meta["regions"], stored)
    ]
    return Overlay(
        parcels,
        list(meta["owner"]),
        list(meta["inside_km2"]),
        list(meta["overlap_km2"]),
        list(meta["outside_km2"]),
        float(meta["unclaimed_km2"]),
    )


def _compute(regions: RegionSet, geometries: list[BaseGeometry]) -> Overlay:
    from concurrent.futures import Future, ThreadPoolExecutor  # only files without region lists need it

    found: list[tuple[int, int, BaseGeometry | None]] = []  # (polity, region, piece; None: to be cut)
    for index, geom in enumerate(geometries):
        # Which regions the border crosses is asked of the border without redundant vertices, but the cut is
        # made with every vertex: areas read each edge as a geodesic, so a densified edge is a different line.
        inside, crossed = _classify(regions, _without_redundant_vertices(geom))
        found += [(index, int(r), regions.geometries[r]) for r in inside]
        found += [(index, int(r), None) for r in crossed]
    # A region only one polity's border reaches is finished in its cut: its unclaimed rest is the region minus
    # the clipped polity, noded once with the piece (region minus piece would node the piece's edges again).
    reached = np.bincount([f[1] for f in found], minlength=len(regions.regions))
    alone = {f[1]: f[0] for f in found if f[2] is None and reached[f[1]] == 1}
    # The overlays are independent and GEOS runs them without the GIL: one thread per core. The biggest regions
    # go first, so no core waits alone on a big coastal region at the end.
    size = shapely.get_num_coordinates(regions.geometries)
    with ThreadPoolExecutor(_WORKERS) as pool:
        jobs: dict[int, Future] = {}  # a region's finished pieces
        cuts: dict[tuple[int, int], Future] = {}  # a polity's piece of a region its border crosses
        for index, region_index, piece in sorted(found, key=lambda f: -size[f[1]]):
            if region_index in alone:
                jobs[region_index] = pool.submit(_cut_alone, regions.geometries[region_index], geometries[index], index)
            elif piece is None:
                cuts[index, region_index] = pool.submit(_cut, regions.geometries[region_index], geometries[index])
        held: dict[int, list[tuple[BaseGeometry, int]]] = {}
        for index, region_index, piece in found:  # in polity order: earlier polities first
            if region_index not in alone:
                piece = piece if piece is not None else cuts[index, region_index].result()
                if piece is not None:
                    held.setdefault(region_index, []).append((piece, index))
        for region_index in sorted(range(len(regions.regions)), key=lambda r: -size[r]):
            if region_index not in alone:
                jobs[region_index] = pool.submit(
                    _region_pieces, regions.geometries[region_index], held.get(region_index, [])
                )
        finished = [jobs[r].result() for r in range(len(regions.regions))]
    n = len(geometries)
    inside_km2, overlap_km2 = [0.0] * n, [0.0] * n
    parcels: list[Parcel] = []
    owner: list[int] = []
    unclaimed_km2 = 0.0
    for region, (pieces, lost) in zip(regions.regions, finished):
        for polity, km2 in lost.items():
            overlap_km2[polity] += km2
        if len(pieces) <= 1:
            pieces = [(region.geometry, pieces[0][1] if pieces else -1)]
        for number, (geom, polity) in enumerate(pieces, start=1):
            whole = geom is region.geometry
            parcels.append(Parcel(region.id if whole else f"{region.id}/{number}", region.id, geom))
            owner.append(polity)
            km2 = rough_km2(geom)
            if polity < 0:
                unclaimed_km2 += km2
            else:
                inside_km2[polity] += km2
    outside_km2 = [
        max(rough_km2(g) - inside - lost, 0.0) for g, inside, lost in zip(geometries, inside_km2, overlap_km2)
    ]
    return Overlay(parcels, owner, inside_km2, overlap_km2, outside_km2, unclaimed_km2)


def rough_km2(geom: BaseGeometry) -> float:
    """Area in km² on the authalic sphere (sinusoidal projection, equal-area): within about 0.5 % of the
    ellipsoid's figure, and a vectorised transform instead of a geodesic sum per ring, for warnings only."""
    radians = np.pi / 180.0
    projected = shapely.transform(
        geom, lambda xy: np.column_stack([xy[:, 0] * radians * np.cos(xy[:, 1] * radians), xy[:, 1] * radians])
    )
    return float(shapely.area(projected)) * _AUTHALIC_KM**2


def _region_pieces(
    region: BaseGeometry, pieces: list[tuple[BaseGeometry, int]]
) -> tuple[list[tuple[BaseGeometry, int]], dict[int, float]]:
    """A region's pieces held by polities plus the unclaimed rest, and the km² each polity lost to overlaps
    (an overlap stays with the earlier polity)."""
    lost: dict[int, float] = {}
    if not pieces or (len(pieces) == 1 and pieces[0][0] is region):
        return pieces, lost
    geoms = [g for g, _ in pieces]
    if len(geoms) == 1:
        taken = geoms[0]
    else:
        try:
            # Pieces cut on one grid from polities that do not overlap form a coverage: a linear-time union.
            # GEOS refuses one with overlaps (it compares areas), and only then are they resolved.
            taken = shapely.coverage_union_all(geoms)
        except shapely.errors.GEOSException:
            pieces = _resolve(pieces, lost)
            taken = shapely.union_all([g for g, _ in pieces], grid_size=GRID_DEG)
    rest = _polygonal(shapely.difference(region, taken, grid_size=GRID_DEG))
    return (pieces + [(rest, -1)] if rest.area > NOISE_DEG2 else pieces), lost


def _classify(regions: RegionSet, geom: BaseGeometry) -> tuple[np.ndarray, np.ndarray]:
    """Indexes of the regions the polity holds whole, and of those its border crosses (to be cut)."""
    candidates = regions.tree.query(geom)  # envelopes only: cheap
    if not len(candidates):
        return candidates, candidates
    shapely.prepare(geom)
    # Masks, not np.intersect1d/np.unique: those import numpy.ma (50 ms) in a process that had no need of it.
    candidate = np.zeros(len(regions.regions), dtype=bool)
    candidate[candidates] = True
    border = np.zeros(len(regions.regions), dtype=bool)
    border[_crossed_regions(regions, geom)] = True
    crossed = np.flatnonzero(candidate & border)
    # A region the polity's border does not cross lies wholly inside or wholly outside: one point decides.
    untouched = np.flatnonzero(candidate & ~border)
    return untouched[shapely.contains(geom, _inner_points(regions)[untouched])], crossed


def _cut(region: BaseGeometry, geom: BaseGeometry) -> BaseGeometry | None:
    """The part of a region inside the polity: the region itself if the border only touched it, None if
    nothing but noise is left."""
    return _piece(region, shapely.intersection(region, _clipped(region, geom), grid_size=GRID_DEG))


def _cut_alone(
    region: BaseGeometry, geom: BaseGeometry, polity: int
) -> tuple[list[tuple[BaseGeometry, int]], dict[int, float]]:
    """A region only this polity reaches, as _region_pieces gives it: the polity's piece and the unclaimed rest."""
    clipped = _clipped(region, geom)
    piece = _piece(region, shapely.intersection(region, clipped, grid_size=GRID_DEG))
    if piece is None or piece is region:
        return ([] if piece is None else [(region, polity)]), {}
    rest = _polygonal(shapely.difference(region, clipped, grid_size=GRID_DEG))
    return [(piece, polity)] + ([(rest, -1)] if rest.area > NOISE_DEG2 else []), {}


def _clipped(region: BaseGeometry, geom: BaseGeometry) -> BaseGeometry:
    # A polity spanning half a continent is first cut to the region's box: the overlay then works on a
    # piece of about the region's size instead of the whole polity.
    bounds = shapely.bounds(region)
    clipped = shapely.clip_by_rect(geom, *bounds)
    if not shapely.is_valid(clipped):
        # clip_by_rect does not promise a valid result (rings along the box's edge); the overlay does.
        clipped = shapely.intersection(geom, shapely.box(*bounds), grid_size=GRID_DEG)
    return clipped


def _piece(region: BaseGeometry, overlaid: BaseGeometry) -> BaseGeometry | None:
    piece = _polygonal(overlaid)
    if piece.area >= region.area * (1.0 - 1e-9):
        return region
    return piece if piece.area > NOISE_DEG2 else None


def _without_redundant_vertices(geom: BaseGeometry) -> BaseGeometry:
    """The polity without vertices that lie within 0.1 mm of the line through their neighbours (a border
    densified by another tool): where it follows a region's edges, its edges then match theirs exactly."""
    simpler = shapely.simplify(geom, 1e-9, preserve_topology=False)
    if shapely.get_num_coordinates(simpler) == shapely.get_num_coordinates(geom) or not shapely.is_valid(simpler):
        return geom
    return simpler


def _crossed_regions(regions: RegionSet, geom: BaseGeometry) -> np.ndarray:
    """Indexes of regions whose interior the polity's border may cross: the border's edges that are not
    edges of the regions themselves (matched exactly, like the coast in model/coast.py), run by run."""
    a, b, ring = _ring_edges(np.array([geom], dtype=object))
    if not len(a):
        return np.zeros(0, dtype=np.intp)
    keys = _edge_keys(a, b)
    known = _region_edge_keys(regions)
    pos = np.clip(np.searchsorted(known, keys), 0, len(known) - 1)
    free = known[pos] != keys
    if not free.any():
        return np.zeros(0, dtype=np.intp)
    # Consecutive free edges of one ring form one line, so the index is asked a few times, not per edge.
    starts = free & ~np.concatenate([[False], free[:-1] & (ring[1:] == ring[:-1])])
    run = np.cumsum(starts)[free] - 1
    coords = np.stack([a[free], b[free]], axis=1).reshape(-1, 2)
    lines = shapely.linestrings(coords, indices=np.repeat(run, 2))
    return regions.tree.query(lines, predicate="intersects")[1]  # with repeats


def _ring_edges(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start and end points of every edge of the polygons' rings, with the ring each belongs to."""
    rings = shapely.get_parts(shapely.boundary(geoms))
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    same = ring[1:] == ring[:-1]
    return coords[:-1][same], coords[1:][same], ring[:-1][same]


def _edge_keys(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    swap = (a[:, 0] > b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] > b[:, 1]))
    lo, hi = np.where(swap[:, None], b, a), np.where(swap[:, None], a, b)
    return np.ascontiguousarray(np.hstack([lo, hi])).view(np.dtype((np.void, 32))).ravel()


@cache
def _region_edge_keys(regions: RegionSet) -> np.ndarray:
    a, b, _ = _ring_edges(regions.geometries)
    return np.sort(_edge_keys(a, b))


@cache
def _inner_points(regions: RegionSet) -> np.ndarray:
    return shapely.point_on_surface(regions.geometries)


def _resolve(pieces: list[tuple[BaseGeometry, int]], lost: dict[int, float]) -> list[tuple[BaseGeometry, int]]:
    """Pieces of one region with overlaps given to the earlier polity (and counted against the later one)."""
    kept = [pieces[0]]
    for geom, polity in pieces[1:]:
        earlier = shapely.union_all([g for g, _ in kept], grid_size=GRID_DEG) if len(kept) > 1 else kept[0][0]
        common = _polygonal(shapely.intersection(geom, earlier, grid_size=GRID_DEG))
        if common.area > NOISE_DEG2:
            lost[polity] = lost.get(polity, 0.0) + rough_km2(common)
            geom = _polygonal(shapely.difference(geom, earlier, grid_size=GRID_DEG))
        if geom.area > NOISE_DEG2:
            kept.append((geom, polity))
    return kept


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """The polygons of an overlay's result; they never overlap, so collecting them needs no union."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polygons = [p for p in shapely.get_parts(shapely.get_parts(geom)) if p.geom_type == "Polygon"]
    if not polygons:
        return shapely.MultiPolygon()
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
