"""The scenarios shipped in geodata/scenarios/, and turning a command-line word or path into a scenario file."""

from __future__ import annotations

from pathlib import Path

from sovsplit.model.io.problems import InputError
from sovsplit.model.io.resources import geodata_path

SUFFIX = ".geojson"


def shipped_scenarios() -> dict[str, Path]:
    """Shipped scenario names (file stems, e.g. "default", "east-with-primorsky") and their paths."""
    folder = geodata_path("scenarios")
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob(f"*{SUFFIX}"))}


def resolve_scenario(word: str | Path) -> Path:
    """A path as given when such a file exists, else the shipped scenario of that name; InputError if neither."""
    path = Path(word)
    if path.exists():
        return path
    shipped = shipped_scenarios()
    name = str(word).removesuffix(SUFFIX)
    if name in shipped:
        return shipped[name]
    known = ", ".join(shipped) or "none installed"
    raise InputError(path, f"no such file, and no shipped scenario of that name (shipped: {known})")
