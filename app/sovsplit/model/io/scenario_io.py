"""Load scenarios from any file of polities, and save them as GeoJSON that QGIS opens as it is."""

from __future__ import annotations

import json
import re
from pathlib import Path

import shapely
import shapely.errors
from shapely.geometry.base import BaseGeometry

from sovsplit.model.antimeridian import wrap
from sovsplit.model.arable.layer_ref import ArableLayerRef
from sovsplit.model.io.atomic import replace_atomic, write_atomic
from sovsplit.model.io.dated_features import dated_states, is_dated
from sovsplit.model.io.file_guard import file_state
from sovsplit.model.io.polity_fields import (
    ID_FIELDS,
    NAME_FIELDS,
    NOTES_FIELD,
    TITLE_FIELD,
    RegionList,
    first_field,
    parse_region_list,
)
from sovsplit.model.io.polity_reader import RawPolity, ReadResult, read_polities
from sovsplit.model.io.problems import InputError
from sovsplit.model.io.resources import default_scenario_path
from sovsplit.model.io.stored_parcels import GeometryText, parcels_member_json, stored_parcels
from sovsplit.model.polygons import polygonal
from sovsplit.model.regions import RegionSet, default_regions
from sovsplit.model.scenario import PALETTE, Parcel, Polity, Scenario

# 2: the parcels are written exactly in the `sovsplit` member (version 1 files still load from polygons).
FORMAT_VERSION = 2
# Pieces smaller than this (in square degrees, about 100 m²) are overlay noise, not territory.
_NOISE_DEG2 = 1e-8
# A polity whose area matches its listed regions this closely is taken to hold exactly those regions.
_SAME_AREA = 1e-7


def load_scenario(
    path: Path | str | None = None,
    regions: RegionSet | None = None,
    name_field: str | None = None,
    id_field: str | None = None,
) -> Scenario:
    """Read a scenario (the default one when path is None); raise InputError with one line if unusable.

    The polity name comes from `name_field`, or else from the first of NAME_FIELDS a feature has; the id
    likewise from `id_field` or ID_FIELDS. `scenario.load_route` tells how the parcels were found: "regions"
    (whole listed regions), "pieces" (listed regions and pieces) or "overlay" (intersection with every region).
    """
    path = Path(path) if path is not None else default_scenario_path()
    regions = regions or default_regions()
    read = read_polities(path)
    fields = {"name_field": name_field, "id_field": id_field}
    if is_dated(read):
        return _latest_state(path, read, regions, fields)
    return scenario_from_features(path, read, regions, **fields)


def _latest_state(path: Path, read: ReadResult, regions: RegionSet, fields: dict) -> Scenario:
    """A timeline opened as one scenario: its latest state, detached from the file so that saving it cannot
    overwrite the other states (model/timeline/ reads and writes the whole timeline)."""
    states = dated_states(path, read)
    scenario = scenario_from_features(path, states[-1].read, regions, **fields)
    scenario.path = None
    scenario.timeline_path = path  # the window's time bar opens the whole timeline from here
    day = states[-1].start.isoformat()
    scenario.warnings.append(
        f"{path.name}: a timeline of {len(states)} states; showing the latest (from {day}) as a new scenario "
        f"(NAME@DATE picks another; `sovsplit timeline` shows them all)"
    )
    return scenario


