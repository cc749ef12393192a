"""Arable-land data behind the statistics: the shipped model grid, an imported raster, or imported polygons."""

from __future__ import annotations

import pathlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from functools import cache

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from sovsplit.model.antimeridian import unwrap
from sovsplit.model.arable.raster_grid import USSR_EAST, USSR_NORTH, USSR_SOUTH, USSR_WEST, LonLatGrid
from sovsplit.model.geodesy import area_km2
from sovsplit.model.io.problems import InputError

RASTER_SUFFIXES = {".tif", ".tiff"}
VECTOR_SUFFIXES = {".geojson", ".json", ".gpkg", ".shp"}

MODEL_DESCRIPTION = (
    "MODEL, not observed land use: arable share of each 0.25° cell from the ERA5 2000–2025 climate "
    "(growing degree days above 5 °C ≥ 1800 and precipitation ≥ 400 mm/yr → 75 %; ≥ 1200 and ≥ 300 mm → 3 %; "
    "else 0). Contains modified Copernicus Climate Change Service information 2000–2025."
)


class ArableSource(ABC):
    """Something that can say how many km² of arable land lie inside each of some polygons."""

    name: str
    is_model: bool
    description: str

    @abstractmethod
    def zonal(self, geometries: Iterable[BaseGeometry | None]) -> np.ndarray:
        """km² of arable land inside each (Multi)Polygon (unwrapped lon/lat), one float per geometry."""


class GridArableSource(ArableSource):
    """Arable fractions per raster cell; partly covered cells count by the share of the cell inside."""

    def __init__(
        self, grid: LonLatGrid | Callable[[], LonLatGrid], name: str, description: str, is_model: bool = False
    ):
        # A callable defers reading the raster until a sum is needed (cached region sums often suffice).
        self._grid = grid
        self.name = name
        self.description = description
        self.is_model = is_model

    @property
    def grid(self) -> LonLatGrid:
        if callable(self._grid):
            self._grid = self._grid()
        return self._grid

    def zonal(self, geometries: Iterable[BaseGeometry | None]) -> np.ndarray:
        from sovsplit.model.arable.zonal import zonal_sum  # loaded when a sum is first counted

        return zonal_sum(self.grid, geometries)


class PolygonArableSource(ArableSource):
    """Polygons of arable land; overlapping polygons are merged first so no land is counted twice."""

    is_model = False

    def __init__(self, polygons: Iterable[BaseGeometry], name: str, description: str):
        self.name = name
        self.description = description
        merged = shapely.union_all([p for p in polygons if p is not None and not p.is_empty])
        self._parts = shapely.get_parts(merged)
        self._tree = shapely.STRtree(self._parts)

    @property
    def parts(self) -> np.ndarray:
        """The merged arable polygons (disjoint, unwrapped lon/lat), e.g. for drawing them."""
        return self._parts

    def zonal(self, geometries: Iterable[BaseGeometry | None]) -> np.ndarray:
        return _zonal_disjoint(self._parts, self._tree, geometries)


def _zonal_disjoint(parts: np.ndarray, tree: shapely.STRtree, geometries: Iterable[BaseGeometry | None]) -> np.ndarray:
    """Geodesic km² of the disjoint arable parts inside each geometry."""
    sums = []
    for geom in geometries:
        if geom is None or geom.is_empty:
            sums.append(0.0)
            continue
        hits = tree.query(geom, predicate="intersects")
        pieces = shapely.intersection(parts[hits], geom)
        sums.append(sum(area_km2(_polygons_only(piece)) for piece in pieces))
    return np.array(sums, dtype=np.float64)


