"""A lon/lat raster grid on the WGS84 ellipsoid, GeoTIFF reading, and exact partial-cell zonal sums."""

from __future__ import annotations

import math
import pathlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from sovsplit.model.io.problems import InputError
from sovsplit.model.io.resources import geodata_path
from sovsplit.model.polygons import polygonal

# WGS84 ellipsoid.
_A_M = 6378137.0
_F = 1.0 / 298.257223563
_E2 = _F * (2.0 - _F)
_E = math.sqrt(_E2)

# The USSR window in the model's unwrapped longitudes.
USSR_WEST, USSR_EAST, USSR_SOUTH, USSR_NORTH = 19.0, 191.0, 35.0, 82.0


class RasterError(InputError):
    """A raster that cannot serve as an arable layer; the message is one line naming the file."""


def authalic_integral_km2(lat_deg) -> np.ndarray:
    """Ellipsoid area (km²) between the equator and latitude φ, per radian of longitude.

    This is the Lambert cylindrical equal-area ordinate: the area of any lon/lat rectangle is
    Δλ[rad] × (S(φ_north) − S(φ_south)), exactly, on the WGS84 ellipsoid.
    """
    s = np.sin(np.radians(np.asarray(lat_deg, dtype=np.float64)))
    scale = _A_M * _A_M * (1.0 - _E2) / 2.0 / 1e6
    return scale * (s / (1.0 - _E2 * s * s) + np.arctanh(_E * s) / _E)


@dataclass(eq=False)
class LonLatGrid:
    """Cell values on a regular lon/lat grid: row 0 is the northernmost row, column 0 the westernmost.

    Longitudes may run past 180° (the model's unwrapped Far East). NaN means no data and counts as 0.
    """

    values: np.ndarray
    west: float
    north: float
    dx: float
    dy: float
    note: str = ""
    _row_areas: np.ndarray | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.values = np.asarray(self.values, dtype=np.float64)
        if self.values.ndim != 2:
            raise ValueError(f"grid values must be 2-D, got shape {self.values.shape}")
        if not (self.dx > 0 and self.dy > 0):
            raise ValueError(f"cell size must be positive, got dx={self.dx}, dy={self.dy}")

    @property
    def shape(self) -> tuple[int, int]:
        return self.values.shape

    @property
    def east(self) -> float:
        return self.west + self.shape[1] * self.dx

    @property
    def south(self) -> float:
        return self.north - self.shape[0] * self.dy

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) in degrees."""
        return (self.west, self.south, self.east, self.north)

    @property
    def row_edges(self) -> np.ndarray:
        """Latitudes of the row edges, north to south (nrows + 1 values)."""
        return self.north - self.dy * np.arange(self.shape[0] + 1)

    @property
    def cell_area_km2(self) -> np.ndarray:
        """Area in km² of one cell of each row (every cell of a row has the same area), on WGS84."""
        if self._row_areas is None:
            edges = np.clip(self.row_edges, -90.0, 90.0)
            band = authalic_integral_km2(edges[:-1]) - authalic_integral_km2(edges[1:])
            self._row_areas = band * math.radians(self.dx)
            self._row_areas.setflags(write=False)
        return self._row_areas


def lonlat_area_km2(geometries) -> np.ndarray:
    """Ellipsoidal km² of polygons whose edges are straight lines in lon/lat (not geodesics).

    Green's theorem in the equal-area ordinate S(φ): area = −∮ S(φ) dλ. Along a lon/lat-straight edge φ is
    linear in λ, so Simpson's rule on edges cut to ≤ 0.25° integrates S to ~1e-12 relative.
    """
    geometries = np.atleast_1d(np.asarray(geometries, dtype=object))
    # Collections may mix polygons with lines or points; only polygons have area.
    parts, part_owner = shapely.get_parts(geometries, return_index=True)
    polygons = shapely.get_type_id(parts) == shapely.GeometryType.POLYGON
    oriented = shapely.orient_polygons(shapely.segmentize(parts[polygons], 0.25), exterior_cw=False)
    rings, ring_owner = shapely.get_rings(oriented, return_index=True)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    lon, lat = coords[:, 0], coords[:, 1]
    same_ring = ring_of[1:] == ring_of[:-1]
    mean_s = (
        authalic_integral_km2(lat[:-1])
        + 4.0 * authalic_integral_km2(0.5 * (lat[:-1] + lat[1:]))
        + authalic_integral_km2(lat[1:])
    ) / 6.0
    edge = np.where(same_ring, -(lon[1:] - lon[:-1]) * mean_s, 0.0)
    ring_area = np.bincount(ring_of[:-1], weights=edge, minlength=len(rings))
    part_area = np.bincount(ring_owner, weights=ring_area, minlength=len(oriented))
    owner = part_owner[polygons]
    return np.bincount(owner, weights=part_area, minlength=len(geometries)) * (math.pi / 180.0)


def _window(grid: LonLatGrid, bounds) -> tuple[int, int, int, int] | None:
    """Rows r0:r1 and columns c0:c1 of the cells that the bounds touch, or None if outside the grid."""
    minx, miny, maxx, maxy = bounds
    rows, cols = grid.shape
    c0 = max(math.floor((minx - grid.west) / grid.dx), 0)
    c1 = min(math.ceil((maxx - grid.west) / grid.dx), cols)
    r0 = max(math.floor((grid.north - maxy) / grid.dy), 0)
    r1 = min(math.ceil((grid.north - miny) / grid.dy), rows)
    if c0 >= c1 or r0 >= r1:
        return None
    return r0, r1, c0, c1


def _oriented_segments(geom: BaseGeometry) -> tuple[np.ndarray, np.ndarray]:
    """Start and end points (n × 2) of every ring edge, exteriors counter-clockwise and holes clockwise."""
    polygons = shapely.get_parts(geom)
    oriented = shapely.orient_polygons(polygons, exterior_cw=False)
    coords, ring_of = shapely.get_coordinates(shapely.get_rings(oriented), return_index=True)
    same_ring = ring_of[1:] == ring_of[:-1]
    return coords[:-1][same_ring], coords[1:][same_ring]


def _lines_between(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For fractional grid coordinates a → b per segment: (segment index, integer line) of each line crossed."""
    first = np.floor(np.minimum(a, b)) + 1
    last = np.ceil(np.maximum(a, b)) - 1
    count = np.maximum(last - first + 1, 0).astype(np.int64)
    segment = np.repeat(np.arange(len(a)), count)
    offset = np.arange(len(segment)) - np.repeat(np.cumsum(count) - count, count)
    return segment, first[segment] + offset