def scenario_from_features(
    path: Path, read: ReadResult, regions: RegionSet, name_field: str | None = None, id_field: str | None = None
) -> Scenario:
    """A scenario from polities already read (a whole file, or one dated state of a timeline)."""
    for field_name, chosen in (("name", name_field), ("id", id_field)):
        if chosen and not any(chosen in f.properties for f in read.features):
            fields = sorted({k for f in read.features for k in f.properties})
            raise InputError(path, f"has no {field_name} field {chosen!r} (fields: {', '.join(fields) or 'none'})")
    polities = _polities(read.features, name_field, id_field)
    lists = [_region_lists(path, polity, feature, read.warnings) for polity, feature in zip(polities, read.features)]
    meta = read.members.get("sovsplit")
    stored = stored_parcels(
        meta.get("parcels") if isinstance(meta, dict) else None, regions, polities, [f.geometry for f in read.features]
    )
    if stored is not None:
        parcels, owner, warnings, route = stored.parcels, stored.owner, [], "parcels"
    else:
        # A polity without land (an empty geometry) holds no parcels.
        landed = [i for i, f in enumerate(read.features) if not f.geometry.is_empty]
        if not landed:
            raise InputError(path, "holds no land: every feature's geometry is empty")
        parcels, owner, warnings, route = _parcels(
            path,
            regions,
            [polities[i] for i in landed],
            [read.features[i] for i in landed],
            [lists[i] for i in landed],
        )
    scenario = Scenario(_title(read, path), regions, polities, parcels, owner)
    scenario.annotations = _notes(read)
    if isinstance(meta, dict):
        scenario.arable = ArableLayerRef.from_json(meta.get("arable"))
        if meta.get("images") is not None:  # map images traced over (issue 18)
            # Imported here: the georeferencing code is only needed by the rare scenario that keeps images.
            from sovsplit.model.trace.image_ref import images_from_json

            scenario.images = images_from_json(meta["images"])
    scenario.path = path
    scenario.file_state = file_state(path)
    scenario.warnings = read.warnings + warnings
    scenario.load_route = route
    scenario.name_field = name_field or next(
        (key for key in NAME_FIELDS if any(f.properties.get(key) not in (None, "") for f in read.features)), None
    )
    scenario.text_fields = sorted(
        {k for f in read.features for k, v in f.properties.items() if isinstance(v, str) and v and k != TITLE_FIELD}
    )
    return scenario


def _title(read, path: Path) -> str:
    """The `scenario_title` attribute (a GeoPackage, or a GIS "Save As" of one; GDAL then names the collection
    after the layer), else GeoJSON's foreign member `name`, else the file's stem."""
    titles = [f.properties.get(TITLE_FIELD) for f in read.features]
    title = next((t for t in titles if isinstance(t, str) and t), None)
    name = read.members.get("name")
    return title or (name if isinstance(name, str) else path.stem)


def _notes(read) -> list[dict]:
    meta = read.members.get("sovsplit")
    if isinstance(meta, dict) and isinstance(meta.get("annotations"), list):
        return [a for a in meta["annotations"] if isinstance(a, dict)]
    for feature in read.features:
        notes = feature.properties.get(NOTES_FIELD)  # JSON text, or a list where GDAL wrote it as JSON
        if isinstance(notes, str) and notes.startswith("["):
            try:
                notes = json.loads(notes)
            except json.JSONDecodeError:
                continue
        if isinstance(notes, list):
            return [a for a in notes if isinstance(a, dict)]
    return []


_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def _polities(features: list[RawPolity], name_field: str | None = None, id_field: str | None = None) -> list[Polity]:
    polities, seen = [], set()
    for index, feature in enumerate(features):
        p = feature.properties
        given_id = first_field(p, id_field, ID_FIELDS)
        name = first_field(p, name_field, NAME_FIELDS)
        name = str(name if name not in (None, "") else given_id or f"Polity {index + 1}")
        pid = str(given_id if given_id not in (None, "") else name)
        while pid in seen:
            pid += "'"
        seen.add(pid)
        colour = p.get("colour") or p.get("color") or p.get("fill")
        if not (isinstance(colour, str) and _COLOUR.fullmatch(colour)):
            colour = PALETTE[index % len(PALETTE)]
        polities.append(Polity(pid, name, str(p.get("capital") or ""), colour))
    return polities


def _region_lists(path: Path, polity: Polity, feature: RawPolity, warnings: list[str]):
    """(whole regions, pieces) as read in any of the forms GIS tools write; a warning when a list was cut."""
    whole = parse_region_list(feature.properties.get("regions"))
    pieces = parse_region_list(feature.properties.get("pieces"))
    for key, found in (("regions", whole), ("pieces", pieces)):
        if found is not None and not found.complete:
            warnings.append(
                f"{path.name}: {polity.name}: the '{key}' list was cut short (a Shapefile keeps 254 characters "
                "of text); the missing regions are found from the geometry"
            )
    return whole, pieces


