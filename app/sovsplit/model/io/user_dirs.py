"""Per-user folders for settings, styles, autosave and recovery files (XDG on Linux)."""

from __future__ import annotations

import os
import time
from pathlib import Path


def user_config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "sovsplit"


def user_state_dir() -> Path:
    """Where autosave and recovery files live; created on demand, readable by the user only."""
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return private_dir(Path(base) / "sovsplit")


def private_dir(path: Path) -> Path:
    """`path`, created if needed and made user-only (0700): it holds unsaved work or caches of it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o700)
    except OSError:
        pass  # not ours to change (a shared folder given on purpose)
    return path


def _process_started() -> float:
    try:
        return Path(f"/proc/{os.getpid()}").stat().st_ctime
    except OSError:
        return _IMPORTED


_IMPORTED = time.time()


def remove_orphaned_parts(folder: Path) -> int:
    """Delete `.part` files (temporary files of atomic writes) older than this process: whoever wrote them was
    killed mid-save. Returns how many went."""
    started = _process_started()
    removed = 0
    try:
        entries = list(Path(folder).glob(".*.part"))
    except OSError:
        return 0
    for entry in entries:
        try:
            if entry.is_file() and not entry.is_symlink() and entry.stat().st_mtime < started:
                entry.unlink()
                removed += 1
        except OSError:
            continue
    return removed
