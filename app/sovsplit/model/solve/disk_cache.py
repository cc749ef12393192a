"""Figures derived from the shipped regions (adjacency, capital distances) kept on disk by the data's content hash."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

from sovsplit.model.io.atomic import write_atomic
from sovsplit.model.io.code_digest import source_digest
from sovsplit.model.io.resources import geodata_path
from sovsplit.model.regions import RegionSet

_VERSION = "solve-1"


def cached_json(
    regions: RegionSet, kind: str, compute: Callable[[], dict], also: tuple[str, ...] = (), code: tuple[str, ...] = ()
) -> dict:
    """`compute()` (a JSON-able dict) for the shipped regions, read back from disk after the first time.

    Only the shipped regions are cached. Their content, that of the shipped files named in `also` and that of the
    source files in `code` (the modules that compute the figures) key the file, so rebuilt data or changed code is
    simply computed again. Other region sets are computed every time.
    """
    if getattr(regions, "source_path", None) != geodata_path("regions.geojson"):
        return compute()
    path = _cache_file(kind, [geodata_path(n) for n in ("regions.geojson", *also)] + [Path(c) for c in code])
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass  # missing or damaged: compute again
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(value))
    except OSError:
        pass  # a read-only cache folder only costs speed
    return value


def _cache_file(kind: str, paths: list[Path]) -> Path:
    digest = hashlib.sha256(f"{_VERSION}:{kind}".encode())
    for path in paths:
        digest.update(_content_digest(path))
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    safe = "".join(c if c.isalnum() else "-" for c in kind)
    return Path(base) / "sovsplit" / f"{safe}-{digest.hexdigest()[:20]}.json"


@cache
def _content_digest(path: Path) -> bytes:
    # Data files and module sources alike; a bundle without sources keys its code by the package version.
    return source_digest(path)
