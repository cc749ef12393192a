"""A disk cache of parsed geometry files, keyed by their content hash, so a file already read opens at once."""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import shapely

from sovsplit.model.io.atomic import write_atomic
from sovsplit.model.io.user_dirs import private_dir

_VERSION = b"sovsplit-parse-cache-1"
_KEEP = 24  # newest cache entries kept; older ones are deleted
MIN_BYTES = 256 * 1024  # files smaller than this are parsed every time


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sovsplit" / "parsed"


def cached_parse(raw: bytes, kind: str, parse: Callable[[], tuple[dict, list]]):
    """(meta, geometries) for file content `raw`: from the cache when this content was parsed before.

    `parse` returns a JSON-able dict and a list of shapely geometries; it runs only on a cache miss. The key
    is the content's hash, so an edited file is simply parsed again.
    """
    if len(raw) < MIN_BYTES:
        # Small files parse in milliseconds; caching them would only push big ones out of the cache.
        return parse()
    digest = hashlib.sha256(_VERSION + kind.encode() + raw).hexdigest()[:32]
    path = cache_dir() / f"{digest}.npz"
    hit = _read(path)
    if hit is not None:
        return hit
    meta, geometries = parse()
    _write(path, meta, geometries)
    return meta, geometries


def _read(path: Path):
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode("utf-8"))
            blob, offsets = data["wkb"].tobytes(), data["offsets"]
        chunks = [blob[offsets[i] : offsets[i + 1]] for i in range(len(offsets) - 1)]
        return meta, list(shapely.from_wkb(chunks)) if chunks else []
    except (OSError, ValueError, KeyError, shapely.errors.GEOSException):
        return None  # missing or damaged: parse again


def _write(path: Path, meta: dict, geometries: list) -> None:
    try:
        chunks = [shapely.to_wkb(g) for g in geometries]
        offsets = np.cumsum([0] + [len(c) for c in chunks], dtype=np.int64)
        buffer = io.BytesIO()
        np.savez(
            buffer,
            meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
            wkb=np.frombuffer(b"".join(chunks), dtype=np.uint8),
            offsets=offsets,
        )
        private_dir(path.parent)
        write_atomic(path, buffer.getvalue(), mode=0o600)
        _prune(path.parent)
    except OSError:
        pass  # a read-only cache folder only costs speed


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[_KEEP:]:
        old.unlink(missing_ok=True)
