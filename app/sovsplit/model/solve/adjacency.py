"""Region-to-region adjacency of the shipped coverage: pairs sharing a boundary of positive length, computed once."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import shapely

from sovsplit.model.regions import RegionSet
from sovsplit.model.solve.disk_cache import cached_json


@dataclass(frozen=True)
class Adjacency:
    """Which regions share an edge (land border) with which; islands have no neighbours."""

    neighbours: dict[str, frozenset[str]]

    def edges(self) -> list[tuple[str, str]]:
        """Each adjacent pair once, in a stable order."""
        return sorted((a, b) for a, near in self.neighbours.items() for b in near if a < b)

    def is_connected(self, region_ids: Iterable[str]) -> bool:
        """Whether the regions form one piece over shared edges (an empty set or one region is connected)."""
        wanted = set(region_ids)
        if len(wanted) <= 1:
            return True
        start = next(iter(wanted))
        seen, todo = {start}, deque([start])
        while todo:
            for nxt in self.neighbours.get(todo.popleft(), ()):
                if nxt in wanted and nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return len(seen) == len(wanted)

    def touching(self, region_ids: Iterable[str]) -> set[str]:
        """Regions outside the set that share an edge with it."""
        inside = set(region_ids)
        return {n for r in inside for n in self.neighbours.get(r, ())} - inside


@cache
def region_adjacency(regions: RegionSet) -> Adjacency:
    """The adjacency of a region set; regions meeting only at a point are not neighbours (no land corridor)."""
    near = cached_json(regions, "region-adjacency", lambda: _compute(regions), code=(__file__,))
    return Adjacency({rid: frozenset(near[rid]) for rid in regions.ids})


def _compute(regions: RegionSet) -> dict[str, list[str]]:
    geometries = regions.geometries
    left, right = regions.tree.query(geometries, predicate="intersects")
    pairs = [(int(a), int(b)) for a, b in zip(left, right) if a < b]
    boundaries = shapely.boundary(geometries)
    shared = shapely.intersection(boundaries[[a for a, _ in pairs]], boundaries[[b for _, b in pairs]])
    lengths = shapely.length(shared)
    near: dict[str, set[str]] = {rid: set() for rid in regions.ids}
    for (a, b), length in zip(pairs, lengths):
        if length > 0.0:
            near[regions.ids[a]].add(regions.ids[b])
            near[regions.ids[b]].add(regions.ids[a])
    return {rid: sorted(ns) for rid, ns in near.items()}
