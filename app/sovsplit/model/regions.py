"""The shipped ex-USSR regions (1991 borders) as one exact coverage, loaded once per process."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from sovsplit.model.antimeridian import unwrap
from sovsplit.model.geodesy import area_km2
from sovsplit.model.io.parse_cache import cached_parse
from sovsplit.model.io.resources import geodata_path


@dataclass(frozen=True)
class Region:
    """One federal subject of the RSFSR or one other union republic."""

    id: str
    name: str
    republic: str
    republic_id: str
    kind: str
    geometry: BaseGeometry = field(repr=False, compare=False)


class RegionSet:
    """All regions with a spatial index and their geodesic areas."""

    def __init__(self, regions: list[Region]):
        self.regions = regions
        self.by_id = {r.id: r for r in regions}
        self.ids = [r.id for r in regions]
        self.index = {r.id: i for i, r in enumerate(regions)}
        self.geometries = np.array([r.geometry for r in regions], dtype=object)
        shapely.prepare(self.geometries)
        self.tree = shapely.STRtree(self.geometries)
        self._area: dict[str, float] | None = None
        self._union = None
        self.source_path: Path | None = None

    def __len__(self) -> int:
        return len(self.regions)

    def __getitem__(self, region_id: str) -> Region:
        return self.by_id[region_id]

    @property
    def area_km2(self) -> dict[str, float]:
        """Geodesic area of each region, computed once."""
        if self._area is None:
            self._area = {r.id: area_km2(r.geometry) for r in self.regions}
        return self._area

    @property
    def union(self) -> BaseGeometry:
        """The USSR's territory as one geometry."""
        if self._union is None:
            self._union = shapely.coverage_union_all(self.geometries)
        return self._union

    def find(self, name_or_id: str) -> Region | None:
        """A region by id or by case-insensitive name or unique name prefix ("primorsky" → Primorsky Krai)."""
        if name_or_id in self.by_id:
            return self.by_id[name_or_id]
        wanted = name_or_id.strip().casefold()
        for r in self.regions:
            if r.id.casefold() == wanted or r.name.casefold() == wanted:
                return r
        matches = [r for r in self.regions if r.name.casefold().startswith(wanted)]
        return matches[0] if len(matches) == 1 else None

    def at(self, lon: float, lat: float) -> Region | None:
        """The region containing a point (unwrapped longitude)."""
        hits = self.tree.query(shapely.Point(lon, lat), predicate="intersects")
        return self.regions[int(hits[0])] if len(hits) else None


def read_regions(path: Path) -> RegionSet:
    """Read a regions GeoJSON file (RFC 7946, cut at 180°) into a RegionSet with unwrapped longitudes."""
    raw = path.read_bytes()

    def parse():
        data = json.loads(raw)
        # One pass through GEOS for all geometries is several times faster than one call per feature.
        geometries = shapely.from_geojson(raw.decode("utf-8")).geoms
        return ({"properties": [f["properties"] for f in data["features"]]}, [unwrap(g) for g in geometries])

    meta, geometries = cached_parse(raw, "regions", parse)
    regions = [
        Region(p["id"], p["name"], p.get("republic", ""), p.get("republic_id", ""), p.get("kind", ""), g)
        for p, g in zip(meta["properties"], geometries)
    ]
    region_set = RegionSet(regions)
    region_set.source_path = path
    return region_set


@cache
def default_regions() -> RegionSet:
    """The shipped regions, read once per process."""
    return read_regions(geodata_path("regions.geojson"))