def _parcels(path: Path, regions: RegionSet, polities: list[Polity], features: list[RawPolity], lists):
    lists = _completed(regions, features, lists)
    fast = _whole_region_parcels(regions, polities, features, lists)
    if fast is not None:
        return (*fast, [], "regions")
    listed = _listed_parcels(regions, polities, features, lists)
    if listed is not None:
        return (*listed, [], "pieces")
    try:
        return (*_overlay_parcels(path, regions, polities, features), "overlay")
    except shapely.errors.GEOSException as exc:
        # _overlay_parcels names the polity it was working on in the exception's notes.
        where = f"{exc.__notes__[-1]}: " if getattr(exc, "__notes__", None) else ""
        raise InputError(
            path, f"{where}cannot overlay the polities on the regions ({str(exc).splitlines()[0]})"
        ) from None


def _completed(regions: RegionSet, features: list[RawPolity], lists):
    """Lists cut short (Shapefile) made whole again: each region nobody lists goes to the polity with a cut
    list whose territory holds the region's inner point. The area checks that follow verify the result."""
    cut = [i for i, (whole, _) in enumerate(lists) if whole is not None and not whole.complete]
    if not cut:
        return lists
    listed = {r for whole, part in lists for lst in (whole, part) if lst is not None for r in lst.ids}
    extra: dict[int, list[str]] = {i: [] for i in cut}
    for region in regions.regions:
        if region.id in listed:
            continue
        point = region.geometry.representative_point()
        holder = next((i for i in cut if features[i].geometry.contains(point)), None)
        if holder is not None:
            extra[holder].append(region.id)
    return [(RegionList(whole.ids + extra[i]) if i in extra else whole, part) for i, (whole, part) in enumerate(lists)]


def _listed_parcels(regions: RegionSet, polities: list[Polity], features: list[RawPolity], lists):
    """Parcels for files sovsplit wrote after cuts or border edits: whole regions listed in `regions`, and
    for the regions listed in `pieces` only, the piece of the region inside each polity that lists it."""
    owner: dict[str, str | None] = {}
    pieces: dict[str, list[tuple[BaseGeometry, str | None]]] = {}
    for polity, feature, (whole_list, part_list) in zip(polities, features, lists):
        if whole_list is None:
            return None
        whole, part = whole_list.ids, part_list.ids if part_list is not None else []
        if any(r not in regions.by_id or r in owner for r in whole) or any(r not in regions.by_id for r in part):
            return None
        owner.update({r: polity.id for r in whole})
        geom = feature.geometry
        shapely.prepare(geom)
        held_area = float(shapely.area(regions.geometries[[regions.index[r] for r in whole]]).sum())
        for region_id in part:
            piece = polygonal(shapely.intersection(regions[region_id].geometry, geom))
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
        rest = polygonal(shapely.difference(region.geometry, shapely.union_all([g for g, _ in held])))
        if rest.area > _NOISE_DEG2:
            held = held + [(rest, None)]
        for n, (geom, polity_id) in enumerate(held, start=1):
            parcels.append(Parcel(f"{region.id}/{n}", region.id, geom))
            owner[f"{region.id}/{n}"] = polity_id
    return parcels, {p.id: owner[p.id] for p in parcels}


