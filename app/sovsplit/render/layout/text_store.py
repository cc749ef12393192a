"""Measured text extents kept on disk, so a fresh process lays out with FreeType only texts it never measured.

A first 300 dpi export spent about 0.2 s measuring some two hundred names (place names at their sizes, polity
names at falling sizes) that every earlier export had measured too. The extents depend only on the text, the
font settings, the dpi and the fonts themselves, so they are kept in the parse cache (model/io/parse_cache.py)
under a digest of everything else they depend on: matplotlib's and FreeType's versions, the font files matplotlib
knows (path, size, time), the font and text settings, and the measuring code. A new font, version or setting
gives a new entry, never a stale size.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sovsplit.model.io.code_digest import source_digest
from sovsplit.model.io.parse_cache import store_result, stored_result

_VERSION = b"sovsplit-text-sizes-1"
_KIND = "text-sizes"
# A key: text, size, family, weight, style, dpi, hinting, hinting factor, kerning factor, parse math, math fonts
# (the factors are None in matplotlib 3.10+ unless set): the exact types each place may hold (bool is not int).
_NUMBER = frozenset({float, int})
_FACTOR = frozenset({int, type(None)})
_TEXT = frozenset({str})
_KEY_TYPES = (_TEXT, _NUMBER, _TEXT, _TEXT, _TEXT, _NUMBER, _TEXT, _FACTOR, _FACTOR, frozenset({bool}), _TEXT)


def environment_digest() -> bytes:
    """A digest of what text extents depend on beyond their own key (fonts, versions, settings, code)."""
    import matplotlib
    from matplotlib import font_manager, ft2font, rcParams

    digest = hashlib.sha256(_VERSION)
    digest.update(matplotlib.__version__.encode())
    digest.update(str(ft2font.__freetype_version__).encode())
    digest.update(source_digest(Path(__file__).with_name("text_metrics.py")))
    # Only these settings are read: reading "backend" would import pyplot to resolve it.
    settings = sorted((k, repr(rcParams[k])) for k in rcParams.keys() if k.startswith(("font.", "text.", "mathtext.")))
    digest.update(repr(settings).encode())
    manager = font_manager.fontManager
    for entry in sorted(manager.ttflist + manager.afmlist, key=lambda f: (f.fname, f.name, f.style, str(f.weight))):
        try:
            stat = os.stat(entry.fname)
            stamp = (stat.st_size, stat.st_mtime_ns)
        except OSError:
            stamp = (-1, -1)
        digest.update(
            repr((entry.fname, entry.name, entry.style, entry.variant, entry.weight, entry.stretch, stamp)).encode()
        )
    return digest.digest()


def load(environment: bytes) -> dict[tuple, tuple[float, float]]:
    """The extents stored for this environment (empty when none are, or the entry is not well formed)."""
    hit = stored_result(environment, _KIND)
    if hit is None:
        return {}
    rows = hit[0].get("sizes")
    if not isinstance(rows, list):
        return {}
    out: dict[tuple, tuple[float, float]] = {}
    for row in rows:
        if not (isinstance(row, list) and len(row) == len(_KEY_TYPES) + 2):
            return {}
        key, size = tuple(row[: len(_KEY_TYPES)]), row[len(_KEY_TYPES) :]
        if not _well_typed(key) or type(size[0]) not in _NUMBER or type(size[1]) not in _NUMBER:
            return {}
        out[key] = (float(size[0]), float(size[1]))
    return out


def save(environment: bytes, sizes: dict[tuple, tuple[float, float]]) -> None:
    """Store `sizes` (the keys text_metrics makes) for this environment, replacing what was stored."""
    rows = [list(key) + list(size) for key, size in sizes.items() if len(key) == len(_KEY_TYPES) and _well_typed(key)]
    store_result(environment, _KIND, {"sizes": rows}, [])


def _well_typed(key: tuple) -> bool:
    return all(type(v) in allowed for v, allowed in zip(key, _KEY_TYPES))
