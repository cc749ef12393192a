"""The areas of a geometry: the one helper that drops an overlay's or a repair's stray lines and points, and the
points deep inside an area where a name fits (screen and print)."""

from __future__ import annotations

import math

import numpy as np
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


def interior_spots(shape, count: int = 6) -> list[tuple[float, float]]:
    """Points deep inside a shape, deepest first and spread apart: where a name written across it fits best.

    The first is the centre of the widest inscribed circle of the largest part; the others come from a grid
    over the shape, ranked by their distance to its edge, each at least that distance from the ones taken.
    """
    parts = [p for p in shapely.get_parts(shape) if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        return []
    biggest = max(parts, key=lambda p: p.area)
    spots = []
    try:
        circle = shapely.maximum_inscribed_circle(biggest, max(np.sqrt(biggest.area) / 200.0, 1.0))
        spots.append((float(shapely.get_point(circle, 0).x), float(shapely.get_point(circle, 0).y)))
    except Exception:  # degenerate shapes fall back to a point surely inside
        point = biggest.representative_point()
        spots.append((float(point.x), float(point.y)))
    x0, y0, x1, y1 = biggest.bounds
    xs, ys = np.meshgrid(np.linspace(x0, x1, 40), np.linspace(y0, y1, 24))
    inside = shapely.contains_xy(biggest, xs.ravel(), ys.ravel())
    # Only the grid points inside become geometries (the rest were built and thrown away), and the loop reads
    # the coordinate arrays rather than each Point's x and y.
    xs, ys = xs.ravel()[inside], ys.ravel()[inside]
    if not len(xs):
        return spots
    depth = shapely.distance(shapely.points(xs, ys), biggest.boundary)
    for i in np.argsort(-depth):
        px, py = xs[i], ys[i]
        if all(np.hypot(px - sx, py - sy) > depth[i] for sx, sy in spots):
            spots.append((float(px), float(py)))
        if len(spots) >= count:
            break
    return spots