def _split_at_grid_lines(grid: LonLatGrid, start: np.ndarray, end: np.ndarray):
    """Cut every segment where it crosses a grid meridian or parallel, so each piece lies in one cell.

    Returns x0, y0, x1, y1 of the pieces and a mask of the pieces that end their segment (the others
    end where the next piece starts). Crossing points take the grid line's exact coordinate.
    """
    col0, col1 = (start[:, 0] - grid.west) / grid.dx, (end[:, 0] - grid.west) / grid.dx
    row0, row1 = (grid.north - start[:, 1]) / grid.dy, (grid.north - end[:, 1]) / grid.dy
    v_seg, v_line = _lines_between(col0, col1)
    h_seg, h_line = _lines_between(row0, row1)
    v_t = (v_line - col0[v_seg]) / (col1[v_seg] - col0[v_seg])
    h_t = (h_line - row0[h_seg]) / (row1[h_seg] - row0[h_seg])
    delta = end - start
    segment = np.concatenate([np.arange(len(start)), v_seg, h_seg])
    t = np.concatenate([np.zeros(len(start)), v_t, h_t])
    x = np.concatenate([start[:, 0], grid.west + v_line * grid.dx, start[h_seg, 0] + h_t * delta[h_seg, 0]])
    y = np.concatenate([start[:, 1], start[v_seg, 1] + v_t * delta[v_seg, 1], grid.north - h_line * grid.dy])
    order = np.lexsort((t, segment))
    segment, x, y = segment[order], x[order], y[order]
    # Each piece runs from one point to the next point of the same segment, or to the segment's end.
    last_of_segment = np.append(segment[1:] != segment[:-1], True)
    x1 = np.where(last_of_segment, end[segment, 0], np.roll(x, -1))
    y1 = np.where(last_of_segment, end[segment, 1], np.roll(y, -1))
    return x, y, x1, y1, last_of_segment


