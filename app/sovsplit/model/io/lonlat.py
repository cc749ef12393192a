"""Bring polity geometry from any CRS to the model's unwrapped lon/lat: repair, reproject, split at ±180°."""

from __future__ import annotations

import warnings as _warnings
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely
import shapely.errors
from shapely.geometry.base import BaseGeometry

from sovsplit.model.antimeridian import unwrap
from sovsplit.model.io.problems import InputError
from sovsplit.model.polygons import polygonal
from sovsplit.model.projections import thread_transformer

if TYPE_CHECKING:  # pyproj is loaded only for a file that names a CRS
    from pyproj import CRS

POLYGONAL = ("Polygon", "MultiPolygon")
# A vertex this far past -180° (a buffer or snapping edit in a GIS) is taken as the same meridian, wrapped.
HAIR_DEG = 1.0
# CRS names GeoJSON uses for plain lon/lat (RFC 7946 and the legacy `crs` member).
_LONLAT_NAMES = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "EPSG:4326", "OGC:CRS84"}


def crs_from_member(path: Path, member) -> CRS | None:
    """The CRS of GeoJSON's legacy `crs` member ({"type": "name", "properties": {"name": …}}); None for lon/lat."""
    if member is None:
        return None
    name = member.get("properties", {}).get("name") if isinstance(member, dict) else None
    if not isinstance(name, str):
        raise InputError(path, "the 'crs' member names no coordinate reference system")
    if name in _LONLAT_NAMES:
        return None
    from pyproj import CRS

    try:
        crs = CRS.from_user_input(name)
    except Exception:  # pyproj's CRSError; the name is what the user needs to see
        raise InputError(path, f"unknown coordinate reference system {name!r} in the 'crs' member") from None
    return None if is_lonlat(crs) else crs


def is_lonlat(crs: CRS | None) -> bool:
    """True for WGS84 longitude/latitude in any of its spellings (EPSG:4326, CRS84, OGC URNs)."""
    if crs is None:
        return True
    return crs.is_geographic and crs.equals("EPSG:4326", ignore_axis_order=True)


def to_model(path: Path, label: str, geom: BaseGeometry, crs: CRS | None, warnings: list[str]) -> BaseGeometry:
    """Geometry as stored in the file (in `crs`, None meaning lon/lat) → valid, unwrapped lon/lat polygons.

    Every GEOS or PROJ failure becomes one InputError naming the file and the feature.
    """
    try:
        if crs is not None and not is_lonlat(crs):
            # Repair where the edges are straight lines (the file's own CRS), then move the vertices.
            geom = _repair(path, label, geom, warnings)
            geom = _reproject(geom, crs)
            geom = split_at_antimeridian(geom)
            geom = _repair(path, label, geom, None)
        else:
            geom = wrap_hair(geom, path, label, warnings)
            geom = split_at_antimeridian(geom)
            geom = _repair(path, label, geom, warnings)
        # Repaired first: unwrap unions the pieces at 180°, and a union of invalid polygons raises TopologyException.
        geom = unwrap(geom)
    except shapely.errors.GEOSException as exc:
        raise InputError(path, f"{label}: unusable geometry ({_geos_message(exc)})") from None
    if geom.is_empty:
        raise InputError(path, f"{label}: geometry is empty")
    return geom


def check_range(path: Path, label: str, geom: BaseGeometry) -> None:
    """Refuse coordinates that are not lon/lat (a projected file without a CRS); a hair past -180° is fine."""
    coords = shapely.get_coordinates(geom)
    bad = ~(
        np.isfinite(coords).all(axis=1)
        & (coords[:, 0] >= -180 - HAIR_DEG)
        & (coords[:, 0] <= 360)
        & (coords[:, 1] >= -90)
        & (coords[:, 1] <= 90)
    )
    if bad.any():
        lon, lat = coords[np.argmax(bad)]
        raise InputError(
            path,
            f"{label}: coordinate ({lon:g}, {lat:g}) is out of range for longitude/latitude "
            "(-180..360, -90..90); is the file projected without saying so?",
        )


def wrap_hair(geom: BaseGeometry, path: Path | None = None, label: str = "", warnings: list | None = None):
    """Vertices a hair west of -180° wrapped to just west of +180° (the same meridian)."""
    if geom.bounds[0] >= -180.0:
        return geom
    if warnings is not None and geom.bounds[0] < -180.0 - 1e-6:  # float noise from reprojection goes unsaid
        source = path.name if path is not None else "input"
        warnings.append(
            f"{source}: {label}: longitude {geom.bounds[0]:.4f}° is west of -180°; taken as {geom.bounds[0] + 360:.4f}°"
        )
    return shapely.transform(geom, lambda xy: np.where(xy[:, :1] < -180.0, xy + (360.0, 0.0), xy))


def crosses_antimeridian(geom: BaseGeometry) -> bool:
    """True when some ring has an edge jumping more than 180° in longitude (it crosses ±180° uncut)."""
    rings = shapely.get_rings(shapely.get_parts(geom))
    if len(rings) == 0:
        return False
    coords, index = shapely.get_coordinates(rings, return_index=True)
    jumps = (np.abs(np.diff(coords[:, 0])) > 180.0) & (np.diff(index) == 0)
    return bool(jumps.any())


def split_at_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """Rings that cross ±180° uncut split there into pieces on either side (RFC 7946), others as they are."""
    if not crosses_antimeridian(geom):
        return geom
    import antimeridian

    parts = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    pieces: list = []
    for part in parts:
        if crosses_antimeridian(part):
            with _warnings.catch_warnings():
                _warnings.simplefilter("ignore")  # winding corrections are expected from projected sources
                # Edges between vertices are straight in lon/lat here, as everywhere in the model.
                fixed = antimeridian.fix_polygon(part, fix_winding=True, great_circle=False)
            pieces.extend(getattr(fixed, "geoms", [fixed]))
        else:
            pieces.append(part)
    return shapely.MultiPolygon([p for p in pieces if p.geom_type == "Polygon" and not p.is_empty])


def _reproject(geom: BaseGeometry, crs: CRS) -> BaseGeometry:
    transformer = thread_transformer(crs.to_wkt(), "EPSG:4326")

    def move(xy):
        lon, lat = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([lon, lat])

    out = shapely.transform(geom, move)
    if not np.isfinite(shapely.get_coordinates(out)).all():
        raise shapely.errors.GEOSException("some vertices cannot be converted to longitude/latitude")
    return out


def _repair(path: Path, label: str, geom: BaseGeometry, warnings: list[str] | None) -> BaseGeometry:
    if geom.is_valid:
        return geom
    parts = shapely.get_parts(geom)
    if len(parts) > 1 and shapely.is_valid(parts).all():
        # Valid parts that touch or overlap: what a GIS makes of a polygon cut at 180° and then reprojected
        # (its halves share an edge), or of a vertex wrapped across 180°. Their union is the territory.
        merged = polygonal(shapely.union_all(parts))
        if merged.is_valid:
            return merged
    reason = shapely.is_valid_reason(geom)
    geom = polygonal(shapely.make_valid(geom, method="structure", keep_collapsed=False))
    if warnings is not None:
        warnings.append(f"{path.name}: {label}: invalid geometry repaired ({reason})")
    return geom


def _geos_message(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
