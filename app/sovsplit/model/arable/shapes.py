"""An arable source as drawable shapes: polygons per arable-fraction class, clipped to the USSR, in lon/lat."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from sovsplit.model.arable.raster_grid import LonLatGrid
from sovsplit.model.polygons import polygonal

# A raster with at most this many distinct positive values is drawn value by value (the shipped model has
# two); finer rasters are binned into tenths so the map stays a handful of paths.
MAX_EXACT_CLASSES = 12
BIN_EDGES = np.linspace(0.0, 1.0, 11)
# Long cell-row edges are parallels: cut them so they bend with the projection instead of cutting corners.
SEGMENT_DEG = 0.5


@dataclass(frozen=True)
class ArableShape:
    """Land whose arable fraction is `fraction` (a class from `low` to `high`), as one lon/lat geometry."""

    fraction: float
    low: float
    high: float
    geometry: BaseGeometry
    cells: int = 0


def _row_runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows and [start, stop) columns of every horizontal run of True cells."""
    steps = np.diff(np.pad(mask, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    rows, starts = np.nonzero(steps == 1)
    _, stops = np.nonzero(steps == -1)
    return rows, starts, stops


def _cells_as_polygon(grid: LonLatGrid, mask: np.ndarray) -> BaseGeometry:
    """The union of the masked cells; each row run is one box, so the union is over thousands, not 100,000s."""
    rows, starts, stops = _row_runs(mask)
    if not len(rows):
        return shapely.Polygon()
    boxes = shapely.box(
        grid.west + starts * grid.dx,
        grid.north - (rows + 1) * grid.dy,
        grid.west + stops * grid.dx,
        grid.north - rows * grid.dy,
    )
    return shapely.union_all(boxes)


def grid_classes(values: np.ndarray) -> list[tuple[float, float, float, np.ndarray]]:
    """(shown fraction, low, high, cell mask) for each class of positive values in the grid."""
    values = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0)
    positive = values > 0.0
    distinct = np.unique(values[positive])
    if len(distinct) <= MAX_EXACT_CLASSES:
        return [(float(v), float(v), float(v), values == v) for v in distinct]
    classes = []
    for low, high in zip(BIN_EDGES[:-1], BIN_EDGES[1:]):
        mask = positive & (values > low) & (values <= high)
        if mask.any():
            classes.append((float(values[mask].mean()), float(low), float(high), mask))
    return classes


def grid_shapes(grid: LonLatGrid, land: BaseGeometry) -> list[ArableShape]:
    """One clipped shape per fraction class of the grid, least arable first."""
    shapes = []
    for fraction, low, high, mask in grid_classes(grid.values):
        cells = _cells_as_polygon(grid, mask)
        clipped = shapely.intersection(cells, land)
        if clipped.is_empty:
            continue
        shapes.append(
            ArableShape(fraction, low, high, shapely.segmentize(polygonal(clipped), SEGMENT_DEG), int(mask.sum()))
        )
    return shapes


def polygon_shapes(polygons, land: BaseGeometry) -> list[ArableShape]:
    """Imported arable polygons (wholly arable) clipped to the USSR."""
    merged = shapely.union_all([p for p in polygons if p is not None and not p.is_empty])
    clipped = polygonal(shapely.intersection(merged, land))
    if clipped.is_empty:
        return []
    return [ArableShape(1.0, 1.0, 1.0, shapely.segmentize(clipped, SEGMENT_DEG))]


def arable_shapes(source, land: BaseGeometry | None = None) -> list[ArableShape]:
    """What to draw for an arable source (ArableSource from model.arable_layers), clipped to `land`
    (default: the shipped USSR), so cells over the sea or abroad never show."""
    if land is None:
        from sovsplit.model.regions import default_regions

        land = default_regions().union
    grid = getattr(source, "grid", None)
    if isinstance(grid, LonLatGrid):
        return grid_shapes(grid, land)
    parts = getattr(source, "parts", None)
    if parts is not None:
        return polygon_shapes(parts, land)
    raise TypeError(f"cannot draw an arable source of type {type(source).__name__}")


@cache
def default_arable_shapes() -> tuple[ArableShape, ...]:
    """The shipped model's shapes: built once (a few seconds: the clip to the USSR), then read from the disk
    cache, keyed by the shipped raster, the regions and this code; every window start reads them."""
    import hashlib

    from sovsplit.model.arable.sources import default_arable_source
    from sovsplit.model.io.code_digest import source_digest
    from sovsplit.model.io.parse_cache import cached_result
    from sovsplit.model.io.resources import geodata_path

    digest = hashlib.sha256(source_digest(__file__))
    for name in ("arable.tif", "regions.geojson"):
        digest.update(hashlib.sha256(geodata_path(name).read_bytes()).digest())

    def compute():
        shapes = arable_shapes(default_arable_source())
        return {"classes": [[s.fraction, s.low, s.high, s.cells] for s in shapes]}, [s.geometry for s in shapes]

    meta, geometries = cached_result(digest.digest(), "arable-shapes", compute)
    classes = meta.get("classes")
    if not (isinstance(classes, list) and len(classes) == len(geometries) and all(_is_class(c) for c in classes)):
        return tuple(arable_shapes(default_arable_source()))  # an entry that does not fit: build them here
    return tuple(
        ArableShape(float(f), float(lo), float(hi), g, int(n)) for (f, lo, hi, n), g in zip(classes, geometries)
    )


def _is_class(entry) -> bool:
    return (
        isinstance(entry, list)
        and len(entry) == 4
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in entry)
    )
