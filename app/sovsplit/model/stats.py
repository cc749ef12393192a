"""Statistics per parcel (cached) summed per polity: geodesic area, coastline, arable land and ports."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import shapely
import shapely.ops

from . import reference
from .geodesy import area_km2, length_km
from .regions import default_regions
from .scenario import Scenario


@dataclass(frozen=True)
class ParcelStats:
    """What one parcel contributes to its polity."""

    area_km2: float
    coast_km: float
    arable_km2: float
    ports: tuple[int, ...]  # indexes into reference.ports()


@dataclass
class PolityTotals:
    area_km2: float = 0.0
    coast_km: float = 0.0
    arable_km2: float = 0.0
    ports: tuple[int, ...] = ()


class StatsEngine:
    """Keeps per-parcel statistics of a scenario and sums them per polity; recomputes only new parcels."""

    def __init__(self, scenario: Scenario, arable_source=None):
        self.scenario = scenario
        self._arable_source = arable_source
        self._cache: dict[str, tuple[object, ParcelStats]] = {}

    @property
    def arable_source(self):
        if self._arable_source is None:
            from .arable_layers import default_arable_source
            self._arable_source = default_arable_source()
        return self._arable_source

    def set_arable_source(self, source) -> None:
        """Use other arable data (an imported raster or polygons); every parcel is recounted."""
        self._arable_source = source
        self._cache.clear()

    def parcel_stats(self) -> dict[str, ParcelStats]:
        """Statistics of every current parcel, computing only those not seen before."""
        parcels = self.scenario.parcels
        stale = [p for pid, p in parcels.items()
                 if pid not in self._cache or self._cache[pid][0] is not p.geometry]
        if stale:
            for parcel, stats in zip(stale, compute_parcel_stats([p.geometry for p in stale],
                                                                 self.arable_source)):
                self._cache[parcel.id] = (parcel.geometry, stats)
        return {pid: self._cache[pid][1] for pid in parcels}

    def totals(self) -> dict[str | None, PolityTotals]:
        """Sums per polity id (None: unclaimed territory)."""
        totals: dict[str | None, PolityTotals] = {pid: PolityTotals() for pid in self.scenario.polities}
        for pid, stats in self.parcel_stats().items():
            t = totals.setdefault(self.scenario.owner[pid], PolityTotals())
            t.area_km2 += stats.area_km2
            t.coast_km += stats.coast_km
            t.arable_km2 += stats.arable_km2
            t.ports += stats.ports
        return totals


def compute_parcel_stats(geometries: list, arable_source) -> list[ParcelStats]:
    """Area, coast, arable land and ports of many geometries at once."""
    geoms = np.array(geometries, dtype=object)
    areas = [area_km2(g) for g in geoms]
    # Coast segments lie on parcel boundaries; intersecting with the closed polygon keeps them whole.
    coasts = shapely.intersection(reference.coastline(), geoms)
    coast_km = [length_km(_lines(c)) for c in coasts]
    arable = arable_source.zonal(list(geoms)) if arable_source is not None else np.zeros(len(geoms))
    held: list[list[int]] = [[] for _ in geoms]
    tree = shapely.STRtree(geoms)
    for port_index, anchor in enumerate(port_anchors()):
        hits = tree.query(anchor, predicate="intersects") if anchor is not None else []
        if len(hits):
            held[int(hits[0])].append(port_index)
    return [ParcelStats(a, c, float(r), tuple(h)) for a, c, r, h in zip(areas, coast_km, arable, held)]


@cache
def port_anchors() -> list:
    """Each port as a point on USSR land: harbour positions often lie just offshore, so snap within 25 km."""
    regions = default_regions()
    anchors = []
    for port in reference.ports():
        point = port.geometry
        if len(regions.tree.query(point, predicate="intersects")):
            anchors.append(point)
            continue
        nearest = regions.tree.query_nearest(point, max_distance=0.25)
        anchors.append(shapely.ops.nearest_points(regions.geometries[int(nearest[0])], point)[0]
                       if len(nearest) else None)
    return anchors


def _lines(geom):
    parts = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("LineString", "MultiLineString")]
    return shapely.union_all(parts) if parts else None
