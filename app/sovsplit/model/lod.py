"""Level-of-detail geometry: the regions' coverage simplified once per scale band and projection, so a view
at any zoom draws few vertices; simplified as one coverage (shared borders stay shared), cached on disk."""

from __future__ import annotations

import hashlib
import math
import threading
import weakref

import numpy as np
import shapely

from sovsplit.model.io.code_digest import source_digest
from sovsplit.model.io.parse_cache import cached_result
from sovsplit.model.projections import get_projection
from sovsplit.model.regions import RegionSet

# Simplification tolerances in projected metres, finest first: each band serves the zooms at which it is
# under half a pixel. Closer than the finest band, the full geometry is drawn.
BANDS_M = (500.0, 2000.0, 8000.0, 32000.0)
# Latitudes are clipped before projecting (Mercator has no pole); nothing of the USSR lies beyond.
_MAX_LAT = 85.0
_VERSION = b"sovsplit-lod-1"
_memory: dict[bytes, np.ndarray] = {}
# The same results by region set object: hashing every region's WKB for the key above costs as much as projecting.
_by_regions: weakref.WeakKeyDictionary[RegionSet, dict[tuple[str, float], np.ndarray]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def band_for_scale(pixels_per_metre: float, pixel_fraction: float = 0.5) -> float:
    """The coarsest band whose tolerance stays under `pixel_fraction` of a pixel at this scale (0.0: none
    does, draw full detail)."""
    if not (pixels_per_metre > 0 and math.isfinite(pixels_per_metre)):
        return 0.0
    return band_for_tolerance(pixel_fraction / pixels_per_metre)


def band_for_tolerance(metres: float) -> float:
    """The coarsest band not coarser than `metres` of simplification (0.0: none is)."""
    fitting = [band for band in BANDS_M if band <= metres]
    return fitting[-1] if fitting else 0.0


def project(geometries: np.ndarray, projection_key: str) -> np.ndarray:
    """Lon/lat geometries in a named projection's metres (one pyproj call for all vertices)."""
    transformer = get_projection(projection_key).transformer()

    def forward(coords: np.ndarray) -> np.ndarray:
        if not len(coords):
            return coords
        xs, ys = transformer.transform(coords[:, 0], np.clip(coords[:, 1], -_MAX_LAT, _MAX_LAT))
        return np.column_stack([xs, ys])

    return shapely.transform(geometries, forward)


def simplified_regions(regions: RegionSet, projection_key: str, band: float) -> np.ndarray:
    """The regions projected and simplified as one coverage at `band` metres (0.0: projected only), in the
    order of `regions.regions`; computed once per data, projection and band, then read from disk."""
    proj = get_projection(projection_key).proj
    with _lock:
        known = _by_regions.get(regions, {}).get((proj, band))
    if known is not None:
        return known
    region_bytes = b"".join(shapely.to_wkb(regions.geometries))
    digest = hashlib.sha256(_VERSION + source_digest(__file__) + proj.encode() + repr(band).encode())
    digest.update(hashlib.sha256(region_bytes).digest())
    key = digest.digest()
    with _lock:
        if key in _memory:
            _by_regions.setdefault(regions, {})[(proj, band)] = _memory[key]
            return _memory[key]

    def compute():
        projected = project(regions.geometries, projection_key)
        shapes = shapely.coverage_simplify(projected, band) if band > 0 else projected
        return {"ids": regions.ids, "band": band}, list(shapes)

    _, shapes = cached_result(key, "lod", compute)
    result = np.array(shapes, dtype=object)
    with _lock:
        _memory[key] = result
        _by_regions.setdefault(regions, {})[(proj, band)] = result
    return result


def prepare_all_bands(regions: RegionSet, projection_key: str) -> dict[float, np.ndarray]:
    """Every band at once (for a worker thread at start-up, so no zoom waits for a simplification)."""
    return {band: simplified_regions(regions, projection_key, band) for band in (0.0, *BANDS_M)}
