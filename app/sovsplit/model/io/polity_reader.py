"""Read polygons of polities from GeoJSON, GeoPackage or Shapefile, checking every way the input can be bad."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
import shapely.errors
from shapely.geometry.base import BaseGeometry

from sovsplit.model.io.geojson_skim import skim
from sovsplit.model.io.lonlat import HAIR_DEG, check_range, crs_from_member, to_model
from sovsplit.model.io.parse_cache import cached_parse
from sovsplit.model.io.problems import InputError
from sovsplit.model.io.safe_text import terminal_text

MAX_BYTES = 64 * 1024 * 1024
# Hard limits, checked before any geometry work: the shipped USSR has about 100,000 vertices in 97 regions.
MAX_FEATURES = 10_000
MAX_VERTICES = 1_000_000
GEOJSON_SUFFIXES = {".geojson", ".json"}
POLYGONAL = {"Polygon", "MultiPolygon"}


@dataclass
class RawPolity:
    """One feature as read: its properties and its geometry in unwrapped lon/lat."""

    properties: dict
    geometry: BaseGeometry


@dataclass
class ReadResult:
    features: list[RawPolity]
    members: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def read_polities(path: Path | str) -> ReadResult:
    """Read and check a file of polities; raise InputError with one line on anything unusable."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir() and path.suffix.lower() != ".gdb":
        raise InputError(path, "is a folder, not a file")
    if not path.is_dir() and not path.is_file():
        # A FIFO would block the read forever and a device (/dev/zero) never ends.
        raise InputError(path, "is not a regular file (a pipe, socket or device); give a file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(
            path,
            f"is {size / 2**20:.0f} MB; scenario files over {MAX_BYTES // 2**20} MB "
            "are not supported (simplify the geometry first)",
        )
    if size == 0:
        raise InputError(path, "is empty")
    try:
        result = _read_geojson_cached(path) if path.suffix.lower() in GEOJSON_SUFFIXES else _read_ogr(path)
    except PermissionError:
        raise InputError(path, "cannot be read: permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None
    if not result.features:
        raise InputError(path, "contains no features")
    return result


# --- GeoJSON ----------------------------------------------------------------------------------------------
def _read_geojson_cached(path: Path) -> ReadResult:
    """Read a GeoJSON file, or take the result from the parse cache when these exact bytes were read before."""
    raw = path.read_bytes()
    prefix = f"{path.name}: "

    def parse():
        result = _read_geojson(path, raw)
        meta = {
            "properties": [f.properties for f in result.features],
            "members": result.members,
            "warnings": [w.removeprefix(prefix) for w in result.warnings],
        }
        return meta, [f.geometry for f in result.features]

    meta, geometries = cached_parse(raw, "polities", parse)
    return ReadResult(
        [RawPolity(p, g) for p, g in zip(meta["properties"], geometries)],
        meta["members"],
        [prefix + w for w in meta["warnings"]],
    )


def _read_geojson(path: Path, raw: bytes) -> ReadResult:
    text = _decode(path, raw)
    # GEOS reads the geometries in one pass; Python's json then reads only the rest (properties, members).
    parsed = _parse_geometries_fast(text)
    data = _parse_skimmed(text, len(parsed)) if parsed is not None else None
    if data is None:
        data = _parse_json(path, text)
    del text  # the file's text is no longer needed: free it before the geometry work
    kind = data.get("type") if isinstance(data, dict) else None
    kind = kind if isinstance(kind, str) or kind is None else type(kind).__name__
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise InputError(path, "'features' is not a list")
        members = {k: v for k, v in data.items() if k not in ("type", "features")}
    elif kind == "Feature":
        features, members = [data], {}
    elif kind in POLYGONAL:
        features, members = [{"type": "Feature", "properties": {}, "geometry": data}], {}
    else:
        raise InputError(path, f"is not a GeoJSON FeatureCollection (type is {kind!r})")
    if len(features) > MAX_FEATURES:
        raise InputError(
            path, f"has {len(features):,} features; the limit is {MAX_FEATURES:,} polities (merge them first)"
        )
    result = ReadResult([], members)
    # GDAL and QGIS write projected GeoJSON with the legacy (2008) `crs` member; RFC 7946 dropped it.
    crs = crs_from_member(path, members.pop("crs", None))
    geometries = parsed if kind == "FeatureCollection" and parsed is not None and len(parsed) == len(features) else None
    if geometries is not None:
        _check_vertices(path, int(shapely.get_num_coordinates(np.array(geometries, dtype=object)).sum()))
    for index, feature in enumerate(features, start=1):
        geom = geometries[index - 1] if geometries is not None else None
        result.features.append(_geojson_feature(path, index, feature, geom, crs, result.warnings))
    return result


def _parse_geometries_fast(text: str) -> list | None:
    """All geometries of a FeatureCollection in one pass through GEOS; None if GEOS objects (the careful checks
    then explain why)."""
    try:
        collection = shapely.from_geojson(text)
    except shapely.errors.GEOSException:
        return None
    return list(getattr(collection, "geoms", []))


def _parse_skimmed(text: str, geometries: int):
    """The JSON without its coordinate arrays (model/io/geojson_skim.py), or None to parse the whole text."""
    skimmed = skim(text, geometries)
    if skimmed is None:
        return None
    try:
        return json.loads(_without_lone_surrogates(skimmed))
    except (json.JSONDecodeError, RecursionError):
        return None  # the whole text's parse then names the problem with the file's own line numbers


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            path, f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); GeoJSON must be UTF-8"
        ) from None


