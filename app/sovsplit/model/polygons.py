"""The areas of a geometry: the one helper that drops an overlay's or a repair's stray lines and points."""

from __future__ import annotations

import math

import shapely
import shapely.errors
from shapely.geometry.base import BaseGeometry

POLYGONAL = ("Polygon", "MultiPolygon")


def polygonal(geom: BaseGeometry | None) -> BaseGeometry:
    """Only the polygons of `geom` (an empty MultiPolygon when it has none).

    A Polygon or MultiPolygon comes back unchanged. From a collection (what intersections, differences and
    make_valid return where shapes touch) the polygonal parts are kept and merged, so the result is one
    valid areal geometry.
    """
    if geom is None or geom.is_empty:
        return shapely.MultiPolygon()
    if geom.geom_type in POLYGONAL:
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in POLYGONAL and not p.is_empty]
    if not parts:
        return shapely.MultiPolygon()
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


def polygon_list(geom: BaseGeometry | None) -> list[BaseGeometry]:
    """Each single polygon of the areas of `geom`."""
    return [p for p in shapely.get_parts(polygonal(geom)) if not p.is_empty]


def inner_point(geom: BaseGeometry) -> tuple[float, float]:
    """A point deep inside the largest polygon of `geom` (the centre of its largest inscribed circle), where a
    label of the whole shape reads as belonging to it."""
    parts = shapely.get_parts(geom)
    polygons = [p for p in parts if p.geom_type == "Polygon"] or list(parts)
    biggest = max(polygons, key=lambda p: p.area)
    try:
        tol = max(math.sqrt(biggest.area) / 200.0, 1.0)
        centre = shapely.get_point(shapely.maximum_inscribed_circle(biggest, tol), 0)
    except shapely.errors.GEOSException:  # degenerate shapes fall back to a point surely inside
        centre = biggest.representative_point()
    return float(centre.x), float(centre.y)
