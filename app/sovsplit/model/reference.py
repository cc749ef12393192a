"""The shipped reference layers (neighbours, coastline, cities, ports, seas), read once per process."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from sovsplit.model.antimeridian import unwrap
from sovsplit.model.io.parse_cache import cached_parse
from sovsplit.model.io.resources import geodata_path


@dataclass(frozen=True)
class Feature:
    """A reference feature: its properties and its geometry in unwrapped lon/lat."""

    properties: dict
    geometry: BaseGeometry = field(compare=False)

    def __getitem__(self, key: str):
        return self.properties[key]

    def get(self, key: str, default=None):
        return self.properties.get(key, default)


def _unwrap_point(geom: BaseGeometry) -> BaseGeometry:
    # Points in the western hemisphere near 180° (Provideniya, Uelen) belong to Chukotka.
    if geom.geom_type == "Point" and geom.x < -165.0:
        return shapely.Point(geom.x + 360.0, geom.y)
    return unwrap(geom)


def read_features(name: str) -> list[Feature]:
    """All features of a shipped GeoJSON file, unwrapped across 180°."""
    raw = geodata_path(name).read_bytes()

    def parse():
        geometries = shapely.from_geojson(raw.decode("utf-8")).geoms
        return (
            {"properties": [f["properties"] for f in json.loads(raw)["features"]]},
            [_unwrap_point(g) for g in geometries],
        )

    meta, geometries = cached_parse(raw, "reference", parse)
    return [Feature(p, g) for p, g in zip(meta["properties"], geometries)]


@cache
def neighbours() -> list[Feature]:
    return read_features("neighbours.geojson")


@cache
def coastline() -> BaseGeometry:
    """The whole coast as one MultiLineString."""
    return shapely.MultiLineString(list(coast_segments()))


@cache
def coast_segments() -> np.ndarray:
    """The coast as an array of single LineStrings (for a spatial index)."""
    parts = shapely.get_parts(np.array([f.geometry for f in read_features("coastline.geojson")], dtype=object))
    return parts[shapely.get_type_id(parts) == 1]


@cache
def coast_index() -> shapely.STRtree:
    return shapely.STRtree(coast_segments())


@cache
def cities() -> list[Feature]:
    return read_features("cities.geojson")


@cache
def ports() -> list[Feature]:
    return read_features("ports.geojson")


@cache
def seas() -> list[Feature]:
    """The seas and oceans around the USSR, each a label point (name, IHO name, kind, rank)."""
    return read_features("seas.geojson")
