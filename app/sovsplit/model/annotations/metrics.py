"""Territory measures the feasibility rules need beyond the statistics report (capital distances, neighbours)."""

from __future__ import annotations

from functools import cache

import numpy as np
import shapely
import shapely.ops
from shapely.geometry.base import BaseGeometry

from sovsplit.model import reference
from sovsplit.model.geodesy import WGS84
from sovsplit.model.report import PolityStats
from sovsplit.model.scenario import Scenario

# Border vertices are densified to this spacing (degrees) so the nearest point of a long straight segment
# is found to within a few kilometres.
_DENSIFY_DEG = 0.05
# Neighbouring countries are clipped to the USSR, so touching borders may differ by rounding; this
# tolerance (degrees, about 1 km) still counts them as touching.
_TOUCH_DEG = 0.01


def city(name: str) -> reference.Feature | None:
    """A shipped city by case-insensitive name (None when the scenario names a city we do not ship)."""
    wanted = (name or "").strip().casefold()
    if not wanted:
        return None
    for feature in reference.cities():
        if feature["name"].casefold() == wanted:
            return feature
    return None


def capital_point(scenario: Scenario, polity_id: str) -> BaseGeometry | None:
    polity = scenario.polities.get(polity_id)
    found = city(polity.capital) if polity else None
    return found.geometry if found else None


def capital_inside(scenario: Scenario, polity_id: str) -> bool | None:
    """Whether the polity holds its own capital city (None when the capital is not a shipped city)."""
    point = capital_point(scenario, polity_id)
    if point is None:
        return None
    return bool(scenario.geometry_of(polity_id).covers(point))


def shared_border(scenario: Scenario, polity_a: str, polity_b: str) -> BaseGeometry:
    """The land border between two polities, as lines."""
    a, b = scenario.geometry_of(polity_a), scenario.geometry_of(polity_b)
    if a.is_empty or b.is_empty:
        return shapely.MultiLineString()
    return _lines_only(shapely.intersection(a.boundary, b.boundary))


def capital_border_distance_km(scenario: Scenario, polity_id: str) -> float | None:
    """Geodesic km from the capital to the nearest territory of another polity (across the land border, or a
    strait where that is nearer)."""
    if not capital_inside(scenario, polity_id):
        return None
    others = [scenario.geometry_of(p) for p in scenario.polities if p != polity_id]
    others = [g for g in others if not g.is_empty]
    if not others:
        return None
    point = capital_point(scenario, polity_id)
    return min(distance_km(point, _near(point, g)) for g in others)


def _near(point: BaseGeometry, geom: BaseGeometry) -> BaseGeometry:
    """The part of `geom` that can hold its nearest point to `point`: a box around the planar-nearest point's
    geodesic distance, so the exact search projects a few thousand vertices instead of the whole territory."""
    planar_nearest = shapely.ops.nearest_points(point, geom)[1]
    bound_km = distance_km(point, planar_nearest) * 1.05 + 20.0
    dlat = bound_km / 110.0
    top = min(point.y + dlat, 89.0)
    dlon = min(dlat / max(np.cos(np.radians(max(abs(point.y - dlat), abs(top)))), 0.02), 180.0)
    box = shapely.box(point.x - dlon, point.y - dlat, point.x + dlon, top)
    clipped = shapely.clip_by_rect(geom, *box.bounds)
    return clipped if not clipped.is_empty else geom


def land_neighbours(scenario: Scenario, polity_id: str) -> list[str]:
    """ISO codes of the foreign countries the polity touches by land."""
    found: set[str] = set()
    for parcel in scenario.parcels_of(polity_id):
        region = scenario.regions.by_id.get(parcel.region_id)
        if region is not None and region.geometry is parcel.geometry:
            found.update(_region_neighbours(scenario.regions)[region.id])
        else:
            found.update(_touching_countries([parcel.geometry])[0])
    return sorted(found)


@cache
def _region_neighbours(regions) -> dict[str, set[str]]:
    """Countries touching each whole region, computed once per region set."""
    return dict(zip(regions.ids, _touching_countries(list(regions.geometries))))


def _touching_countries(geometries: list) -> list[set[str]]:
    countries = reference.neighbours()
    tree = shapely.STRtree([c.geometry for c in countries])
    found: list[set[str]] = [set() for _ in geometries]
    pairs = tree.query(geometries, predicate="dwithin", distance=_TOUCH_DEG)
    for geom_index, country_index in zip(*pairs):
        found[int(geom_index)].add(countries[int(country_index)]["id"])
    return found


def cities_held(scenario: Scenario, polity_id: str) -> list[str]:
    """Names of the scenario's named cities (role "scenario") that lie in the polity."""
    own = scenario.geometry_of(polity_id)
    return sorted(
        c["name"] for c in reference.cities() if "scenario" in (c.get("roles") or []) and own.covers(c.geometry)
    )


def rail_year_round_pacific_ports(polity: PolityStats) -> int:
    """Held Pacific ports that are open all year and joined by rail to the mainland network (Vladivostok's kind)."""
    by_locode = {p.get("locode"): p for p in reference.ports()}
    count = 0
    for held in polity.ports.held:
        port = by_locode.get(held.locode)
        if port and port.get("basin") == "Pacific" and port.get("ice_free") and port.get("rail"):
            count += 1
    return count


def distance_km(point: BaseGeometry | None, target: BaseGeometry) -> float | None:
    """Geodesic distance from a point to the nearest point of a geometry, in km (None if there is none)."""
    if point is None or target is None or target.is_empty:
        return None
    # Geodesics from the point to every vertex of the densified target, in one vectorised pyproj call. No CRS is
    # created here: this runs on worker threads, and building PROJ objects there crashed alongside the canvas.
    coords = shapely.get_coordinates(shapely.segmentize(target, _DENSIFY_DEG))
    _, _, dist = WGS84.inv(np.full(len(coords), point.x), np.full(len(coords), point.y), coords[:, 0], coords[:, 1])
    return float(dist.min()) / 1000.0


def _lines_only(geom: BaseGeometry) -> BaseGeometry:
    parts = [
        g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("LineString", "MultiLineString") and not g.is_empty
    ]
    if not parts:
        return shapely.MultiLineString()
    return shapely.line_merge(shapely.union_all(parts))
