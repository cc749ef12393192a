"""A disk cache of parsed geometry files, keyed by their content hash, so a file already read opens at once.

Entries are untrusted input: each is checked (format, the key it claims, a per-user MAC, sizes against the
file before anything is read, the types of every field) and on any failure deleted and parsed again.
Nothing in an entry is ever decompressed, so no entry can blow up in memory.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np
import shapely
import shapely.errors

from sovsplit.model.io.atomic import write_atomic
from sovsplit.model.io.user_dirs import private_dir, user_state_dir

_VERSION = b"sovsplit-parse-cache-2"
_MAGIC = b"sovsplit-cache-2"
# The most recently used entries kept; older ones are deleted. An export keeps about a dozen (outlines at its
# scales, territories, text extents) beside the parsed files and the statistics' tables, so a few pages' worth.
_KEEP = 64
MIN_BYTES = 256 * 1024  # files smaller than this are parsed every time
_HEADER_MAX = 4096


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sovsplit" / "parsed"


def cached_parse(raw: bytes, kind: str, parse: Callable[[], tuple[dict, list]]):
    """(meta, geometries) for file content `raw`: from the cache when this content was parsed before.

    `parse` returns a JSON-able dict and a list of shapely geometries; it runs only on a cache miss (or a
    damaged, forged or oversized entry). The key is the content's hash, so an edited file is parsed again.
    """
    if len(raw) < MIN_BYTES:
        # Small files parse in milliseconds; caching them would only push big ones out of the cache.
        return parse()
    # Parsed geometry (WKB) is rarely more than a few times the text it came from.
    return _cached(hashlib.sha256(_VERSION + kind.encode() + raw).hexdigest()[:32], parse, 8 * len(raw) + (1 << 20))


def cached_result(digest: bytes, kind: str, compute: Callable[[], tuple[dict, list]], max_bytes: int = 1 << 28):
    """(meta, geometries) of a derived computation (simplified coverages, overlays) keyed by `digest`, a hash of
    everything the result depends on; entries over `max_bytes` are treated as damaged and recomputed."""
    return _cached(_result_key(digest, kind), compute, max_bytes)


def stored_result(digest: bytes, kind: str, max_bytes: int = 1 << 24):
    """(meta, geometries) stored under `digest` by store_result, or None (missing, damaged or forged)."""
    key = _result_key(digest, kind)
    path = cache_dir() / f"{key}.bin"
    hit = read_entry(path, key, limit=max_bytes)
    if hit is not None:
        _used(path)
    return hit


def store_result(digest: bytes, kind: str, meta: dict, geometries: list) -> None:
    """Keep (or replace) a result that grows as it is used (measured text extents) under `digest`."""
    key = _result_key(digest, kind)
    _write(cache_dir() / f"{key}.bin", key, meta, geometries)


def _result_key(digest: bytes, kind: str) -> str:
    return hashlib.sha256(_VERSION + kind.encode() + digest).hexdigest()[:32]


def _cached(key: str, parse: Callable[[], tuple[dict, list]], limit: int):
    path = cache_dir() / f"{key}.bin"
    hit = read_entry(path, key, limit=limit)
    if hit is not None:
        _used(path)
        return hit
    path.unlink(missing_ok=True)
    meta, geometries = parse()
    _write(path, key, meta, geometries)
    return meta, geometries


def read_entry(path: Path, key: str, limit: int):
    """(meta, geometries) of a cache entry, or None if it is missing or fails any check."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit + _HEADER_MAX or handle.read(len(_MAGIC)) != _MAGIC:
                return None
            (header_size,) = struct.unpack("<I", handle.read(4))
            if header_size > _HEADER_MAX:
                return None
            header = json.loads(handle.read(header_size))
            if not _good_header(header, key, size - len(_MAGIC) - 4 - header_size):
                return None
            body = handle.read(size)
    except (OSError, ValueError, struct.error):
        return None
    if len(body) != header["meta"] + header["wkb"] + 8 * (header["count"] + 1):
        return None
    if not hmac.compare_digest(mac(key, body), header["mac"]):
        return None  # not written by this user's sovsplit for these bytes (or altered since)
    meta_end = header["meta"]
    offsets = np.frombuffer(body, dtype="<i8", count=header["count"] + 1, offset=meta_end)
    blob = body[meta_end + offsets.nbytes :]
    if offsets[0] != 0 or offsets[-1] != len(blob) or np.any(np.diff(offsets) < 0):
        return None
    try:
        meta = json.loads(body[:meta_end])
        chunks = [blob[offsets[i] : offsets[i + 1]] for i in range(len(offsets) - 1)]
        geometries = list(shapely.from_wkb(chunks)) if chunks else []
    except (ValueError, shapely.errors.GEOSException):
        return None
    if not _good_meta(meta, geometries):
        return None
    return meta, geometries


