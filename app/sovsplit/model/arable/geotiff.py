"""Reading a GeoTIFF arable layer onto the USSR window as fractions of each cell, with one-line errors."""

from __future__ import annotations

import math
import pathlib
from functools import cache

import numpy as np

from sovsplit.model.arable.raster_grid import USSR_EAST, USSR_NORTH, USSR_SOUTH, USSR_WEST, LonLatGrid, RasterError
from sovsplit.model.io.resources import geodata_path

VALUE_MODES = ("fraction", "percent", "classes")
_GDALWARP_HINT = "reproject it first, e.g. gdalwarp -t_srs EPSG:4326 -r average IN.tif OUT.tif"


def _fail(path: pathlib.Path, problem: str) -> RasterError:
    return RasterError(path, problem)


def _check_crs(path: pathlib.Path, crs) -> None:
    """Accept geographic lon/lat in degrees on the WGS84 ellipsoid (or GRS80, the same to 0.1 mm)."""
    if crs is None:
        raise _fail(path, "has no CRS; it must be lon/lat on WGS84 (EPSG:4326)")
    import pyproj  # with rasterio, only reading a raster needs it

    proj_crs = pyproj.CRS.from_wkt(crs.to_wkt())
    # Projected rasters are refused, not warped: resampling a fraction raster changes its totals, and
    # which resampling is right (average, mode for classes) is the user's choice, not ours.
    if not proj_crs.is_geographic:
        raise _fail(path, f"is in a projected CRS ({proj_crs.name}); {_GDALWARP_HINT}")
    ellipsoid = proj_crs.ellipsoid
    wgs84_like = (
        ellipsoid is not None
        and abs(ellipsoid.semi_major_metre - 6378137.0) < 0.01
        and abs(ellipsoid.inverse_flattening - 298.257223563) < 1e-5
    )
    greenwich = proj_crs.prime_meridian is None or proj_crs.prime_meridian.longitude == 0.0
    degrees = all(axis.unit_name == "degree" for axis in proj_crs.axis_info[:2])
    if not (wgs84_like and greenwich and degrees):
        raise _fail(path, f"CRS {proj_crs.name} is not lon/lat degrees on WGS84; {_GDALWARP_HINT}")


def _check_transform(path: pathlib.Path, transform) -> None:
    if transform.b != 0.0 or transform.d != 0.0:
        raise _fail(path, "has a rotated or sheared geotransform; warp it to a north-up EPSG:4326 grid")
    if transform.a <= 0.0 or transform.e == 0.0:
        raise _fail(path, f"has an unusable geotransform (cell size {transform.a} x {transform.e})")


def _check_dtype(path: pathlib.Path, dtype: str) -> None:
    if np.dtype(dtype).kind not in "iuf":
        raise _fail(path, f"holds {dtype} values; an arable layer needs integer or real numbers")


def _ussr_rows(path: pathlib.Path, north: float, dy: float, height: int) -> tuple[int, int]:
    """Rows (north-up order) that overlap 35–82°N."""
    first = max(math.floor((north - USSR_NORTH) / dy), 0)
    last = min(math.ceil((north - USSR_SOUTH) / dy), height)
    if first >= last:
        raise _fail(path, f"covers latitudes {north - height * dy:g}..{north:g}, outside the USSR (35–82°N)")
    return first, last


def _ussr_columns(path: pathlib.Path, west: float, dx: float, width: int) -> tuple[np.ndarray, np.ndarray, float]:
    """Source columns that overlap 19–191°E once unwrapped, their target columns, and the target west edge.

    Longitudes are shifted by multiples of 360° into the model's frame, so a raster in −180..180 or 0..360
    that holds Chukotka's far part (west of −169°) lands east of 180° next to the rest.
    """
    centres = west + (np.arange(width) + 0.5) * dx
    origin = USSR_WEST - dx
    unwrapped = origin + np.mod(centres - origin, 360.0)
    overlaps = (unwrapped + dx / 2 > USSR_WEST) & (unwrapped - dx / 2 < USSR_EAST)
    source = np.nonzero(overlaps)[0]
    if len(source) == 0:
        raise _fail(path, f"covers longitudes {west:g}..{west + width * dx:g}, outside the USSR (19–191°E)")
    target_west = unwrapped[source].min() - dx / 2
    position = (unwrapped[source] - dx / 2 - target_west) / dx
    target = np.rint(position).astype(np.int64)
    if np.abs(position - target).max() > 1e-6:
        raise _fail(path, "columns east and west of 180° do not fall on one grid (360° is not whole cells)")
    # A raster wider than 360° repeats columns; keep the first copy of each.
    target, first = np.unique(target, return_index=True)
    return source[first], target, float(target_west)


def _column_runs(columns: np.ndarray) -> list[tuple[int, int]]:
    """Contiguous [start, stop) runs of sorted column indices, so each run is one windowed read."""
    breaks = np.nonzero(np.diff(columns) != 1)[0] + 1
    return [(int(run[0]), int(run[-1]) + 1) for run in np.split(columns, breaks)]


# Hard limits on what a raster's header may claim, checked before any array is made.
MAX_SIDE = 2_000_000
MAX_CELLS = 60_000_000


