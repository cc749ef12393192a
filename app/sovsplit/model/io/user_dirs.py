"""Per-user folders for settings, styles, autosave and recovery files (XDG on Linux)."""

from __future__ import annotations

import os
from pathlib import Path


def user_config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "sovsplit"


def user_state_dir() -> Path:
    """Where autosave and recovery files live; created on demand."""
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    path = Path(base) / "sovsplit"
    path.mkdir(parents=True, exist_ok=True)
    return path