def _good_header(header, key: str, body_size: int) -> bool:
    if not isinstance(header, dict) or header.get("key") != key or not isinstance(header.get("mac"), str):
        return False
    sizes: list[int] = []
    for k in ("meta", "wkb", "count"):
        v = header.get(k)
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            return False
        sizes.append(v)
    return sizes[0] + sizes[1] + 8 * (sizes[2] + 1) == body_size


def _good_meta(meta, geometries: list) -> bool:
    """The fields the readers use have the types they expect, and one geometry per feature."""
    if not isinstance(meta, dict) or any(g is None for g in geometries):
        return False
    properties = meta.get("properties")
    if properties is not None and not (
        isinstance(properties, list)
        and len(properties) == len(geometries)
        and all(isinstance(p, dict) for p in properties)
    ):
        return False
    if "members" in meta and not isinstance(meta["members"], dict):
        return False
    warnings = meta.get("warnings")
    return warnings is None or (isinstance(warnings, list) and all(isinstance(w, str) for w in warnings))


def _write(path: Path, key: str, meta: dict, geometries: list) -> None:
    try:
        chunks = [shapely.to_wkb(g) for g in geometries]
        offsets = np.cumsum([0] + [len(c) for c in chunks], dtype="<i8")
        meta_bytes = json.dumps(meta).encode("utf-8")
        blob = b"".join(chunks)
        body = meta_bytes + offsets.tobytes() + blob
        header = json.dumps(
            {"key": key, "meta": len(meta_bytes), "wkb": len(blob), "count": len(chunks), "mac": mac(key, body)}
        ).encode()
        private_dir(path.parent)
        write_atomic(path, _MAGIC + struct.pack("<I", len(header)) + header + body, mode=0o600)
        _prune(path.parent)
    except OSError:
        pass  # a read-only cache folder only costs speed


def mac(key: str, body: bytes) -> str:
    """This user's MAC of a cache entry's body under its key."""
    return hmac.new(_secret(), key.encode() + body, hashlib.sha256).hexdigest()


_SECRET: bytes | None = None


def _secret() -> bytes:
    """This user's cache key (in the private state folder): an entry made elsewhere never passes."""
    global _SECRET
    if _SECRET is None:
        path = user_state_dir() / "cache-key"
        try:
            value = path.read_bytes()
            if len(value) != 32:
                raise ValueError("damaged")
        except (OSError, ValueError):
            value = secrets.token_bytes(32)
            try:
                write_atomic(path, value, mode=0o600)
            except OSError:
                pass  # a fresh key per process: the cache then only helps within this run
        _SECRET = value
    return _SECRET


def _used(path: Path) -> None:
    """Mark an entry as just used: pruning goes by time, so entries read at every run (the parsed regions, the
    statistics' tables) outlive ones written once."""
    try:
        os.utime(path)
    except OSError:
        pass  # a read-only cache folder: pruning then goes by age of writing


def _prune(folder: Path) -> None:
    for old in folder.glob("*.npz"):  # entries of the first cache format
        old.unlink(missing_ok=True)
    entries = sorted(folder.glob("*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[_KEEP:]:
        old.unlink(missing_ok=True)
