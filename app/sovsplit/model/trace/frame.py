"""The image's own coordinate system: lon/lat, Web Mercator, any EPSG code or one of the app's projections."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pyproj is loaded when a frame's CRS is first built
    from pyproj import CRS

from sovsplit.model.projections import PROJECTIONS, thread_transformer

# As in model/antimeridian.py: longitudes west of this belong to the Far East across 180°.
_FAR_WEST = -165.0


class FrameError(ValueError):
    """A coordinate system the user named that we cannot use; the message is for the user."""


@dataclass(frozen=True)
class MapFrame:
    """A named CRS with lon/lat ↔ map-coordinate conversions (arrays in, arrays out; lon unwrapped)."""

    name: str  # as the user gave it: "EPSG:4326", "laea-north", …
    definition: str  # what pyproj builds the CRS from (an authority code, a PROJ string or WKT)
    geographic: bool

    @property
    def crs(self) -> CRS:
        return _crs(self.definition)

    @property
    def wkt(self) -> str:
        return self.crs.to_wkt()

    def to_map(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """lon/lat (unwrapped degrees) → coordinates in this frame (degrees or metres)."""
        lon, lat = np.asarray(lon, float), np.asarray(lat, float)
        if self.definition == "EPSG:4326":
            return lon.copy(), lat.copy()  # keep the model's unwrapped longitudes: Chukotka stays in one piece
        x, y = thread_transformer("EPSG:4326", self.definition).transform(lon, lat)
        return np.asarray(x, float), np.asarray(y, float)

    def to_lonlat(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """Coordinates in this frame → lon/lat with the Far East unwrapped past 180°."""
        x, y = np.asarray(x, float), np.asarray(y, float)
        if self.definition == "EPSG:4326":
            lon, lat = x.copy(), y.copy()
        else:
            lon, lat = (np.asarray(v, float) for v in thread_transformer(self.definition, "EPSG:4326").transform(x, y))
        return np.where(lon < _FAR_WEST, lon + 360.0, lon), lat


@cache
def _crs(definition: str) -> CRS:
    from pyproj import CRS

    return CRS.from_user_input(definition)


def resolve_frame(text: str) -> MapFrame:
    """ "EPSG:4326", "4326", "EPSG:3857", an app projection key ("laea-north") or WKT/PROJ text → MapFrame."""
    word = text.strip()
    if not word:
        raise FrameError("no coordinate system given")
    if word in PROJECTIONS:
        proj = PROJECTIONS[word].proj
        return MapFrame(word, proj, False)
    if word.isdigit():
        word = f"EPSG:{word}"
    from pyproj.exceptions import CRSError

    try:
        crs = _crs(word)
    except CRSError:
        keys = ", ".join(PROJECTIONS)
        raise FrameError(f"unknown coordinate system {text.strip()!r} (use EPSG:CODE or one of {keys})") from None
    if not (crs.is_geographic or crs.is_projected):
        raise FrameError(f"{text.strip()!r} is neither a lon/lat nor a projected coordinate system")
    code = crs.to_epsg(min_confidence=90)
    definition = f"EPSG:{code}" if code else word
    name = definition if code else (crs.name or word[:40])
    return MapFrame(name, definition, crs.is_geographic)
