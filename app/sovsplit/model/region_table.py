"""Area, coast and arable land of every whole region, cached in memory and on disk by the data's content hash."""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
from pathlib import Path

from sovsplit.model.coast import region_coast_km
from sovsplit.model.io.atomic import write_atomic
from sovsplit.model.io.parse_cache import mac
from sovsplit.model.io.resources import geodata_path
from sovsplit.model.io.user_dirs import private_dir
from sovsplit.model.regions import RegionSet

_VERSION = 2
_memory: dict[tuple[int, int], dict[str, tuple[float, float, float]]] = {}


def region_table(regions: RegionSet, arable_source) -> dict[str, tuple[float, float, float]]:
    """region id → (area km², coast km, arable km²) for whole regions under an arable source."""
    key = (id(regions), id(arable_source))
    if key not in _memory:
        _memory[key] = _load_or_compute(regions, arable_source)
    return _memory[key]


def _load_or_compute(regions: RegionSet, arable_source):
    cache_file = _cache_file(regions, arable_source)
    if cache_file is not None:
        table = _read_cache(cache_file, regions)
        if table is not None:
            return table
        cache_file.unlink(missing_ok=True)  # damaged, forged or from another version: count again
    table = _compute(regions, arable_source)
    if cache_file is not None:
        try:
            private_dir(cache_file.parent)
            body = json.dumps(table)
            entry = {"version": _VERSION, "key": cache_file.stem, "mac": mac(cache_file.stem, body.encode())}
            write_atomic(cache_file, json.dumps(entry) + "\n" + body, mode=0o600)
        except OSError:
            pass  # a read-only home folder only costs speed
    return table


_MAX_CACHE_BYTES = 1 << 20


def _read_cache(path: Path, regions: RegionSet):
    """The cached table if the entry is this version's, names its own key, carries this user's MAC and holds
    three finite non-negative numbers for exactly the regions; else None."""
    try:
        if path.stat().st_size > _MAX_CACHE_BYTES:
            return None
        head, _, body = path.read_bytes().partition(b"\n")
        entry = json.loads(head)
        if not (
            isinstance(entry, dict)
            and entry.get("version") == _VERSION
            and entry.get("key") == path.stem
            and isinstance(entry.get("mac"), str)
            and hmac.compare_digest(entry["mac"], mac(path.stem, body))
        ):
            return None
        data = json.loads(body)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or set(data) != set(regions.ids):
        return None
    table = {}
    for rid, values in data.items():
        if not (isinstance(values, list) and len(values) == 3):
            return None
        if not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v >= 0 for v in values
        ):
            return None
        table[rid] = tuple(float(v) for v in values)
    return table


def _compute(regions: RegionSet, arable_source):
    coast = region_coast_km(regions)
    arable = arable_source.zonal(list(regions.geometries)) if arable_source is not None else [0.0] * len(regions)
    return {rid: (regions.area_km2[rid], coast[rid], float(a)) for rid, a in zip(regions.ids, arable)}


def _cache_file(regions: RegionSet, arable_source) -> Path | None:
    """Only the shipped regions under the shipped arable model are cached on disk."""
    if getattr(regions, "source_path", None) != geodata_path("regions.geojson"):
        return None
    if arable_source is not None and not getattr(arable_source, "is_model", False):
        return None
    digest = hashlib.sha256(str(_VERSION).encode())
    for name in ("regions.geojson", "coastline.geojson", "arable.tif"):
        digest.update(geodata_path(name).read_bytes())
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sovsplit" / f"region-stats-{digest.hexdigest()[:20]}.json"