def _polygons_only(geom: BaseGeometry) -> BaseGeometry | None:
    """Drop the lines and points that an intersection of touching polygons may add."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polygons = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon"]
    return shapely.MultiPolygon(polygons) if polygons else None


def zonal_polygons(arable_polygons: Iterable[BaseGeometry], geometries: Iterable[BaseGeometry | None]) -> np.ndarray:
    """km² of arable polygons inside each geometry: geodesic WGS84 area of the intersection."""
    merged = shapely.union_all([p for p in arable_polygons if p is not None and not p.is_empty])
    parts = shapely.get_parts(merged)
    return _zonal_disjoint(parts, shapely.STRtree(parts), geometries)


def default_arable_grid() -> LonLatGrid:
    """The shipped modelled arable grid (model/arable/geotiff.py, loaded once)."""
    # The raster reader is imported with the raster: cached region sums often make both unnecessary.
    from sovsplit.model.arable import geotiff

    return geotiff.default_arable_grid()


@cache
def default_arable_source() -> GridArableSource:
    """The shipped modelled arable grid (geodata/arable.tif), one per process."""
    return GridArableSource(
        default_arable_grid, "modelled arable land (ERA5 climate)", MODEL_DESCRIPTION, is_model=True
    )


def load_arable_source(
    path: str | pathlib.Path, mode: str | None = None, class_map: dict[float, float] | None = None
) -> ArableSource:
    """An arable layer from a GeoTIFF (.tif/.tiff) or polygons (.geojson/.json/.gpkg/.shp).

    mode and class_map say how to read raster values (see geotiff.read_geotiff). Problems with the
    file raise a one-line InputError (RasterError for rasters) naming it.
    """
    path = pathlib.Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError(path, "no such file")
    if suffix in RASTER_SUFFIXES:
        from sovsplit.model.arable.geotiff import read_geotiff

        grid = read_geotiff(path, mode=mode, class_map=class_map)
        return GridArableSource(
            grid,
            path.name,
            f"{path.name}: raster of {grid.note}, {grid.dx:g}° x {grid.dy:g}° cells, partly covered cells weighted",
        )
    if suffix in VECTOR_SUFFIXES:
        if mode is not None or class_map:
            raise ValueError("mode and class_map apply to rasters only")
        polygons, notes = _read_arable_polygons(path)
        extra = f" ({'; '.join(notes)})" if notes else ""
        return PolygonArableSource(
            polygons, path.name, f"{path.name}: {len(polygons)} arable polygons, geodesic areas{extra}"
        )
    raise InputError(
        path,
        f"is not an arable layer type this app reads (use .tif/.tiff for rasters, "
        f"{', '.join(sorted(VECTOR_SUFFIXES))} for polygons)",
    )


def _read_arable_polygons(path: pathlib.Path) -> tuple[list[BaseGeometry], list[str]]:
    """Polygons in unwrapped WGS84 lon/lat, and notes on what was assumed or repaired."""
    import pyogrio

    try:
        frame = pyogrio.read_dataframe(path)
    except Exception as exc:  # pyogrio raises several types; the first line says what went wrong
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(path, f"cannot be read as a vector dataset ({reason})") from None
    notes = []
    if frame.crs is None:
        notes.append("no CRS, assumed WGS84 lon/lat")
    elif not frame.crs.equals("EPSG:4326"):
        try:
            frame = frame.to_crs("EPSG:4326")
        except Exception as exc:
            raise InputError(path, f"cannot be reprojected to WGS84 ({exc})") from None
        notes.append("reprojected to WGS84")
    geoms = [g for g in frame.geometry if g is not None and not g.is_empty]
    polygons = [p for p in (_polygons_only(g) for g in geoms) if p is not None]
    if not polygons:
        raise InputError(path, "holds no polygons; an arable layer must be polygons of arable land")
    minx, miny, maxx, maxy = shapely.total_bounds(polygons)
    if minx < -180.0 or maxx > 360.0 or miny < -90.0 or maxy > 90.0:
        raise InputError(path, "coordinates are out of range for longitude/latitude")
    invalid = sum(not p.is_valid for p in polygons)
    if invalid:
        polygons = [_polygons_only(shapely.make_valid(p)) or shapely.MultiPolygon() for p in polygons]
        notes.append(f"{invalid} invalid polygons repaired")
    polygons = [unwrap(p) for p in polygons]
    west, south, east, north = shapely.total_bounds(polygons)
    if east <= USSR_WEST or west >= USSR_EAST or north <= USSR_SOUTH or south >= USSR_NORTH:
        raise InputError(path, f"lies at {west:g}..{east:g}°E, {south:g}..{north:g}°N, outside the USSR")
    return polygons, notes
