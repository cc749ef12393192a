"""Locate the shipped geodata and styles, from a checkout, an installed wheel or a frozen bundle."""

from __future__ import annotations

import sys
from functools import cache
from importlib import resources
from pathlib import Path


@cache
def _data_root() -> Path:
    """Return the folder that holds `geodata/` and `styles/`."""
    # An installed wheel carries them as package data under sovsplit/_data.
    packaged = Path(str(resources.files("sovsplit"))) / "_data"
    if (packaged / "geodata").is_dir():
        return packaged
    # A PyInstaller bundle unpacks data next to the executable's support files.
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen and (Path(frozen) / "geodata").is_dir():
        return Path(frozen)
    # A source checkout: app/sovsplit/model/resources.py -> repository root.
    checkout = Path(__file__).resolve().parents[4]
    if (checkout / "geodata").is_dir():
        return checkout
    raise FileNotFoundError("sovsplit: cannot find the shipped geodata (broken installation)")


def geodata_path(name: str) -> Path:
    """Path of a shipped geodata file, e.g. ``geodata_path("regions.geojson")``."""
    return _data_root() / "geodata" / name


def styles_path(name: str = "") -> Path:
    """Path of a shipped style file or, with no name, the styles folder."""
    return _data_root() / "styles" / name if name else _data_root() / "styles"


def default_scenario_path() -> Path:
    """The default two-USSR scenario."""
    return geodata_path("scenarios/default.geojson")


def readme_path() -> Path:
    """The README (the F1 guide's source): beside the data in a wheel or bundle, at the root of a checkout."""
    return _data_root() / "README.md"