def _read_ussr_values(path: pathlib.Path, src) -> tuple[np.ndarray, float, float, float, float]:
    """Band 1 over the USSR window, north-up and unwrapped, NaN where the raster has no data."""
    t = src.transform
    dx, dy = t.a, abs(t.e)
    # A header can claim any size in a few bytes (a sparse or forged file): check before allocating anything.
    if src.width > MAX_SIDE or src.height > MAX_SIDE:
        raise _fail(path, f"claims {src.width:,} x {src.height:,} cells; the limit is {MAX_SIDE:,} per side")
    north = t.f if t.e < 0 else t.f + src.height * dy
    row0, row1 = _ussr_rows(path, north, dy, src.height)
    source_cols, target_cols, target_west = _ussr_columns(path, t.c, dx, src.width)
    cells = (row1 - row0) * (int(target_cols.max()) + 1)
    if cells > MAX_CELLS:
        raise _fail(
            path,
            f"would need {cells:,} cells over the USSR ({cells * 8 / 2**30:.1f} GiB); the limit is "
            f"{MAX_CELLS:,} cells (use a coarser raster, e.g. 0.01° or more)",
        )
    values = np.full((row1 - row0, int(target_cols.max()) + 1), np.nan)
    # South-up rasters (positive e) store their rows reversed; read the mirrored rows and flip them.
    read_row0 = row0 if t.e < 0 else src.height - row1
    order = np.argsort(source_cols)
    for start, stop in _column_runs(source_cols[order]):
        from rasterio.windows import Window

        window = Window(start, read_row0, stop - start, row1 - row0)
        block = src.read(1, window=window, masked=True).astype(np.float64).filled(np.nan)
        if t.e > 0:
            block = block[::-1]
        picked = (source_cols >= start) & (source_cols < stop)
        values[:, target_cols[picked]] = block[:, source_cols[picked] - start]
    return values, target_west, north - row0 * dy, dx, dy


def _as_fraction(
    path: pathlib.Path, values: np.ndarray, mode: str | None, class_map: dict[float, float] | None
) -> tuple[np.ndarray, str]:
    """Cell values turned into arable fractions 0–1, and a note on how they were read."""
    valid = np.isfinite(values)
    # Infinite cells are no data, not endless arable land.
    values = np.where(valid, values, np.nan)
    if not valid.any():
        raise _fail(path, "has no data over the USSR")
    if mode == "classes":
        return _classes_as_fraction(path, values, valid, class_map or {}), "classes mapped to fractions"
    if mode not in (None, "fraction", "percent"):
        raise ValueError(f"mode must be one of {VALUE_MODES} or None, got {mode!r}")
    low, high = float(values[valid].min()), float(values[valid].max())
    if low < 0.0:
        raise _fail(path, f"has negative values (minimum {low:g}); arable fractions run 0–1 or 0–100 %")
    detected = mode or ("fraction" if high <= 1.0 else "percent" if high <= 100.0 else None)
    if detected is None:
        raise _fail(
            path,
            f"values reach {high:g}: neither a fraction (0–1) nor a percent (0–100); "
            "pass a class map to read them as classes",
        )
    limit = 1.0 if detected == "fraction" else 100.0
    if high > limit * (1.0 + 1e-6):
        raise _fail(path, f"values reach {high:g}, above {limit:g} for {detected} values")
    note = detected if mode else f"{detected} (detected from the maximum value {high:g})"
    return (values if detected == "fraction" else values / 100.0), note


def _classes_as_fraction(
    path: pathlib.Path, values: np.ndarray, valid: np.ndarray, class_map: dict[float, float]
) -> np.ndarray:
    if not class_map:
        raise ValueError("mode 'classes' needs a class map {class value: arable fraction}")
    bad = {k: v for k, v in class_map.items() if not 0.0 <= float(v) <= 1.0}
    if bad:
        raise ValueError(f"class map fractions must be 0–1, got {bad}")
    classes = np.unique(values[valid])
    unknown = [c for c in classes if float(c) not in {float(k) for k in class_map}]
    if unknown:
        shown = ", ".join(f"{c:g}" for c in unknown[:5]) + (", …" if len(unknown) > 5 else "")
        raise _fail(path, f"has classes missing from the class map: {shown}")
    fractions = np.full(values.shape, np.nan)
    for key, fraction in class_map.items():
        fractions[values == float(key)] = float(fraction)
    return fractions


def read_geotiff(
    path: str | pathlib.Path, mode: str | None = None, class_map: dict[float, float] | None = None
) -> LonLatGrid:
    """Band 1 of a lon/lat raster as arable fractions over the USSR window (19–191°E unwrapped, 35–82°N).

    mode: "fraction" (0–1), "percent" (0–100, divided by 100), "classes" (class_map {value: fraction}),
    or None to take fraction when the maximum is ≤ 1 and percent when it is ≤ 100. Nodata becomes NaN.
    Every problem is a one-line RasterError naming the file. Projected rasters are refused, not warped.
    """
    # rasterio (GDAL) takes a while to import; only reading a raster needs it.
    import rasterio
    import rasterio.errors
    from rasterio._err import CPLE_BaseError

    path = pathlib.Path(path)
    try:
        with rasterio.open(path) as src:
            _check_crs(path, src.crs)
            _check_transform(path, src.transform)
            _check_dtype(path, src.dtypes[0])
            values, west, north, dx, dy = _read_ussr_values(path, src)
            extra = f", band 1 of {src.count}" if src.count > 1 else ""
    except (rasterio.errors.RasterioError, CPLE_BaseError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise _fail(path, f"cannot be read as a raster ({reason})") from None
    fractions, note = _as_fraction(path, values, mode, class_map)
    return LonLatGrid(fractions, west, north, dx, dy, note=note + extra)


@cache
def default_arable_grid() -> LonLatGrid:
    """The shipped modelled arable fraction (geodata/arable.tif), loaded once."""
    grid = read_geotiff(geodata_path("arable.tif"), mode="fraction")
    grid.values.setflags(write=False)
    return grid
