"""Georeferenced map output: a GeoTIFF of the map frame, and world files (.pgw + .prj) beside PNG pages."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from sovsplit.model.io.atomic import replace_atomic, write_atomic
from sovsplit.model.projections import get_projection

GEOTIFF_SUFFIXES = (".tif", ".tiff")


@dataclass(frozen=True)
class PixelGrid:
    """Where an image's pixels lie in the map's projection: the top-left corner and the pixel size, in metres."""

    left: float
    top: float
    pixel_width: float
    pixel_height: float
    width: int
    height: int

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) in projected metres."""
        return (
            self.left,
            self.top - self.height * self.pixel_height,
            self.left + self.width * self.pixel_width,
            self.top,
        )


def _draw(page) -> np.ndarray:
    """The page as RGBA pixels, rows from the top (the same pixels the PNG export writes)."""
    canvas = FigureCanvasAgg(page.figure)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())


def page_grid(page, height: int, width: int, col0: int = 0, row0: int = 0) -> PixelGrid:
    """The grid of an image cut from the drawn page at (col0, row0): the map axes' data transform is affine
    (projected metres to display pixels), so every pixel of the page has a place on the map."""
    page_h = page.figure.canvas.get_width_height()[1]
    inverse = page.ax.transData.inverted()
    (x0, y0), (x1, y1) = inverse.transform([(col0, page_h - row0), (col0 + width, page_h - row0 - height)])
    return PixelGrid(float(x0), float(y0), float((x1 - x0) / width), float((y0 - y1) / height), width, height)


def map_frame(page, rgba: np.ndarray) -> tuple[np.ndarray, PixelGrid]:
    """The pixels inside the map frame (whole pixels only) and their grid."""
    page_h = rgba.shape[0]
    box = page.ax.get_window_extent()
    col0, col1 = math.ceil(box.x0 - 1e-6), math.floor(box.x1 + 1e-6)
    row0, row1 = math.ceil(page_h - box.y1 - 1e-6), math.floor(page_h - box.y0 + 1e-6)
    frame = rgba[row0:row1, col0:col1]
    return frame, page_grid(page, frame.shape[0], frame.shape[1], col0, row0)


def write_geotiff(page, path: Path | str) -> PixelGrid:
    """The map frame as an RGB GeoTIFF in the map's projection (title, margins and furniture outside it left out)."""
    import rasterio
    from rasterio.crs import CRS as RioCRS
    from rasterio.transform import from_origin

    frame, grid = map_frame(page, _draw(page))
    crs = RioCRS.from_wkt(get_projection(page.settings.projection).crs.to_wkt())
    profile = {
        "driver": "GTiff",
        "width": grid.width,
        "height": grid.height,
        "count": 3,
        "dtype": "uint8",
        "crs": crs,
        "transform": from_origin(grid.left, grid.top, grid.pixel_width, grid.pixel_height),
        "photometric": "RGB",
        "compress": "deflate",
        "tiled": True,
    }
    title = page.labels[0] if page.labels else "sovsplit map"

    def write(tmp: Path) -> None:
        with rasterio.open(tmp, "w", **profile) as dst:
            dst.write(np.moveaxis(frame[..., :3], -1, 0))
            dst.update_tags(TIFFTAG_DOCUMENTNAME=title, TIFFTAG_SOFTWARE="sovsplit")

    replace_atomic(path, write)
    return grid


def world_file_text(grid: PixelGrid) -> str:
    """ESRI world file: pixel size x, rotations, negative pixel size y, then the centre of the top-left pixel."""
    centre_x = grid.left + grid.pixel_width / 2
    centre_y = grid.top - grid.pixel_height / 2
    values = [grid.pixel_width, 0.0, 0.0, -grid.pixel_height, centre_x, centre_y]
    return "".join(f"{v:.10f}\n" for v in values)


def write_world_file(page, image_path: Path | str) -> tuple[Path, Path]:
    """Write IMAGE.pgw and IMAGE.prj beside a PNG export of `page`, so GIS tools place it on the map."""
    from pyproj.enums import WktVersion

    image_path = Path(image_path)
    width, height = page.figure.canvas.get_width_height()
    grid = page_grid(page, height, width)
    world = image_path.with_suffix(image_path.suffix[:2] + image_path.suffix[-1] + "w")  # .png → .pgw
    prj = image_path.with_suffix(".prj")
    write_atomic(world, world_file_text(grid))
    crs = get_projection(page.settings.projection).crs
    write_atomic(prj, crs.to_wkt(WktVersion.WKT1_ESRI) or crs.to_wkt())
    return world, prj
