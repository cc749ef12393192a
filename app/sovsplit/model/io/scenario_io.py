"""Load scenarios from any file of polities, and save them as GeoJSON that QGIS opens as it is."""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

from sovsplit.model.antimeridian import wrap
from sovsplit.model.geodesy import area_km2
from sovsplit.model.io.atomic import write_atomic
from sovsplit.model.io.dated_features import dated_states, is_dated
from sovsplit.model.io.polity_reader import RawPolity, ReadResult, read_polities
from sovsplit.model.io.problems import InputError
from sovsplit.model.io.resources import default_scenario_path
from sovsplit.model.regions import RegionSet, default_regions
from sovsplit.model.scenario import PALETTE, Parcel, Polity, Scenario

FORMAT_VERSION = 1
# Pieces smaller than this (in square degrees, about 100 m²) are overlay noise, not territory.
_NOISE_DEG2 = 1e-8
# A polity whose area matches its listed regions this closely is taken to hold exactly those regions.
_SAME_AREA = 1e-7


def load_scenario(path: Path | str | None = None, regions: RegionSet | None = None) -> Scenario:
    """Read a scenario (the default one when path is None); raise InputError with one line if unusable."""
    path = Path(path) if path is not None else default_scenario_path()
    regions = regions or default_regions()
    read = read_polities(path)
    if is_dated(read):
        return _latest_state(path, read, regions)
    return scenario_from_features(path, read, regions)


def _latest_state(path: Path, read: ReadResult, regions: RegionSet) -> Scenario:
    """A timeline opened as one scenario: its latest state, detached from the file so that saving it cannot
    overwrite the other states (model/timeline/ reads and writes the whole timeline)."""
    states = dated_states(path, read)
    scenario = scenario_from_features(path, states[-1].read, regions)
    scenario.path = None
    day = states[-1].start.isoformat()
    scenario.warnings.append(
        f"{path.name}: a timeline of {len(states)} states; showing the latest (from {day}) as a new scenario "
        f"(NAME@DATE picks another; `sovsplit timeline` shows them all)"
    )
    return scenario


def scenario_from_features(path: Path, read: ReadResult, regions: RegionSet) -> Scenario:
    """A scenario from polities already read (a whole file, or one dated state of a timeline)."""
    polities = _polities(read.features)
    parcels, owner, warnings = _parcels(path, regions, polities, read.features)
    name = read.members.get("name") if isinstance(read.members.get("name"), str) else path.stem
    scenario = Scenario(name, regions, polities, parcels, owner)
    meta = read.members.get("sovsplit")
    if isinstance(meta, dict) and isinstance(meta.get("annotations"), list):
        scenario.annotations = [a for a in meta["annotations"] if isinstance(a, dict)]
    scenario.path = path
    scenario.warnings = read.warnings + warnings
    return scenario


def _polities(features: list[RawPolity]) -> list[Polity]:
    polities, seen = [], set()
    for index, feature in enumerate(features):
        p = feature.properties
        name = str(p.get("name") or p.get("id") or f"Polity {index + 1}")
        pid = str(p.get("id") or name)
        while pid in seen:
            pid += "'"
        seen.add(pid)
        colour = p.get("colour") or p.get("color") or p.get("fill")
        if not (isinstance(colour, str) and len(colour) == 7 and colour.startswith("#")):
            colour = PALETTE[index % len(PALETTE)]
        polities.append(Polity(pid, name, str(p.get("capital") or ""), colour))
    return polities


def _parcels(path: Path, regions: RegionSet, polities: list[Polity], features: list[RawPolity]):
    fast = _whole_region_parcels(regions, polities, features)
    if fast is not None:
        return (*fast, [])
    listed = _listed_parcels(regions, polities, features)
    if listed is not None:
        return (*listed, [])
    return _overlay_parcels(path, regions, polities, features)


def _listed_parcels(regions: RegionSet, polities: list[Polity], features: list[RawPolity]):
    """Parcels for files sovsplit wrote after cuts or border edits: whole regions listed in `regions`, and
    for the regions listed in `pieces` only, the piece of the region inside each polity that lists it."""
    owner: dict[str, str | None] = {}
    pieces: dict[str, list[tuple[BaseGeometry, str]]] = {}
    for polity, feature in zip(polities, features):
        whole, part = feature.properties.get("regions"), feature.properties.get("pieces") or []
        if not isinstance(whole, list) or not isinstance(part, list):
            return None
        if any(r not in regions.by_id or r in owner for r in whole) or any(r not in regions.by_id for r in part):
            return None
        owner.update({r: polity.id for r in whole})
        geom = feature.geometry
        shapely.prepare(geom)
        held_area = float(shapely.area(regions.geometries[[regions.index[r] for r in whole]]).sum())
        for region_id in part:
            piece = _polygonal(shapely.intersection(regions[region_id].geometry, geom))
            if piece.area > _NOISE_DEG2:
                pieces.setdefault(region_id, []).append((piece, polity.id))
                held_area += piece.area
        if abs(geom.area - held_area) > _SAME_AREA * max(held_area, 1e-6) + len(part) * _NOISE_DEG2:
            return None
    if set(pieces) & set(owner):
        return None
    parcels = []
    for region in regions.regions:
        held = pieces.get(region.id)
        if not held:
            parcels.append(Parcel(region.id, region.id, region.geometry))
            owner.setdefault(region.id, None)
            continue
        rest = _polygonal(shapely.difference(region.geometry, shapely.union_all([g for g, _ in held])))
        if rest.area > _NOISE_DEG2:
            held = held + [(rest, None)]
        for n, (geom, polity_id) in enumerate(held, start=1):
            parcels.append(Parcel(f"{region.id}/{n}", region.id, geom))
            owner[f"{region.id}/{n}"] = polity_id
    return parcels, {p.id: owner[p.id] for p in parcels}


