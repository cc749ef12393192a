"""Cut an uncertain region along the colour boundary traced from the image, as the cut tool would."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import LineString

from sovsplit.model.editing.cut import cut
from sovsplit.model.editing.edits import EditRefused, ReplaceParcels
from sovsplit.model.scenario import Scenario
from sovsplit.model.trace.assign import UNMAPPED, TraceResult
from sovsplit.model.trace.colours import Palette
from sovsplit.model.trace.georef import Georeference
from sovsplit.model.trace.image import MapImage, rgb_to_lab

GRID = 240  # the region's box in the image is read on at most this many cells a side


@dataclass(frozen=True)
class TracedCut:
    """A cut of one region along its colour boundary, and the target each new piece goes to."""

    region_id: str
    edit: ReplaceParcels = field(repr=False)
    owners: dict[str, int] = field(default_factory=dict)  # new parcel id → index in TraceResult.targets


def _categories(image: MapImage, palette: Palette, mapping: dict[int, int], ix: np.ndarray, iy: np.ndarray):
    swatch = palette.classify(rgb_to_lab(image.rgb[iy, ix]))
    lookup = np.full(len(palette.swatches), -2)
    for s in palette.swatches:
        if s.index in mapping:
            lookup[s.index] = mapping[s.index]
        elif s.kind == "blend" and s.parent in mapping:
            lookup[s.index] = mapping[s.parent]
    return lookup[swatch]


def _neighbour_votes(labels: np.ndarray, value: int) -> np.ndarray:
    hit = np.pad(labels == value, 1).astype(np.int16)
    h, w = labels.shape
    votes = np.zeros((h, w), np.int16)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if dy or dx:
                votes += hit[1 + dy : 1 + dy + h, 1 + dx : 1 + dx + w]
    return votes


def _two_colour_raster(labels: np.ndarray, inside: np.ndarray, a: int, b: int) -> np.ndarray:
    """1 where colour a, 0 where b, inside the region; lines, labels and other colours filled from neighbours."""
    out = np.where(inside & (labels == a), 1, np.where(inside & (labels == b), 0, -1))
    for _ in range(60):
        unknown = inside & (out < 0)
        if not unknown.any():
            break
        va, vb = _neighbour_votes(out, 1), _neighbour_votes(out, 0)
        out = np.where(unknown & (va + vb > 0), (va > vb).astype(int), out)
    for _ in range(2):  # majority smoothing removes JPEG speckle
        va, vb = _neighbour_votes(out, 1), _neighbour_votes(out, 0)
        out = np.where(inside & (out >= 0), np.where(va > vb + 1, 1, np.where(vb > va + 1, 0, out)), out)
    return out


def boundary_line(
    image: MapImage, georef: Georeference, palette: Palette, mapping: dict[int, int], region_geometry, a: int, b: int
) -> tuple[LineString, object]:
    """The longest line between colours a and b inside the region (lon/lat, reaching just past its border),
    and colour a's area as a lon/lat geometry."""
    from rasterio.features import shapes

    bx, by = georef.lonlat_to_pixel(
        *np.asarray(
            region_geometry.exterior.coords
            if region_geometry.geom_type == "Polygon"
            else shapely.get_coordinates(region_geometry)
        ).T[:2]
    )
    x0, x1 = max(0.0, float(np.nanmin(bx))), min(float(georef.width), float(np.nanmax(bx)))
    y0, y1 = max(0.0, float(np.nanmin(by))), min(float(georef.height), float(np.nanmax(by)))
    if x1 - x0 < 4 or y1 - y0 < 4:
        raise EditRefused("the region is too small in the image to trace a boundary")
    step = max(1.0, max(x1 - x0, y1 - y0) / GRID)
    cols, rows = int((x1 - x0) / step), int((y1 - y0) / step)
    cx = x0 + (np.arange(cols) + 0.5) * step
    cy = y0 + (np.arange(rows) + 0.5) * step
    gx, gy = np.meshgrid(cx, cy)
    lon, lat = georef.pixel_to_lonlat(gx, gy)
    inside = shapely.contains_xy(region_geometry, lon, lat)
    labels = _categories(
        image,
        palette,
        mapping,
        np.clip(gx.astype(int), 0, georef.width - 1),
        np.clip(gy.astype(int), 0, georef.height - 1),
    )
    raster = _two_colour_raster(labels, inside, a, b)
    polys = [shapely.geometry.shape(g) for g, v in shapes((raster == 1).astype(np.uint8), mask=raster == 1) if v == 1]
    if not polys:
        raise EditRefused("no boundary between the two colours inside the region")

    def to_lonlat(xy):
        return np.stack(georef.pixel_to_lonlat(x0 + xy[:, 0] * step, y0 + xy[:, 1] * step), axis=-1)

    area_a = shapely.transform(shapely.union_all(polys), to_lonlat)
    cell_deg = float(np.hypot(*np.subtract(to_lonlat(np.array([[1.0, 1.0]])), to_lonlat(np.array([[0.0, 0.0]])))[0]))
    inner = region_geometry.buffer(-2.0 * cell_deg)
    edge = shapely.line_merge(shapely.intersection(area_a.boundary, inner))
    lines = [g for g in shapely.get_parts(edge) if g.geom_type == "LineString"]
    if not lines:
        raise EditRefused("no boundary between the two colours inside the region")
    line = max(lines, key=lambda g: g.length).simplify(1.0 * cell_deg)
    coords = np.asarray(line.coords)
    if len(coords) < 2:
        raise EditRefused("no boundary between the two colours inside the region")
    # Reach past the region's border at both ends so the cut crosses the region from side to side.
    reach = 4.0 * cell_deg
    start = coords[0] + (coords[0] - coords[1]) / np.linalg.norm(coords[0] - coords[1]) * reach
    end = coords[-1] + (coords[-1] - coords[-2]) / np.linalg.norm(coords[-1] - coords[-2]) * reach
    return LineString(np.vstack([start, coords, end])), area_a


def trace_cut(
    scenario: Scenario,
    image: MapImage,
    georef: Georeference,
    palette: Palette,
    mapping: dict[int, int],
    result: TraceResult,
    region_id: str,
) -> TracedCut:
    """Cut an uncertain region between its two leading colours; EditRefused when no clean boundary is found."""
    row = next((r for r in result.regions if r.region_id == region_id), None)
    if row is None:
        raise EditRefused(f"there is no region {region_id!r}")
    mapped = [t for t in row.shares if t != UNMAPPED]
    if len(mapped) < 2:
        raise EditRefused(f"{row.name} shows fewer than two mapped colours")
    a, b = mapped[0], mapped[1]  # shares are sorted, largest first
    region = scenario.regions[region_id].geometry
    line, area_a = boundary_line(image, georef, palette, mapping, region, a, b)
    edit = cut(scenario, list(line.coords))
    owners = {}
    for parcel, _ in edit.added:
        if parcel.region_id != region_id:
            continue  # a neighbour the line's end only touched keeps its owner
        share_a = shapely.intersection(parcel.geometry, area_a).area / max(parcel.geometry.area, 1e-12)
        owners[parcel.id] = a if share_a >= 0.5 else b
    if len(set(owners.values())) < 2:
        raise EditRefused(f"the colour boundary does not divide {row.name}")
    return TracedCut(region_id, edit, owners)
