"""Statistics per parcel (cached) summed per polity: geodesic area, coastline, arable land, ports, population."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import cache

import numpy as np
import shapely
import shapely.ops

from sovsplit.model import reference
from sovsplit.model.area_change import EditedAreas
from sovsplit.model.coast import coast_length_km
from sovsplit.model.geodesy import area_km2
from sovsplit.model.population import PopulationTable, default_population
from sovsplit.model.region_table import region_table
from sovsplit.model.regions import default_regions
from sovsplit.model.scenario import Parcel, Scenario


@dataclass(frozen=True)
class ParcelStats:
    """What one parcel contributes to its polity."""

    area_km2: float
    coast_km: float
    arable_km2: float
    ports: tuple[int, ...]  # indexes into reference.ports()
    population: float | None = None  # 1989 census; None while no population table is shipped


def _difference(plus: list[float | None], minus: list[float | None]) -> float | None:
    """Σ plus − Σ minus, at least 0; None when any figure is unknown (no population table)."""
    known_plus = [v for v in plus if v is not None]
    known_minus = [v for v in minus if v is not None]
    if len(known_plus) < len(plus) or len(known_minus) < len(minus):
        return None
    return max(sum(known_plus) - sum(known_minus), 0.0)


@dataclass
class PolityTotals:
    area_km2: float = 0.0
    coast_km: float = 0.0
    arable_km2: float = 0.0
    ports: tuple[int, ...] = ()
    population: float | None = None


class StatsEngine:
    """Keeps per-parcel statistics of a scenario and sums them per polity; recomputes only new parcels."""

    def __init__(self, scenario: Scenario, arable_source=None, population: PopulationTable | None = None):
        self.scenario = scenario
        self._arable_source = arable_source
        # The shipped 1989 census table unless another is given (None when none is shipped yet).
        self.population = population if population is not None else default_population()
        self._cache: dict[str, tuple[object, ParcelStats]] = {}
        # Statistics by geometry object, so undo/redo and edits built from known pieces cost nothing.
        self._known: dict[int, tuple[object, ParcelStats]] = {}
        self._edited = EditedAreas()

    @property
    def arable_source(self):
        if self._arable_source is None:
            from sovsplit.model.arable.sources import default_arable_source

            self._arable_source = default_arable_source()
        return self._arable_source

    def set_arable_source(self, source) -> None:
        """Use other arable data (an imported raster or polygons); every parcel is recounted."""
        self._arable_source = source
        self._cache.clear()
        self._known.clear()

    def reuse(self, other: StatsEngine) -> None:
        """Take over another engine's statistics of parcels whose geometry is the very same object (scenarios
        loaded against one RegionSet share whole-region geometries), so comparing scenarios counts each once."""
        for pid, (geometry, stats) in other._cache.items():
            parcel = self.scenario.parcels.get(pid)
            if parcel is not None and parcel.geometry is geometry and pid not in self._cache:
                self._cache[pid] = (geometry, stats)

    def parcel_stats(self) -> dict[str, ParcelStats]:
        """Statistics of every current parcel, computing only those not seen before."""
        parcels = self.scenario.parcels
        stale = [p for pid, p in parcels.items() if pid not in self._cache or self._cache[pid][0] is not p.geometry]
        if stale:
            for parcel, stats in zip(stale, self._derive(stale)):
                self._cache[parcel.id] = (parcel.geometry, stats)
                self._known[id(parcel.geometry)] = (parcel.geometry, stats)
        return {pid: self._cache[pid][1] for pid in parcels}

    def _derive(self, parcels: list[Parcel]) -> list[ParcelStats]:
        """Statistics of new parcels: known geometries are reused, and a parcel an edit made as Σ plus − Σ minus
        of geometries (a huge region minus a sliver) is summed from them, computing only the unknown ones."""
        for geometry, stats in self._cache.values():
            self._known.setdefault(id(geometry), (geometry, stats))
        needed: dict[int, Parcel] = {}
        for p in parcels:
            if id(p.geometry) in self._known:
                continue
            parts = [g for side in p.made_of for g in side] if p.made_of else [p.geometry]
            for g in parts:
                if id(g) not in self._known:
                    needed.setdefault(id(g), Parcel(p.id, p.region_id, g))
        if needed:
            for part, stats in zip(needed.values(), self._compute(list(needed.values()))):
                self._known[id(part.geometry)] = (part.geometry, stats)
        result = []
        for p in parcels:
            if id(p.geometry) in self._known:
                result.append(self._known[id(p.geometry)][1])
                continue
            assert p.made_of is not None, "a parcel not computed whole is made of its pieces"
            plus = [self._known[id(g)][1] for g in p.made_of[0]]
            minus = [self._known[id(g)][1] for g in p.made_of[1]]
            ports = Counter(i for s in plus for i in s.ports)
            ports.subtract(i for s in minus for i in s.ports)
            plus_people = [s.population for s in plus]
            minus_people = [s.population for s in minus]
            result.append(
                ParcelStats(
                    # Not Σ plus − Σ minus: an edit inserts vertices on straight lon/lat edges, and each one
                    # bends the geodesic outline a little (tens of km² on a long edge). The area is a sum over
                    # edges, so the old area plus the edges gained minus the edges lost gives a fresh count's.
                    self._edited.area_km2(p.geometry, p.made_of[0], sum(s.area_km2 for s in plus)),
                    max(sum(s.coast_km for s in plus) - sum(s.coast_km for s in minus), 0.0),
                    max(sum(s.arable_km2 for s in plus) - sum(s.arable_km2 for s in minus), 0.0),
                    tuple(sorted(i for i, n in ports.items() for _ in range(max(n, 0)))),
                    _difference(plus_people, minus_people),
                )
            )
        return result

    def count(self, parcels: list[Parcel]) -> list[ParcelStats]:
        """Statistics of these parcels counted from their geometry alone, reusing nothing (a fresh count)."""
        return self._compute(list(parcels)) if parcels else []

    def _compute(self, parcels: list[Parcel]) -> list[ParcelStats]:
        regions = self.scenario.regions
        ports = held_ports([p.geometry for p in parcels])
        whole = [p.geometry is regions[p.region_id].geometry for p in parcels]
        table = region_table(regions, self.arable_source) if any(whole) else {}
        pieces = [p.geometry for p, w in zip(parcels, whole) if not w]
        piece_stats = iter(
            zip(
                [area_km2(g) for g in pieces],
                [coast_length_km(g) for g in pieces],
                self.arable_source.zonal(pieces) if pieces else [],
            )
        )
        stats = []
        for p, w, h in zip(parcels, whole, ports):
            area, coast, arable = table[p.region_id] if w else next(piece_stats)
            stats.append(ParcelStats(area, coast, arable, tuple(h)))
        if self.population is None:
            return stats
        # A piece of a region holds its share of the region's people by area (population.SPLIT_RULE).
        return [
            replace(s, population=self.population.piece(p.region_id, s.area_km2, regions.area_km2[p.region_id]))
            for p, s in zip(parcels, stats)
        ]

    def totals(self) -> dict[str | None, PolityTotals]:
        """Sums per polity id (None: unclaimed territory)."""
        totals: dict[str | None, PolityTotals] = {pid: PolityTotals() for pid in self.scenario.polities}
        for pid, stats in self.parcel_stats().items():
            t = totals.setdefault(self.scenario.owner[pid], PolityTotals())
            t.area_km2 += stats.area_km2
            t.coast_km += stats.coast_km
            t.arable_km2 += stats.arable_km2
            t.ports += stats.ports
            if stats.population is not None:
                t.population = (t.population or 0.0) + stats.population
        return totals


def held_ports(geometries: list) -> list[list[int]]:
    """For each geometry, the indexes of the ports (see port_anchors) that lie in it."""
    held: list[list[int]] = [[] for _ in geometries]
    tree = shapely.STRtree(geometries)
    anchors = port_anchors()
    known = [i for i, a in enumerate(anchors) if a is not None]
    points = np.array([anchors[i] for i in known], dtype=object)
    # One query for all ports (a border edit asks this of a sliver that holds none of them).
    first: dict[int, int] = {}
    for p, g in zip(*tree.query(points, predicate="intersects")):
        first.setdefault(int(p), int(g))
    missing = [p for p in range(len(known)) if p not in first]
    if missing:
        # A snapped anchor lies on a region edge and rounding can put it a hair outside.
        for p, g in zip(*tree.query_nearest(points[missing], max_distance=1e-6)):
            first.setdefault(missing[int(p)], int(g))
    for p in sorted(first):
        held[first[p]].append(known[p])
    return held


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
        anchors.append(
            shapely.ops.nearest_points(regions.geometries[int(nearest[0])], point)[0] if len(nearest) else None
        )
    return anchors
