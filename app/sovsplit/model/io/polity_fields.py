"""Which attribute names a polity, which identifies it, and region lists in every form GIS tools write them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

# Tried in this order when no --name-field is given: sovsplit's own, then Natural Earth's and GADM's.
NAME_FIELDS = (
    "name",
    "NAME",
    "Name",
    "name_en",
    "NAME_EN",
    "ADMIN",
    "NAME_LONG",
    "SOVEREIGNT",
    "NAME_0",
    "COUNTRY",
    "title",
)
ID_FIELDS = ("id", "ID", "Id", "ADM0_A3", "ISO_A3", "GID_0", "iso_a3", "code", "CODE")
# The title and notes of a scenario as attributes of its polities, where a GIS "Save As" keeps them.
TITLE_FIELD = "scenario_title"
NOTES_FIELD = "scenario_notes"
# dBASE text fields hold at most 254 bytes; GDAL cuts longer values there.
SHAPEFILE_TEXT_LIMIT = 254
_GDAL_LIST = re.compile(r"^\((\d+):(.*?)(\))?$", re.DOTALL)
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True)
class RegionList:
    """Region ids as read; `complete` is False when the file cut the list short (the last id is dropped)."""

    ids: list[str]
    complete: bool = True


def first_field(properties: dict, chosen: str | None, candidates: tuple[str, ...]):
    """The value of the chosen field, or of the first candidate that holds a non-empty value."""
    if chosen:
        return properties.get(chosen)
    for key in candidates:
        value = properties.get(key)
        if value not in (None, ""):
            return value
    return None


def parse_region_list(value) -> RegionList | None:
    """A JSON list, JSON text, GDAL's `(n:a,b,c)` string list or "a,b,c"; None when absent or not a list."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return RegionList([str(v) for v in value])
    if hasattr(value, "tolist"):  # a numpy array from pyogrio
        return RegionList([str(v) for v in value.tolist()])
    if not isinstance(value, str):
        return None
    text = value.strip()
    # Only a Shapefile cuts text, at exactly its limit: a longer list (GeoPackage, GeoJSON) is whole.
    cut = len(value.encode("utf-8")) == SHAPEFILE_TEXT_LIMIT
    if not text:
        return RegionList([])
    match = _GDAL_LIST.match(text)
    if match:
        items = [v for v in match[2].split(",") if v] if match[2] else []
        if match[3] and len(items) == int(match[1]):
            return RegionList(items)
        return RegionList(items[:-1], complete=False)
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError:
            # Cut short: the ids whose closing quote survived are whole; a cut one has no closing quote.
            return RegionList(_QUOTED.findall(text), complete=False)
        return RegionList([str(v) for v in parsed]) if isinstance(parsed, list) else None
    items = [v.strip() for v in text.split(",") if v.strip()]
    if cut:
        return RegionList(items[:-1], complete=False)
    return RegionList(items)
