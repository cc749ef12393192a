"""Territory measures the feasibility rules need beyond the statistics report (capital distances, neighbours)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from sovsplit.model import reference
from sovsplit.model.geodesy import wgs84
from sovsplit.model.report import PolityStats
from sovsplit.model.scenario import Scenario

# Border vertices are densified to this spacing (degrees) so the nearest point of a long straight segment
# is found to within a few kilometres.
_DENSIFY_DEG = 0.05
# Neighbouring countries are clipped to the USSR, so touching borders may differ by rounding; this
# tolerance (degrees, about 1 km) still counts them as touching.
_TOUCH_DEG = 0.01
# The holder named for the nearest land when it is a neighbouring country.
FOREIGN = "foreign country"


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


@dataclass(frozen=True)
class Nearest:
    """The nearest land that is not the polity's own: a region of another polity, or a foreign country."""

    km: float
    name: str  # the region (e.g. "Khabarovsk Krai") or country
    holder: str  # the polity holding the region, or "foreign country"


def capital_nearest(scenario: Scenario, polity_id: str) -> Nearest | None:
    """Geodesic distance from the polity's capital to the nearest land of another polity or of a foreign
    country (across a land border, or a strait where that is nearer), and which region or country it is."""
    if not capital_inside(scenario, polity_id):
        return None
    point = capital_point(scenario, polity_id)
    if point is None:
        return None
    candidates = []  # (geometry, name, holder)
    for other in scenario.polities:
        if other == polity_id:
            continue
        holder = scenario.polities[other].name
        for parcel in scenario.parcels_of(other):
            region = scenario.regions.by_id.get(parcel.region_id)
            candidates.append((parcel.geometry, region.name if region else parcel.region_id, holder))
    candidates += [(c.geometry, c["name"], FOREIGN) for c in reference.neighbours()]
    candidates = [c for c in candidates if not c[0].is_empty]
    if not candidates:
        return None
    # The geodesic distance to each candidate's planar-nearest point bounds its true distance from above;
    # only candidates reaching into the box of the smallest bound can be nearer, and only those are measured.
    geoms = np.array([c[0] for c in candidates], dtype=object)
    ends = shapely.get_point(shapely.shortest_line(point, geoms), 1)
    n = len(geoms)
    _, _, metres = wgs84().inv(np.full(n, point.x), np.full(n, point.y), shapely.get_x(ends), shapely.get_y(ends))
    box = _box_around(point, float(metres.min()) / 1000.0 * 1.05 + 20.0)
    best = None
    for index in np.flatnonzero(shapely.intersects(geoms, box)):
        geom, name, holder = candidates[int(index)]
        km = distance_km(point, shapely.clip_by_rect(geom, *box.bounds))
        if km is not None and (best is None or km < best.km):
            best = Nearest(km, name, holder)
    return best


def capital_border_distance_km(scenario: Scenario, polity_id: str) -> float | None:
    """Geodesic km from the capital to the nearest land of another polity or foreign country."""
    return nearest_km(capital_nearest(scenario, polity_id))


def nearest_km(nearest: Nearest | None) -> float | None:
    return None if nearest is None else nearest.km


def nearest_label(nearest: Nearest | None) -> str:
    """ "Khabarovsk Krai (West USSR), 366 km from the capital" """
    if nearest is None:
        return "none"
    return f"{nearest.name} ({nearest.holder}), {nearest.km:,.0f} km from the capital"


def per_person_ha(arable_km2, population) -> float | None:
    """Arable hectares per inhabitant (None when the population is unknown or zero)."""
    if arable_km2 is None or not population:
        return None
    return float(arable_km2) * 100.0 / float(population)


def _box_around(point: BaseGeometry, bound_km: float) -> BaseGeometry:
    """A lon/lat box holding every point within `bound_km` of `point` (geodesic), widened toward the pole."""
    dlat = bound_km / 110.0
    top = min(point.y + dlat, 89.0)
    dlon = min(dlat / max(np.cos(np.radians(max(abs(point.y - dlat), abs(top)))), 0.02), 180.0)
    return shapely.box(point.x - dlon, point.y - dlat, point.x + dlon, top)


def land_neighbours(scenario: Scenario, polity_id: str) -> list[str]:
    """ISO codes of the foreign countries the polity touches by land."""
    found: set[str] = set()
    for parcel in scenario.parcels_of(polity_id):
        region = scenario.regions.by_id.get(parcel.region_id)
        if region is not None and region.geometry is parcel.geometry:
            found.update(region_neighbours(scenario.regions)[region.id])
        else:
            found.update(_touching_countries([parcel.geometry])[0])
    return sorted(found)


@cache
def region_neighbours(regions) -> dict[str, set[str]]:
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
    """Held Pacific ports that are usable all year (ice-free, or kept open by icebreakers) and joined by rail to
    the mainland network (Vladivostok's kind)."""
    by_locode = {p.get("locode"): p for p in reference.ports()}
    return sum(1 for held in polity.ports.held if rail_year_round_pacific_port(by_locode.get(held.locode)))


def rail_year_round_pacific_port(port: reference.Feature | None) -> bool:
    """Whether one shipped port is of that kind: Pacific, usable all year and joined by rail."""
    return bool(port and port.get("basin") == "Pacific" and year_round_port(port) and port.get("rail"))


def year_round_port(port) -> bool:
    """Whether a shipped port is usable all year."""
    # Ports classed by ice (ice-free / icebreaker / seasonal) are year-round unless seasonal; older data has
    # only the ice_free flag.
    if port.get("ice_class"):
        return port["ice_class"] != "seasonal"
    return bool(port.get("ice_free"))


def distance_km(point: BaseGeometry | None, target: BaseGeometry) -> float | None:
    """Geodesic distance from a point to the nearest point of a geometry, in km (None if there is none)."""
    if point is None or target is None or target.is_empty:
        return None
    # Geodesics from the point to every vertex of the densified target, in one vectorised pyproj call. No CRS is
    # created here: this runs on worker threads, and building PROJ objects there crashed alongside the canvas.
    coords = shapely.get_coordinates(shapely.segmentize(target, _DENSIFY_DEG))
    _, _, dist = wgs84().inv(np.full(len(coords), point.x), np.full(len(coords), point.y), coords[:, 0], coords[:, 1])
    return float(dist.min()) / 1000.0


def _lines_only(geom: BaseGeometry) -> BaseGeometry:
    parts = [
        g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("LineString", "MultiLineString") and not g.is_empty
    ]
    if not parts:
        return shapely.MultiLineString()
    return shapely.line_merge(shapely.union_all(parts))
