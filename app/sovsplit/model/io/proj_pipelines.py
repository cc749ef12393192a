"""The PROJ pipelines of the map's transformers kept on disk, so a fresh process builds them without PROJ's database.

Transformer.from_crs looks both systems up in PROJ's SQLite database and searches the operations between them:
about 10 ms for the first transformer of a process and 6 for its inverse, at every export. The pipeline it
settles on, as text, builds the same transformer with from_pipeline in half a millisecond. A pipeline is kept
only when the transformer built from it gives the same figures, bit for bit, at probe points over the globe,
and under a digest of pyproj's and PROJ's versions and PROJ's database, so an upgrade searches again.
"""

from __future__ import annotations

import hashlib
import os
import threading

from sovsplit.model.io.code_digest import source_digest
from sovsplit.model.io.parse_cache import store_result, stored_result

_VERSION = b"sovsplit-proj-pipelines-1"
_KIND = "proj-pipelines"
_LIMIT = 64  # pairs of systems kept
_lock = threading.Lock()
_pipelines: dict[tuple[str, str], str] | None = None
_environment: bytes | None = None


def build_transformer(source: str, target: str):
    """Transformer.from_crs(source, target, always_xy=True), from its stored pipeline when there is one."""
    import pyproj

    with _lock:
        pipelines = _stored()
        definition = pipelines.get((source, target))
    if definition is not None:
        try:
            return pyproj.Transformer.from_pipeline(definition)
        except pyproj.exceptions.ProjError:
            pass  # a pipeline this PROJ cannot build after all: search again
    transformer = pyproj.Transformer.from_crs(source, target, always_xy=True)
    if _same_figures(transformer, source):
        with _lock:
            pipelines[(source, target)] = transformer.definition
            while len(pipelines) > _LIMIT:  # a traced map's own systems come and go: keep the latest
                pipelines.pop(next(iter(pipelines)))
            rows = [[s, t, d] for (s, t), d in pipelines.items()]
        if _environment is not None:
            store_result(_environment, _KIND, {"pipelines": rows}, [])
    return transformer


def _same_figures(transformer, source: str) -> bool:
    """The pipeline's own transformer maps probe points over the globe exactly as `transformer` does."""
    import numpy as np
    import pyproj

    try:
        copy = pyproj.Transformer.from_pipeline(transformer.definition)
        lon, lat = np.meshgrid(np.linspace(-179.5, 191.0, 23), np.linspace(-85.0, 89.5, 19))
        x, y = lon.ravel(), lat.ravel()
        with np.errstate(all="ignore"):
            if source != "EPSG:4326":  # a projected source: the globe's points as it shows them
                x, y = pyproj.Transformer.from_crs("EPSG:4326", source, always_xy=True).transform(x, y)
            a, b = transformer.transform(x, y), copy.transform(x, y)
    except pyproj.exceptions.ProjError:
        return False
    return all(np.array_equal(np.asarray(p), np.asarray(q), equal_nan=True) for p, q in zip(a, b))


def _stored() -> dict[tuple[str, str], str]:
    global _pipelines, _environment
    if _pipelines is None:
        _environment = _environment_digest()
        _pipelines = _read(_environment)
    return _pipelines


def _environment_digest() -> bytes:
    import pyproj
    from pyproj.datadir import get_data_dir

    digest = hashlib.sha256(_VERSION + source_digest(__file__))
    digest.update(f"{pyproj.__version__}\0{pyproj.proj_version_str}".encode())
    try:
        stat = os.stat(os.path.join(get_data_dir(), "proj.db"))
        digest.update(f"\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    except (OSError, pyproj.exceptions.DataDirError):
        digest.update(b"\0no proj.db")
    return digest.digest()


def _read(environment: bytes) -> dict[tuple[str, str], str]:
    hit = stored_result(environment, _KIND)
    rows = hit[0].get("pipelines") if hit is not None else None
    if not isinstance(rows, list):
        return {}
    if not all(isinstance(row, list) and len(row) == 3 and all(isinstance(v, str) for v in row) for row in rows):
        return {}
    return {(s, t): d for s, t, d in rows}


def known_pipelines() -> dict[tuple[str, str], str]:
    """The pipelines this process knows, read from disk or found since: (source, target) -> PROJ text."""
    with _lock:
        return dict(_stored())
