"""The JSON of a GeoJSON file without its coordinate arrays, for reading properties when GEOS reads the geometry."""

from __future__ import annotations

import re

# A geometry's coordinate array: only numbers, brackets, commas and blanks, up to the `,` or `}` after it.
_COORDINATES = re.compile(r'"coordinates"\s*:\s*(\[[\[\]\s\d.,eE+-]*\])(?=\s*[,}])')
# Stands for a non-empty array; a polity without land keeps its `[]` so it is still told apart.
_PLACEHOLDER = '"coordinates":[0]'
_EMPTY = '"coordinates":[]'


def skim(text: str, geometries: int) -> str | None:
    """`text` with every coordinate array replaced by a placeholder, or None when that is not safe: the arrays
    found must be exactly one per geometry GEOS read (a property named `coordinates` makes them differ). The
    caller parses the result and falls back to the whole text if it does not parse (a misread array).

    Parsing the coordinates into Python lists would cost several times the file's size in memory and most of
    the reading time, only to be thrown away: GEOS reads the same numbers into the geometries.
    """
    found = 0

    def placeholder(match: re.Match) -> str:
        nonlocal found
        found += 1
        array = match.group(1)
        return _EMPTY if len(array) < 16 and "".join(array.split()) == "[]" else _PLACEHOLDER

    skimmed = _COORDINATES.sub(placeholder, text)
    return skimmed if found == geometries else None