def _parse_json(path: Path, text: str):
    try:
        return json.loads(_without_lone_surrogates(text))
    except RecursionError:
        raise InputError(path, "nests arrays or objects too deeply to be GeoJSON") from None
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            raise InputError(path, f"is truncated: the JSON ends early at line {exc.lineno}") from None
        raise InputError(path, f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None


# A \uD800–\uDFFF escape that is not half of a pair: Python would keep it and fail when writing the text out.
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _without_lone_surrogates(text: str) -> str:
    # Searching for the escape first is a hundred times faster than the pattern on a file without any.
    return _LONE_SURROGATE.sub(r"\\ufffd", text) if "\\ud" in text or "\\uD" in text else text


def _check_vertices(path: Path, count: int) -> None:
    if count > MAX_VERTICES:
        raise InputError(path, f"has {count:,} vertices; the limit is {MAX_VERTICES:,} (simplify the geometry first)")


def _label(index: int, properties: dict) -> str:
    name = properties.get("name") or properties.get("id") if isinstance(properties, dict) else None
    name = terminal_text(str(name))[:60] if name else ""
    return f"feature {index}" + (f" ({name})" if name else "")


def _geojson_feature(path: Path, index: int, feature, geom, crs, warnings: list[str]) -> RawPolity:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise InputError(path, f"feature {index} is not a GeoJSON Feature object")
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        raise InputError(path, f"feature {index}: 'properties' is not an object")
    label = _label(index, properties)
    geometry = feature.get("geometry")
    if geometry is None:
        raise InputError(path, f"{label} has no geometry")
    if geometry == {"type": "MultiPolygon", "coordinates": []}:
        return RawPolity(properties, shapely.MultiPolygon())  # a polity without land, as sovsplit writes it
    if not isinstance(geometry, dict) or geometry.get("type") not in POLYGONAL:
        found = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        raise InputError(path, f"{label} has a {found} geometry; polities must be Polygon or MultiPolygon")
    if geom is not None:
        if crs is None:
            check_range(path, label, geom)
        return RawPolity(properties, to_model(path, label, geom, crs, warnings))
    polygons = geometry.get("coordinates")
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    if not isinstance(polygons, list) or not polygons:
        raise InputError(path, f"{label} has no coordinates")
    for polygon in polygons:
        _check_polygon(path, label, polygon, lonlat=crs is None)
    try:
        geom = shapely.from_geojson(json.dumps(geometry))
    except shapely.errors.GEOSException as exc:
        raise InputError(path, f"{label}: invalid geometry ({str(exc).split(': ', 1)[-1]})") from None
    _check_vertices(path, int(shapely.get_num_coordinates(geom)))
    return RawPolity(properties, to_model(path, label, geom, crs, warnings))


def _check_polygon(path: Path, label: str, polygon, lonlat: bool = True) -> None:
    if not isinstance(polygon, list) or not polygon:
        raise InputError(path, f"{label}: a polygon has no rings")
    for ring_no, ring in enumerate(polygon, start=1):
        if not isinstance(ring, list) or len(ring) < 4:
            raise InputError(path, f"{label}: ring {ring_no} has fewer than 4 positions")
        for position in ring:
            if (
                not isinstance(position, list)
                or len(position) < 2
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in position)
            ):
                raise InputError(
                    path,
                    f"{label}: ring {ring_no} holds a position that is not "
                    f"a pair of numbers: {json.dumps(position)[:40]}",
                )
            lon, lat = position[0], position[1]
            if not (math.isfinite(lon) and math.isfinite(lat)):
                raise InputError(path, f"{label}: coordinate ({lon}, {lat}) is not a finite number")
            if lonlat and not (-180 - HAIR_DEG <= lon <= 360 and -90 <= lat <= 90):
                raise InputError(
                    path, f"{label}: coordinate ({lon}, {lat}) is out of range (longitude -180..360, latitude -90..90)"
                )
        if ring[0][:2] != ring[-1][:2]:
            raise InputError(path, f"{label}: ring {ring_no} is not closed (first and last positions differ)")


# --- GeoPackage, Shapefile and friends --------------------------------------------------------------------
def _read_ogr(path: Path) -> ReadResult:
    import pyogrio

    from sovsplit.model.io.geopackage import POLITIES, read_members

    try:
        layers = {name for name, _ in pyogrio.list_layers(path)}
        # A sovsplit GeoPackage holds more layers (parcels, notes, metadata); the polities are the scenario.
        frame = pyogrio.read_dataframe(path, layer=POLITIES if POLITIES in layers else None)
        result = ReadResult([], read_members(path) if POLITIES in layers else {})
    except Exception as exc:  # pyogrio raises several types; the message is what the user needs
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(path, f"cannot be read as a vector dataset ({message})") from None
    if frame.crs is None:
        result.warnings.append(f"{path.name}: has no coordinate reference system; assumed WGS84 lon/lat")
    for index, row in enumerate(frame.itertuples(index=False), start=1):
        properties = {k: _plain(v) for k, v in row._asdict().items() if k != "geometry"}
        geom = row.geometry
        label = _label(index, properties)
        if geom is None or geom.is_empty:
            raise InputError(path, f"{label} has no geometry")
        if geom.geom_type not in POLYGONAL:
            raise InputError(path, f"{label} has a {geom.geom_type} geometry; polities must be polygons")
        if frame.crs is None:
            check_range(path, label, geom)
        result.features.append(RawPolity(properties, to_model(path, label, geom, frame.crs, result.warnings)))
    return result


def _plain(value):
    """A pandas/numpy scalar as a plain JSON-able value."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and value.startswith("[") and value.endswith("]"):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value
