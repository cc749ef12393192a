"""Test images for tracing, drawn with PIL (not our exporter): regions coloured by a partition, black
borders, text labels, neighbours in grey, JPEG-compressed; with the drawing transform to place control points."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from PIL import Image, ImageDraw, ImageFont

from sovsplit.model.reference import cities, neighbours
from sovsplit.model.trace.frame import resolve_frame

SEA = (168, 207, 232)
NEIGHBOUR = (216, 216, 216)
WEST, BUFFER, EAST, SPLIT = "#d9534f", "#f0c75e", "#5cb85c", "#7b68c8"


@dataclass(frozen=True)
class Drawing:
    """A drawn image and the map-coordinate → pixel transform it was drawn with."""

    path: Path
    frame: str
    x0: float
    y1: float
    res: float  # map units per pixel
    width: int
    height: int

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = resolve_frame(self.frame).to_map(np.array([lon]), np.array([lat]))
        return float((x[0] - self.x0) / self.res), float((self.y1 - y[0]) / self.res)

    def gcp(self, city: str) -> str:
        """ "PX,PY,LON,LAT" of a shipped city, exact."""
        lon, lat = city_lonlat(city)
        px, py = self.pixel(lon, lat)
        return f"{px!r},{py!r},{lon!r},{lat!r}"


def city_lonlat(name: str) -> tuple[float, float]:
    f = next(c for c in cities() if c["name"] == name)
    return f.geometry.x, f.geometry.y


def three_way(regions) -> dict[str, str]:
    """A partition of the regions by where they lie: West (< 55°E), a buffer state, East (≥ 95°E)."""
    out = {}
    for r in regions.regions:
        x = r.geometry.representative_point().x
        out[r.id] = WEST if x < 55 else (BUFFER if x < 95 else EAST)
    return out


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _project(geom, frame):
    return shapely.transform(geom, lambda xy: np.stack(frame.to_map(xy[:, 0], xy[:, 1]), axis=-1))


def _polygons(geom):
    return [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon"]


def draw_map(
    path: Path,
    regions,
    colours: dict[str, str],
    frame: str = "EPSG:4326",
    width: int = 1200,
    split: tuple[str, float] | None = None,
    quality: int = 75,
) -> Drawing:
    """Draw the regions coloured by `colours` (region id → "#rrggbb"); `split` = (region id, lon): the part of
    that region east of lon is painted SPLIT, so two colours meet inside it."""
    mf = resolve_frame(frame)
    projected = {r.id: _project(r.geometry, mf) for r in regions.regions}
    x0, y0, x1, y1 = shapely.total_bounds(np.array(list(projected.values()), dtype=object))
    pad = 0.04 * max(x1 - x0, y1 - y0)
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    res = (x1 - x0) / width
    height = int(np.ceil((y1 - y0) / res))
    img = Image.new("RGB", (width, height), SEA)
    draw = ImageDraw.Draw(img)

    def ring(coords):
        return [((x - x0) / res, (y1 - y) / res) for x, y in np.asarray(coords)[:, :2]]

    def fill(geom, colour):
        for poly in _polygons(geom):
            draw.polygon(ring(poly.exterior.coords), fill=colour)
            for hole in poly.interiors:
                draw.polygon(ring(hole.coords), fill=SEA)

    view = shapely.box(x0, y0, x1, y1)
    for f in neighbours():
        geom = _project(f.geometry, mf).intersection(view) if mf.definition != "EPSG:4326" else f.geometry
        if np.all(np.isfinite(shapely.get_coordinates(geom))):
            fill(geom, NEIGHBOUR)
    # Largest first, so a region enclosed by another (Moscow in Moscow Oblast) is painted over its hole.
    for rid in sorted(projected, key=lambda k: -regions[k].geometry.area):
        fill(projected[rid], _rgb(colours[rid]))
        if split and rid == split[0]:
            lon = split[1]
            g = regions[rid].geometry
            east = g.intersection(shapely.box(lon, -90, 400, 90))
            fill(_project(east, mf), _rgb(SPLIT))
    for geom in projected.values():
        for poly in _polygons(geom):
            for r in [poly.exterior, *poly.interiors]:
                draw.line(ring(r.coords), fill=(0, 0, 0), width=1)
    font = ImageFont.load_default(size=max(9, width // 110))
    for rid, geom in projected.items():
        bx0, _, bx1, _ = geom.bounds
        if draw.textlength(regions[rid].name, font=font) < 0.8 * (bx1 - bx0) / res:  # where it fits, as on a map
            p = _project(regions[rid].geometry.representative_point(), mf)
            draw.text(((p.x - x0) / res, (y1 - p.y) / res), regions[rid].name, fill=(0, 0, 0), font=font, anchor="mm")
    img.save(path, quality=quality) if str(path).lower().endswith((".jpg", ".jpeg")) else img.save(path)
    return Drawing(Path(path), frame, x0, y1, res, width, height)
