"""Named map projections shared by the canvas and the exporter."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import shapely

if TYPE_CHECKING:  # pyproj takes a while to import: it is loaded when a CRS is first built
    from pyproj import CRS, Transformer


@dataclass(frozen=True)
class Projection:
    """A map projection the user can pick, with the extent it shows the USSR in by default."""

    key: str
    title: str
    proj: str
    # Longitudes are unwrapped (up to ~191°E); these projections are all centred so that 180° is not a seam.
    equal_area: bool

    @property
    def crs(self) -> CRS:
        return _crs(self.proj)

    def transformer(self) -> Transformer:
        """lon/lat → projected metres, for the calling thread."""
        return thread_transformer("EPSG:4326", self.proj)

    def inverse_transformer(self) -> Transformer:
        """Projected metres → lon/lat, for the calling thread."""
        return thread_transformer(self.proj, "EPSG:4326")


PROJECTIONS: dict[str, Projection] = {
    p.key: p
    for p in [
        Projection(
            "albers",
            "Albers equal-area conic (105°E)",
            "+proj=aea +lat_1=52 +lat_2=64 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m +no_defs",
            True,
        ),
        Projection(
            "laea-north",
            "Lambert azimuthal equal-area, North Pole (100°E)",
            "+proj=laea +lat_0=90 +lon_0=100 +datum=WGS84 +units=m +no_defs",
            True,
        ),
        Projection(
            "mercator",
            "Web Mercator (centred on 105°E)",
            "+proj=merc +a=6378137 +b=6378137 +lon_0=105 +units=m +no_defs",
            False,
        ),
        Projection(
            "platecarree",
            "Plate carrée (centred on 105°E)",
            "+proj=eqc +lon_0=105 +datum=WGS84 +units=m +no_defs",
            False,
        ),
    ]
}
DEFAULT_PROJECTION = "albers"


def get_projection(key: str) -> Projection:
    try:
        return PROJECTIONS[key]
    except KeyError:
        raise ValueError(f"unknown projection {key!r}; choose one of {', '.join(PROJECTIONS)}") from None


@cache
def _crs(proj: str) -> CRS:
    from pyproj import CRS

    return CRS.from_proj4(proj)


# Rendering, statistics and exports run on worker threads. Building PROJ objects concurrently crashed inside
# proj_create, so each thread gets its own transformers and they are built one at a time.
_local = threading.local()
_build_lock = threading.Lock()


def thread_transformer(source: str, target: str) -> Transformer:
    """A transformer (always_xy) owned by the calling thread."""
    cache = _local.__dict__.setdefault("transformers", {})
    key = (source, target)
    if key not in cache:
        with _build_lock:
            cache[key] = _build(source, target)
    return cache[key]


def _build(source: str, target: str) -> Transformer:
    shipped = {p.proj for p in PROJECTIONS.values()}
    if {source, target} - shipped == {"EPSG:4326"}:
        # A map projection: built from the PROJ pipeline a former process found (model/io/proj_pipelines.py).
        # A file's own system may have several operations, chosen by place, so it is always searched afresh.
        from sovsplit.model.io.proj_pipelines import build_transformer

        return build_transformer(source, target)
    from pyproj import Transformer

    return Transformer.from_crs(source, target, always_xy=True)


def project_geometry(
    geometry, transformer: Transformer, densify_deg: float | None = None, max_lat: float | None = None
):
    """A geometry (or an array of them) in projected metres: the one projection helper of canvas and print.

    `densify_deg` first splits longer straight lon/lat edges so they curve once projected; `max_lat` keeps
    latitudes inside ±max_lat (Mercator cannot show the poles). One vectorised pyproj call per geometry.
    """

    def forward(coords: np.ndarray) -> np.ndarray:
        if not len(coords):
            return coords
        lats = coords[:, 1] if max_lat is None else np.clip(coords[:, 1], -max_lat, max_lat)
        xs, ys = transformer.transform(coords[:, 0], lats)
        return np.column_stack([xs, ys])

    if densify_deg is not None:
        geometry = shapely.segmentize(geometry, densify_deg)
    return shapely.transform(geometry, forward)
