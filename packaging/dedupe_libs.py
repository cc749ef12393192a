"""Keep one copy of native libraries that several wheels vendor at the same, ABI-identical version.

auditwheel renames each vendored library with a hash (shapely.libs/libgeos_c-ac38a227.so.1.20.5,
rasterio.libs/libgeos_c-23da760b.so.1.20.5), so the bundle would carry both. Where both are the same release
(the same version suffix) of a library on SAME_RELEASE_ABI and the kept copy defines every dynamic symbol
the other did, the other becomes a relative symlink to it: the loader maps one file once (it matches
already-loaded objects by device and inode). Libraries vendored at different releases stay as they are
(GDAL 3.10 in rasterio and 3.12 in pyogrio, PROJ 9.5 in pyproj and 9.7 in rasterio: each wheel's extension
is built against its own, and PROJ needs the proj.db of its release); the README's Packaging section says so.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

# Libraries whose version suffix names the exact upstream release (GEOS's C API version, zstd, libwebp's
# libtool version), so equal suffixes mean one ABI. Others (curl, OpenSSL, sqlite, tiff, …) keep the
# same suffix across releases or differ in build options (TLS backend, CA paths), so they are never merged.
SAME_RELEASE_ABI = ("libgeos", "libgeos_c", "libzstd", "libwebp", "libwebpdemux", "libwebpmux", "libsharpyuv")
# Which copy to keep when several qualify: the library's own project's wheel first.
PREFERRED_DIRS = ("shapely.libs", "pillow.libs", "rasterio.libs", "pyogrio.libs", "pyproj.libs")
_NAME = re.compile(r"^(?P<base>lib[A-Za-z0-9_+]+)-(?P<hash>[0-9a-f]{8})\.so(?P<version>(\.\d+)*)$")


def _defined_symbols(path: Path) -> set[str]:
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, check=True).stdout
    return {line.split()[-1] for line in out.splitlines() if " DF " in line or " DO " in line if "*UND*" not in line}


def _needed(path: Path) -> list[str]:
    out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")]


def _rank(path: Path) -> tuple[int, str]:
    name = path.parent.name
    return (PREFERRED_DIRS.index(name) if name in PREFERRED_DIRS else len(PREFERRED_DIRS), str(path))


def dedupe(bundle_internal: Path) -> list[tuple[str, str]]:
    """Replace duplicate vendored libraries under `bundle_internal` by symlinks; returns (replaced, kept)."""
    groups: dict[tuple[str, str], list[Path]] = {}
    for path in bundle_internal.rglob("*.so*"):
        match = _NAME.match(path.name)
        if path.is_symlink() or not path.is_file() or not match or match["base"] not in SAME_RELEASE_ABI:
            continue
        groups.setdefault((match["base"], match["version"]), []).append(path)
    replaced = []
    for copies in groups.values():
        if len(copies) < 2:
            continue
        keep, *others = sorted(copies, key=_rank)
        kept_symbols = _defined_symbols(keep)
        for other in others:
            if not _defined_symbols(other) <= kept_symbols:
                continue  # not ABI-identical after all: both stay
            other.unlink()
            other.symlink_to(_relative(keep, other.parent))
            replaced.append((str(other.relative_to(bundle_internal)), str(keep.relative_to(bundle_internal))))
    # A kept copy's own vendored dependencies must be found beside the names that now point at it.
    for other_rel, keep_rel in replaced:
        other, keep = bundle_internal / other_rel, bundle_internal / keep_rel
        for name in _needed(keep):
            beside = other.parent / name
            if (keep.parent / name).exists() and not beside.exists() and not beside.is_symlink():
                beside.symlink_to(_relative(keep.parent / name, other.parent))
    return replaced


def _relative(target: Path, folder: Path) -> str:
    return str(
        Path(*[".."] * len(folder.relative_to(_common(target, folder)).parts))
        / target.relative_to(_common(target, folder))
    )


def _common(a: Path, b: Path) -> Path:
    parts = []
    for x, y in zip(a.parts, b.parts):
        if x != y:
            break
        parts.append(x)
    return Path(*parts)