def cell_overlap_km2(grid: LonLatGrid, geom: BaseGeometry) -> tuple[tuple[slice, slice], np.ndarray] | None:
    """Exact km² of a (Multi)Polygon inside every cell of the grid window its bounds touch.

    Returns ((row slice, column slice), km² array of the window's shape), or None off the grid.

    Green's theorem in the equal-area ordinate S(φ) (area = −∮ S dλ for counter-clockwise rings), applied
    per cell with S clamped to the cell's row: an edge piece inside cell (r, c) adds −Δλ·(S̄ − S_south(r)),
    and every edge piece north of row r in column c adds −Δλ·ΔS(r), i.e. a running sum down each column.
    Edges are straight lines in lon/lat (as the model draws them); S̄ is Simpson's mean of S along the piece,
    exact to ~1e-12 of a cell. Cost is linear in vertices plus window cells, with no polygon overlays.
    """
    window = _window(grid, geom.bounds)
    if window is None:
        return None
    r0, r1, c0, c1 = window
    nrows, ncols = r1 - r0, c1 - c0
    x0, y0, x1, y1, ends_segment = _split_at_grid_lines(grid, *_oriented_segments(geom))
    # S at every piece end: a piece's end is the next piece's start except where a segment ends.
    s0 = authalic_integral_km2(y0)
    s1 = np.roll(s0, -1)
    s1[ends_segment] = authalic_integral_km2(y1[ends_segment])
    d_lon = x1 - x0
    col = np.floor((0.5 * (x0 + x1) - grid.west) / grid.dx).astype(np.int64) - c0
    row = np.floor((grid.north - 0.5 * (y0 + y1)) / grid.dy).astype(np.int64) - r0
    in_columns = (col >= 0) & (col < ncols) & (d_lon != 0.0)
    edge_lat = grid.north - grid.dy * np.arange(r0, r1 + 1)
    s_edges = authalic_integral_km2(edge_lat)
    strip_s = s_edges[:-1] - s_edges[1:]

    in_cell = in_columns & (row >= 0) & (row < nrows)
    r, c, dl = row[in_cell], col[in_cell], d_lon[in_cell]
    mean_s = (s0[in_cell] + 4.0 * authalic_integral_km2(0.5 * (y0[in_cell] + y1[in_cell])) + s1[in_cell]) / 6.0
    own = np.bincount(r * ncols + c, weights=-dl * (mean_s - s_edges[r + 1]), minlength=nrows * ncols)

    # Pieces north of the window count as lying just above row 0; pieces in the last row shade nothing.
    above = in_columns & (row < nrows - 1)
    below_row = np.maximum(row[above], -1) + 1
    shade = np.bincount(below_row * ncols + col[above], weights=-d_lon[above], minlength=nrows * ncols)
    shade = np.cumsum(shade.reshape(nrows, ncols), axis=0)

    km2 = (own.reshape(nrows, ncols) + shade * strip_s[:, None]) * (math.pi / 180.0)
    return (slice(r0, r1), slice(c0, c1)), km2


def zonal_sum(grid: LonLatGrid, geometries: BaseGeometry | Iterable[BaseGeometry | None]) -> np.ndarray:
    """For each (Multi)Polygon in lon/lat, Σ over cells of value × cell km² × fraction of the cell inside.

    Fractions are exact for partly covered cells (polygon edges are taken as straight in lon/lat, the way
    the model's geometry is drawn). NaN cells count as 0; parts of a polygon off the grid add nothing.
    Returns one float per geometry (0 for None or empty).
    """
    if isinstance(geometries, BaseGeometry):
        geometries = [geometries]
    values = np.nan_to_num(grid.values, nan=0.0)
    sums = []
    for geom in geometries:
        poly = polygonal(geom)
        overlap = None if poly.is_empty else cell_overlap_km2(grid, poly)
        if overlap is None:
            sums.append(0.0)
            continue
        window, km2 = overlap
        sums.append(float(np.sum(values[window] * km2)))
    return np.array(sums, dtype=np.float64)


# ---------------------------------------------------------------------------------------------- GeoTIFF input

VALUE_MODES = ("fraction", "percent", "classes")
_GDALWARP_HINT = "reproject it first, e.g. gdalwarp -t_srs EPSG:4326 -r average IN.tif OUT.tif"


def _fail(path: pathlib.Path, problem: str) -> RasterError:
    return RasterError(path, problem)


def _check_crs(path: pathlib.Path, crs) -> None:
    """Accept geographic lon/lat in degrees on the WGS84 ellipsoid (or GRS80, the same to 0.1 mm)."""
    if crs is None:
        raise _fail(path, "has no CRS; it must be lon/lat on WGS84 (EPSG:4326)")
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