def _whole_region_parcels(regions: RegionSet, polities: list[Polity], features: list[RawPolity], lists):
    """Parcels for files whose polities are exactly unions of listed regions (what sovsplit writes)."""
    owner: dict[str, str | None] = {}
    for polity, feature, (whole, part) in zip(polities, features, lists):
        if (part is not None and part.ids) or whole is None:
            return None
        listed = whole.ids
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
    """Intersect arbitrary polity borders with the regions (model/io/overlay.py); earlier polities win overlaps."""
    from sovsplit.model.io.overlay import overlay  # only files without region lists take this route

    result = overlay(regions, [f.geometry for f in features])
    warnings: list[str] = []
    for polity, inside, overlap, outside in zip(polities, result.inside_km2, result.overlap_km2, result.outside_km2):
        if overlap > 0.0:
            warnings.append(
                f"{path.name}: {polity.name} overlaps earlier polities by {overlap:,.0f} km²; the overlap stays with them"
            )
        if inside + overlap < 1.0:
            raise InputError(path, f"{polity.name} does not overlap the USSR's 1991 territory")
        if outside > 0.01 * (inside + overlap + outside) and outside > 100:
            warnings.append(
                f"{path.name}: {outside:,.0f} km² of {polity.name} lies outside the USSR's "
                "1991 borders and is not counted"
            )
    ids = [p.id for p in polities]
    owner = {p.id: (ids[o] if o >= 0 else None) for p, o in zip(result.parcels, result.owner)}
    unclaimed = result.unclaimed_km2
    if unclaimed > 100:
        warnings.append(f"{path.name}: {unclaimed:,.0f} km² of the USSR belongs to no polity (shown as unclaimed)")
    return result.parcels, owner, warnings


# --- saving -----------------------------------------------------------------------------------------------
def scenario_to_geojson(scenario: Scenario, path: Path | str | None = None) -> str:
    """The scenario as RFC 7946 GeoJSON text: one feature per polity (a polity without land has an empty
    MultiPolygon), the exact parcels, the annotations and the map images in the `sovsplit` foreign member
    (`path`, where it will be written, makes the paths of map images beside it relative)."""
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
        geometry_json = _polity_geometry_text(scenario.geometry_of(polity.id))
        features.append(
            f'{{"type":"Feature","properties":{json.dumps(properties, ensure_ascii=False)},"geometry":{geometry_json}}}'
        )
    header = {"type": "FeatureCollection", "name": scenario.name}
    member = {"version": FORMAT_VERSION, "annotations": scenario.annotations}
    if scenario.arable is not None:  # an imported arable layer the numbers were counted with
        member["arable"] = scenario.arable.to_json()
    if scenario.images:  # map images traced over, with their control points (issue 18)
        from sovsplit.model.trace.image_ref import images_to_json

        member["images"] = images_to_json(scenario.images, path or scenario.path)
    member_json = json.dumps(member, ensure_ascii=False)[:-1] + ',"parcels":' + parcels_member_json(scenario) + "}"
    head = json.dumps(header, ensure_ascii=False)[:-1] + ',"sovsplit":' + member_json
    return head + ',"features":[\n' + ",\n".join(features) + "\n]}\n"


def _wrapped_geojson(geom: BaseGeometry) -> str:
    # An empty MultiPolygon is valid GeoJSON (RFC 7946 allows empty coordinates) and reads back as no land.
    return '{"type":"MultiPolygon","coordinates":[]}' if geom.is_empty else shapely.to_geojson(wrap(geom))


_polity_geometry_text = GeometryText(_wrapped_geojson, size=256)


SAVE_FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage"}


def check_save_path(path: Path | str) -> Path:
    """The path if sovsplit can save a scenario there; InputError with one line before anything is written."""
    path = Path(path)
    if path.suffix.lower() not in SAVE_FORMATS:
        raise InputError(
            path,
            f"cannot save a scenario as {path.suffix or 'a file without a suffix'!r}: "
            "use .geojson (GeoJSON) or .gpkg (GeoPackage)",
        )
    if not path.parent.is_dir():
        raise InputError(path, f"folder {path.parent} does not exist")
    return path


def save_scenario(scenario: Scenario, path: Path | str, clobber: bool = True) -> None:
    """Write the scenario atomically in the format its suffix names (.geojson or .gpkg); the previous file
    stays whole if anything fails. clobber=False refuses to replace an existing file (OutputExists)."""
    path = check_save_path(path)
    if SAVE_FORMATS[path.suffix.lower()] == "GeoPackage":
        from sovsplit.model.io.geopackage import write_geopackage

        replace_atomic(path, lambda tmp: write_geopackage(scenario, tmp), clobber=clobber)
    else:
        write_atomic(path, scenario_to_geojson(scenario, path), clobber=clobber)
    scenario.path = path
    scenario.file_state = file_state(path)
