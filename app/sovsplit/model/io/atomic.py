"""Atomic file writes: a crash mid-save leaves the old file whole."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path | str, data: bytes | str, clobber: bool = True, mode: int | None = None) -> None:
    """Write to a temporary file in the same folder, fsync it, rename it over the target, fsync the folder.

    `mode` (0o600 for the user's state and cache files) overrides keeping the old file's mode; with
    clobber=False an existing file is left alone and OutputExists raised."""
    path = Path(path)
    if not clobber:
        payload = data.encode("utf-8") if isinstance(data, str) else data
        replace_atomic(path, lambda tmp: tmp.write_bytes(payload), clobber=False)
        return
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        # mkstemp makes the file private; give it the mode the old file had, or the usual one.
        if mode is None:
            mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    # The rename itself must reach the disk, or a power cut can bring back the old directory entry.
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class OutputExists(FileExistsError):
    """The output file exists and the caller asked not to replace it (--no-clobber)."""


def replace_atomic(path: Path | str, write, clobber: bool = True) -> None:
    """`write(tmp_path)` fills a temporary file beside `path` (same suffix, for GDAL), which then replaces
    `path` in one rename; with clobber=False an existing `path` is left alone and OutputExists raised."""
    path = Path(path)
    if not clobber and path.exists():
        raise OutputExists(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".part{path.suffix}", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        tmp_path.unlink()  # writers such as GDAL's GeoPackage driver want to create the file themselves
        write(tmp_path)
        os.chmod(tmp_path, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        with open(tmp_path, "rb") as handle:
            os.fsync(handle.fileno())
        if clobber:
            os.replace(tmp_path, path)
        else:
            os.link(tmp_path, path)  # fails if the file appeared meanwhile: never replaces one
            tmp_path.unlink()
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    _sync_dir(path.parent)


def _sync_dir(folder: Path) -> None:
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
