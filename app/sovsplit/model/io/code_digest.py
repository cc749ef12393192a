"""A digest of the code that computed a cached result, so changed code recomputes; works in a frozen bundle too."""

from __future__ import annotations

import hashlib
from pathlib import Path


def source_digest(module_file: str | Path) -> bytes:
    """The SHA-256 of a module's source; in a bundle without sources, of the package version instead
    (a bundle's code changes only with a new version)."""
    try:
        return hashlib.sha256(Path(module_file).read_bytes()).digest()
    except OSError:
        from sovsplit import __version__

        return hashlib.sha256(f"sovsplit {__version__}".encode()).digest()
