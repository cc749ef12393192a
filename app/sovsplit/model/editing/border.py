"""Borders between polities as lines: the shared parcel edges, chained into lines a user can edit.

A border is where a parcel of one polity shares an edge with a parcel of another; the vertex edits are in
vertex_edits.py and snapping to edges and vertices in snapping.py.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import shapely

from sovsplit.model.scenario import Scenario


@dataclass(frozen=True)
class BorderLine:
    """One stretch of border between two polities (None: unclaimed land), as a chain of vertices."""

    left: str | None
    right: str | None
    coords: np.ndarray  # (n, 2) lon/lat; a closed border repeats its first vertex last

    @property
    def closed(self) -> bool:
        return len(self.coords) > 3 and bool(np.array_equal(self.coords[0], self.coords[-1]))

    def movable(self, index: int) -> bool:
        """Ends of an open border are where three borders or the coast meet: those stay put."""
        return self.closed or 0 < index < len(self.coords) - 1

    def neighbours(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        n = len(self.coords)
        if self.closed:
            last = n - 1  # the repeated closing vertex
            i = index % last
            return self.coords[(i - 1) % last], self.coords[(i + 1) % last]
        return self.coords[index - 1], self.coords[index + 1]


# --- finding borders ------------------------------------------------------------------------------------------
def edge_segments(scenario: Scenario):
    """Every ring segment of every parcel: (x1, y1, x2, y2) with the owner code of its parcel."""
    ids = list(scenario.parcels)
    geoms = np.array([scenario.parcels[pid].geometry for pid in ids], dtype=object)
    parts, part_of = shapely.get_parts(geoms, return_index=True)
    rings, ring_of = shapely.get_rings(parts, return_index=True)
    coords, coord_of = shapely.get_coordinates(rings, return_index=True)
    same = coord_of[1:] == coord_of[:-1]
    start = coords[:-1][same]
    end = coords[1:][same]
    parcel_index = part_of[ring_of[coord_of[:-1][same]]]
    return ids, start, end, parcel_index


def twin_edges(start: np.ndarray, end: np.ndarray):
    """Segments as undirected (lo, hi) sorted so that the two copies of a shared edge are neighbours.

    Returns lo, hi (sorted), the sort order, and `twin[i]`: row i and row i + 1 are the same edge.
    """
    swap = (start[:, 0] > end[:, 0]) | ((start[:, 0] == end[:, 0]) & (start[:, 1] > end[:, 1]))
    lo = np.where(swap[:, None], end, start)
    hi = np.where(swap[:, None], start, end)
    # Sort by a hash of the four coordinates' bits (a full lexsort is three times slower); the exact
    # comparison afterwards rejects any hash collision.
    bits = np.hstack([lo, hi]).view(np.uint64)
    mixed = bits * np.array(
        [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5], dtype=np.uint64
    )
    digest = (
        mixed[:, 0] ^ (mixed[:, 1] >> np.uint64(7)) ^ (mixed[:, 2] << np.uint64(3)) ^ (mixed[:, 3] >> np.uint64(11))
    )
    order = np.argsort(digest, kind="stable")
    lo, hi = lo[order], hi[order]
    twin = np.all(lo[1:] == lo[:-1], axis=1) & np.all(hi[1:] == hi[:-1], axis=1)
    return lo, hi, order, twin


def border_lines(scenario: Scenario) -> list[BorderLine]:
    """All borders between different owners, each merged into maximal lines."""
    ids, start, end, parcel_index = edge_segments(scenario)
    polity_codes = {pid: n for n, pid in enumerate([None, *scenario.polities])}
    owner_code = np.array([polity_codes.get(scenario.owner[pid], 0) for pid in ids])[parcel_index]
    lo, hi, order, twin = twin_edges(start, end)
    owner_code = owner_code[order]
    differs = twin & (owner_code[1:] != owner_code[:-1])
    first = np.nonzero(differs)[0]
    by_pair: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i in first:
        low, high = sorted((int(owner_code[i]), int(owner_code[i + 1])))
        pair = (low, high)
        by_pair[pair].append(int(i))
    names = [None, *scenario.polities]
    lines: list[BorderLine] = []
    for (code_a, code_b), rows in sorted(by_pair.items()):
        segs = shapely.linestrings(np.stack([lo[rows], hi[rows]], axis=1))
        merged = shapely.line_merge(shapely.multilinestrings(segs))
        for part in shapely.get_parts(merged):
            lines.append(BorderLine(names[code_a], names[code_b], shapely.get_coordinates(part)))
    return lines


# --- editing ------------------------------------------------------------------------------------------------
