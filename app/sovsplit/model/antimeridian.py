"""Convert geometry between RFC 7946 longitudes (cut at 180°) and the model's unwrapped longitudes."""

from __future__ import annotations

import shapely
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

# Parts lying wholly west of this longitude belong to the Far East across the antimeridian (Chukotka's
# eastern tip reaches -169.7°); nothing of the USSR or its neighbours lies there otherwise.
_FAR_WEST = -165.0
_EAST_HALF = box(-180.0, -90.0, 180.0, 90.0)
_BEYOND_180 = box(180.0, -90.0, 540.0, 90.0)


def _parts(geom: BaseGeometry) -> list[BaseGeometry]:
    return list(geom.geoms) if hasattr(geom, "geoms") else [geom]


def unwrap(geom: BaseGeometry) -> BaseGeometry:
    """Shift parts lying wholly west of -165° by +360° and merge them with the rest (Chukotka in one piece)."""
    if geom is None or geom.is_empty or geom.bounds[0] >= _FAR_WEST:
        return geom
    moved, changed = [], False
    for part in _parts(geom):
        if part.bounds[2] < _FAR_WEST:
            part = shapely.transform(part, lambda xy: xy + (360.0, 0.0))
            changed = True
        moved.append(part)
    if not changed:
        return geom
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        return shapely.union_all(moved) if len(moved) > 1 else moved[0]
    # Only the pieces that meet at 180° need merging; a union of everything would cost far more.
    seam = [p for p in moved if p.bounds[0] <= 180.0 <= p.bounds[2]]
    rest = [p for p in moved if not (p.bounds[0] <= 180.0 <= p.bounds[2])]
    merged = _parts(shapely.union_all(seam)) if seam else []
    polygons = [p for p in rest + merged if isinstance(p, Polygon) and not p.is_empty]
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def wrap(geom: BaseGeometry) -> BaseGeometry:
    """Cut at 180° and shift what lies east of it by -360°, as RFC 7946 asks."""
    if geom is None or geom.is_empty or geom.bounds[2] <= 180.0:
        return geom
    west = shapely.intersection(geom, _EAST_HALF)
    east = shapely.transform(shapely.intersection(geom, _BEYOND_180), lambda xy: xy - (360.0, 0.0))
    pieces = [p for g in (west, east) for p in _parts(g) if not p.is_empty]
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        polys = [p for p in pieces if isinstance(p, Polygon)]
        return MultiPolygon(polys) if len(polys) > 1 else polys[0]
    return shapely.union_all(pieces)