def _whole_region_parcels(regions: RegionSet, polities: list[Polity], features: list[RawPolity]):
    """Parcels for files whose polities are exactly unions of listed regions (what sovsplit writes)."""
    owner: dict[str, str | None] = {}
    for polity, feature in zip(polities, features):
        listed = feature.properties.get("regions")
        if feature.properties.get("pieces") or not isinstance(listed, list):
            return None
        if any(r not in regions.by_id or r in owner for r in listed):
            return None
        # Planar area in degrees is cheap and, compared like for like, just as telling as geodesic area.
        expected = float(shapely.area(regions.geometries[[regions.index[r] for r in listed]]).sum())
        if abs(feature.geometry.area - expected) > _SAME_AREA * max(expected, 1e-6):
            return None
        owner.update({r: polity.id for r in listed})
    owner.update({r: None for r in regions.ids if r not in owner})
    parcels = [Parcel(r.id, r.id, r.geometry) for r in regions.regions]
    return parcels, owner


def _overlay_parcels(path: Path, regions: RegionSet, polities: list[Polity], features: list[RawPolity]):
    """Intersect arbitrary polity borders with the regions; earlier polities win overlaps."""
    warnings: list[str] = []
    claimed: list[BaseGeometry] = []
    pieces: dict[str, list[tuple[BaseGeometry, str | None]]] = {r: [] for r in regions.ids}
    for polity, feature in zip(polities, features):
        geom = feature.geometry
        if claimed:
            taken = shapely.union_all(claimed)
            overlap = shapely.intersection(geom, taken)
            if overlap.area > _NOISE_DEG2:
                warnings.append(
                    f"{path.name}: {polity.name} overlaps earlier polities by "
                    f"{area_km2(overlap):,.0f} km²; the overlap stays with them"
                )
                geom = shapely.difference(geom, taken)
        claimed.append(geom)
        inside = shapely.intersection(geom, regions.union)
        outside_km2 = area_km2(geom) - area_km2(inside)
        if area_km2(inside) < 1.0:
            raise InputError(path, f"{polity.name} does not overlap the USSR's 1991 territory")
        if outside_km2 > 0.01 * area_km2(geom) and outside_km2 > 100:
            warnings.append(
                f"{path.name}: {outside_km2:,.0f} km² of {polity.name} lies outside the USSR's "
                "1991 borders and is not counted"
            )
        shapely.prepare(geom)
        for index in regions.tree.query(geom, predicate="intersects"):
            region = regions.regions[int(index)]
            if shapely.contains(geom, region.geometry):
                pieces[region.id].append((region.geometry, polity.id))
                continue
            piece = _polygonal(shapely.intersection(region.geometry, geom))
            if piece.area > _NOISE_DEG2:
                pieces[region.id].append((piece, polity.id))
    parcels, owner = [], {}
    for region in regions.regions:
        held = pieces[region.id]
        if len(held) == 1 and held[0][0] is region.geometry:
            parcels.append(Parcel(region.id, region.id, region.geometry))
            owner[region.id] = held[0][1]
            continue
        rest = _polygonal(shapely.difference(region.geometry, shapely.union_all([g for g, _ in held])))
        if rest.area > _NOISE_DEG2:
            held = held + [(rest, None)]
        if len(held) == 1:
            parcels.append(Parcel(region.id, region.id, region.geometry))
            owner[region.id] = held[0][1]
            continue
        for n, (geom, polity_id) in enumerate(held, start=1):
            parcels.append(Parcel(f"{region.id}/{n}", region.id, geom))
            owner[f"{region.id}/{n}"] = polity_id
    unclaimed = sum(area_km2(p.geometry) for p in parcels if owner[p.id] is None)
    if unclaimed > 100:
        warnings.append(f"{path.name}: {unclaimed:,.0f} km² of the USSR belongs to no polity (shown as unclaimed)")
    return parcels, owner, warnings


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    parts = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return shapely.MultiPolygon()
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


# --- saving -----------------------------------------------------------------------------------------------
def scenario_to_geojson(scenario: Scenario) -> str:
    """The scenario as RFC 7946 GeoJSON text: one feature per polity, annotations as a foreign member."""
    features = []
    for polity in scenario.polities.values():
        whole, part = scenario.region_holdings(polity.id)
        properties = {
            "id": polity.id,
            "name": polity.name,
            "capital": polity.capital,
            "colour": polity.colour,
            "regions": whole,
        }
        if part:
            properties["pieces"] = part
        geometry = wrap(scenario.geometry_of(polity.id))
        geometry_json = shapely.to_geojson(geometry) if not geometry.is_empty else "null"
        features.append(
            f'{{"type":"Feature","properties":{json.dumps(properties, ensure_ascii=False)},"geometry":{geometry_json}}}'
        )
    header = {
        "type": "FeatureCollection",
        "name": scenario.name,
        "sovsplit": {"version": FORMAT_VERSION, "annotations": scenario.annotations},
    }
    head = json.dumps(header, ensure_ascii=False)[:-1]
    return head + ',"features":[\n' + ",\n".join(features) + "\n]}\n"


def save_scenario(scenario: Scenario, path: Path | str) -> None:
    """Write the scenario atomically; the previous file stays whole if anything fails."""
    path = Path(path)
    write_atomic(path, scenario_to_geojson(scenario))
    scenario.path = path
