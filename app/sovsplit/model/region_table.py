"""Area, coast and arable land of every whole region, cached in memory and on disk by the data's content hash."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from sovsplit.model.coast import region_coast_km
from sovsplit.model.io.atomic import write_atomic
from sovsplit.model.io.resources import geodata_path
from sovsplit.model.io.user_dirs import private_dir
from sovsplit.model.regions import RegionSet

_VERSION = 1
_memory: dict[tuple[int, int], dict[str, tuple[float, float, float]]] = {}


def region_table(regions: RegionSet, arable_source) -> dict[str, tuple[float, float, float]]:
    """region id → (area km², coast km, arable km²) for whole regions under an arable source."""
    key = (id(regions), id(arable_source))
    if key not in _memory:
        _memory[key] = _load_or_compute(regions, arable_source)
    return _memory[key]


def _load_or_compute(regions: RegionSet, arable_source):
    cache_file = _cache_file(regions, arable_source)
    if cache_file is not None and cache_file.exists():
        try:
            data = json.loads(cache_file.read_text(encoding="utf-8"))
            if set(data) == set(regions.ids):
                return {rid: tuple(values) for rid, values in data.items()}
        except (OSError, ValueError):
            pass  # a damaged cache is simply rebuilt
    table = _compute(regions, arable_source)
    if cache_file is not None:
        try:
            private_dir(cache_file.parent)
            write_atomic(cache_file, json.dumps(table), mode=0o600)
        except OSError:
            pass  # a read-only home folder only costs speed
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
