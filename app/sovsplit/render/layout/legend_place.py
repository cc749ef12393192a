"""Where the legend goes: the map corner that hides least of the polities and none of the key places, else off the map."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import shapely

from sovsplit.model import reference
from sovsplit.render.geometry import project_xy
from sovsplit.render.path_batch import simplified_all

# Around each of the scenario's cities the map is the subject (Vladivostok and Primorsky in the variant):
# the legend may not cover polity territory within this distance of one.
KEY_RADIUS_M = 300_000.0
# A corner hiding more than this share of its box in polity territory is not good enough: the legend then
# goes beside or under the map instead.
MAX_TERRITORY_SHARE = 0.12


@dataclass(frozen=True)
class CornerScore:
    """How much a legend box in one corner would hide: polity territory (share of the box), key land, cities."""

    corner: str  # "bl", "br", "tl" or "tr"
    territory: float  # share of the box over polity territory, 0-1
    key_land: float  # share of the box over polity territory near a key place
    cities: int  # city points under the box

    @property
    def acceptable(self) -> bool:
        return self.key_land == 0.0 and self.territory <= MAX_TERRITORY_SHARE

    def cost(self) -> float:
        return self.key_land * 100.0 + self.territory + 0.05 * self.cities


# Merged shapes per projection and set of polity geometries (and radius): one page scores its corners twice
# and the next export of the same scenario asks again; merging is the slow part. Each entry keeps the
# geometries themselves, so their ids cannot be reused while it lives.
_MERGED: dict[tuple, tuple[tuple, object]] = {}
_MERGED_LIMIT = 16
_merging = threading.Lock()


def _merged(kind: str, projection_key: str, polities, build, *extra) -> object:
    parts = tuple(g for _pid, g in polities)
    key = (kind, projection_key, tuple(id(g) for g in parts), *extra)
    hit = _MERGED.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], parts)):
        return hit[1]
    value = build()
    with _merging:
        _MERGED[key] = (parts, value)
        while len(_MERGED) > _MERGED_LIMIT:
            _MERGED.pop(next(iter(_MERGED)), None)
    return value


def polity_land(projection_key: str, polities) -> object:
    """All the polities' territory as one shape in projected metres, without detail under 8 km."""
    return _merged(
        "land",
        projection_key,
        polities,
        lambda: shapely.union_all(simplified_all([g for _pid, g in polities], projection_key, 8192.0)),
    )


def key_places(projection_key: str, polities, radius: float = KEY_RADIUS_M) -> object:
    """The polity territory within `radius` metres of the scenario's cities, in projected metres."""
    return _merged("keys", projection_key, polities, lambda: _key_places(projection_key, polities, radius), radius)


def _key_places(projection_key: str, polities, radius: float) -> object:
    names = [c for c in reference.cities() if "scenario" in (c.get("roles") or [])]
    if not names:
        return shapely.GeometryCollection()
    x, y = project_xy(projection_key, [c.geometry.x for c in names], [c.geometry.y for c in names])
    discs = shapely.union_all(shapely.buffer(shapely.points(x, y), radius, quad_segs=8))
    return shapely.intersection(discs, polity_land(projection_key, polities))


def corner_boxes(extent, map_size_in, legend_size_in, inset_in) -> dict[str, tuple[float, float, float, float]]:
    """Each corner's legend box in map metres, for a map of `map_size_in` inches showing `extent`."""
    ex0, ex1, ey0, ey1 = extent
    sx = (ex1 - ex0) / map_size_in[0]
    sy = (ey1 - ey0) / map_size_in[1]
    w, h = legend_size_in[0] * sx, legend_size_in[1] * sy
    ix, iy = inset_in * sx, inset_in * sy
    out = {}
    for corner in ("bl", "br", "tl", "tr"):
        x0 = ex0 + ix if corner[1] == "l" else ex1 - ix - w
        y0 = ey0 + iy if corner[0] == "b" else ey1 - iy - h
        out[corner] = (x0, y0, x0 + w, y0 + h)
    return out


def score_corners(
    projection_key, polities, extent, map_size_in, legend_size_in, inset_in, radius: float = KEY_RADIUS_M
) -> list[CornerScore]:
    """The four corners, least hidden first (key land: polity territory within `radius` of a scenario city)."""
    land = polity_land(projection_key, polities)
    keys = key_places(projection_key, polities, radius)
    cities = [c for c in reference.cities()]
    cx, cy = project_xy(projection_key, [c.geometry.x for c in cities], [c.geometry.y for c in cities])
    scores = []
    for corner, (x0, y0, x1, y1) in corner_boxes(extent, map_size_in, legend_size_in, inset_in).items():
        rect = shapely.box(x0, y0, x1, y1)
        area = rect.area
        covered = int(((cx > x0) & (cx < x1) & (cy > y0) & (cy < y1)).sum())
        scores.append(
            CornerScore(
                corner,
                shapely.intersection(land, rect).area / area,
                shapely.intersection(keys, rect).area / area,
                covered,
            )
        )
    return sorted(scores, key=lambda s: (s.cost(), s.corner))
