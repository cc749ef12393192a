"""The scenario's parcels written exactly beside the polities, so a saved scenario reopens as it was saved."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import numpy as np
import shapely
import shapely.errors
from shapely.geometry.base import BaseGeometry

from sovsplit.model.regions import RegionSet
from sovsplit.model.scenario import Parcel, Polity, Scenario

# A polity's feature geometry must match the area of the parcels the file lists for it this closely, or the
# file was edited elsewhere (QGIS, say) and its polygons, not the stale parcel list, are what counts.
_SAME_AREA = 1e-7
# The pieces of a region must add up to the region's planar area this closely.
_SAME_REGION_AREA = 1e-9
_POLYGONAL = {"Polygon", "MultiPolygon"}


@dataclass(frozen=True)
class StoredParcels:
    """Parcels and owners read back from a file, in the order they were saved."""

    parcels: list[Parcel]
    owner: dict[str, str | None]


def parcels_member_json(scenario: Scenario) -> str:
    """Every parcel as JSON [id, region id, owner id or null, geometry]; geometry is null for a whole region
    (its shipped geometry) and otherwise hex WKB in the model's unwrapped longitudes: exact to the bit, and it
    reads back ten times faster than GeoJSON coordinates (the polities' own geometry is the GeoJSON)."""
    rows = []
    for pid, parcel in scenario.parcels.items():
        whole = parcel.geometry is scenario.regions[parcel.region_id].geometry
        geometry = "null" if whole else f'"{_geometry_text(parcel.geometry)}"'
        head = json.dumps([pid, parcel.region_id, scenario.owner[pid]], ensure_ascii=False)[:-1]
        rows.append(f"{head},{geometry}]")
    return "[" + ",".join(rows) + "]"


class GeometryText:
    """GeoJSON text remembered per geometry object: most parcels and polities survive many saves unchanged."""

    def __init__(self, convert, size: int = 4096):
        self._convert = convert
        self._size = size
        self._texts: dict[int, tuple[BaseGeometry, str]] = {}

    def __call__(self, geom: BaseGeometry) -> str:
        hit = self._texts.get(id(geom))
        if hit is None or hit[0] is not geom:
            if len(self._texts) >= self._size:
                # Dicts keep insertion order: drop the older half.
                for key in list(self._texts)[: self._size // 2]:
                    self._texts.pop(key, None)
            hit = self._texts[id(geom)] = (geom, self._convert(geom))
        return hit[1]


_geometry_text = GeometryText(lambda geom: shapely.to_wkb(geom).hex())


def stored_parcels(rows, regions: RegionSet, polities: list[Polity], polity_geometries: list[BaseGeometry]):
    """The parcels a file lists, or None when the list is missing, malformed, not an exact partition of the
    regions, or does not match the polities' own geometry (then the caller rebuilds parcels from polygons)."""
    if not isinstance(rows, list) or not rows:
        return None
    polity_ids = {p.id for p in polities}
    by_region: dict[str, list[tuple[str, str | None, object]]] = {}
    seen: set[str] = set()
    for row in rows:
        if not (isinstance(row, list) and len(row) == 4):
            return None
        pid, region_id, owner, geometry = row
        if not (isinstance(pid, str) and isinstance(region_id, str) and region_id in regions.by_id):
            return None
        if pid in seen or (owner is not None and owner not in polity_ids):
            return None
        if geometry is not None and not isinstance(geometry, str):
            return None
        seen.add(pid)
        by_region.setdefault(region_id, []).append((pid, owner, geometry))
    if set(by_region) != set(regions.ids):
        return None
    geoms: dict[str, BaseGeometry] = {}
    for region_id, held in by_region.items():
        region = regions[region_id]
        if len(held) == 1 and held[0][2] is None:
            geoms[held[0][0]] = region.geometry
            continue
        pieces = _pieces(region.geometry, [g for _, _, g in held])
        if pieces is None:
            return None
        geoms.update(zip([pid for pid, _, _ in held], pieces))
    parcels = [Parcel(row[0], row[1], geoms[row[0]]) for row in rows]
    owner = {row[0]: row[2] for row in rows}
    if not _matches_polities(parcels, owner, polities, polity_geometries):
        return None
    return StoredParcels(parcels, owner)


def _pieces(region: BaseGeometry, raw: list) -> list[BaseGeometry] | None:
    """The pieces of one region if they are valid polygons that exactly tile it, else None; pieces already
    checked in this process (the same bytes) are taken as they were, so reopening costs only what changed."""
    key = hashlib.sha256("\n".join(map(str, [id(region), *raw])).encode()).digest()
    if key in _checked:
        return _checked[key]
    pieces = _checked_pieces(region, raw)
    if len(_checked) >= _CHECKED_KEEP:
        for old in list(_checked)[: _CHECKED_KEEP // 2]:
            _checked.pop(old, None)
    _checked[key] = pieces
    return pieces


# Pieces of regions checked by this process, by a hash of the region and the pieces' bytes.
_checked: dict[bytes, list[BaseGeometry] | None] = {}
_CHECKED_KEEP = 1024


def _checked_pieces(region: BaseGeometry, raw: list) -> list[BaseGeometry] | None:
    if any(g is None for g in raw):
        return None
    try:
        # bytes.fromhex is twenty times faster than shapely's own hex reading.
        array = shapely.from_wkb([bytes.fromhex(h) for h in raw])
    except (shapely.errors.GEOSException, ValueError, TypeError):
        return None
    pieces = list(array)
    if (
        any(p is None or p.geom_type not in _POLYGONAL or p.is_empty for p in pieces)
        or not shapely.is_valid(array).all()
    ):
        return None
    if abs(float(shapely.area(array).sum()) - region.area) > _SAME_REGION_AREA * region.area:
        return None
    if not np.allclose(shapely.total_bounds(array), region.bounds, rtol=0, atol=1e-9):
        return None
    try:
        if len(pieces) > 1 and not shapely.coverage_is_valid(array):
            # Not noded alike everywhere (a cut through an existing vertex can leave that): still a tiling if
            # the pieces do not overlap, i.e. their union has the area of their sum, which is the region's.
            union = shapely.union_all(array)
            if abs(union.area - region.area) > _SAME_REGION_AREA * region.area:
                return None
    except shapely.errors.GEOSException:
        return None
    return pieces


def _matches_polities(
    parcels: list[Parcel], owner: dict[str, str | None], polities: list[Polity], geometries: list[BaseGeometry]
) -> bool:
    held = {p.id: 0.0 for p in polities}
    for parcel in parcels:
        pid = owner[parcel.id]
        if pid is not None:
            held[pid] += parcel.geometry.area
    for polity, geom in zip(polities, geometries):
        expected = held[polity.id]
        if abs(geom.area - expected) > _SAME_AREA * max(expected, 1e-6):
            return False
    return True
