"""Georeferenced output: the GeoTIFF's corners and CRS are the map's, and a PNG's world file places it right."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from PIL import Image
from pyproj import CRS, Transformer

from sovsplit.cli import main
from sovsplit.model.projections import get_projection
from sovsplit.render.export import build_figure
from sovsplit.render.settings import ExportSettings

EXTENT = (100.0, 45.0, 191.0, 75.0)


def _projected_box(key: str, extent) -> tuple[float, float, float, float]:
    """What the projection gives for the extent's outline: (left, bottom, right, top) in metres."""
    w, s, e, n = extent
    lon = np.r_[np.linspace(w, e, 200), np.full(100, e), np.linspace(e, w, 200), np.full(100, w)]
    lat = np.r_[np.full(200, s), np.linspace(s, n, 100), np.full(200, n), np.linspace(n, s, 100)]
    x, y = get_projection(key).transformer().transform(lon, lat)
    return float(x.min()), float(y.min()), float(x.max()), float(y.max())


@pytest.mark.parametrize("key", ["platecarree", "laea-north"])
def test_geotiff_corners_are_where_the_projection_puts_the_extent(tmp_path, key):
    out = tmp_path / "m.tif"
    extent = ",".join(f"{v:g}" for v in EXTENT)
    assert main(["export", "-o", str(out), "--dpi", "40", "--extent", extent, "--projection", key, "--quiet"]) == 0
    with rasterio.open(out) as tif:
        assert _same_crs(CRS.from_wkt(tif.crs.to_wkt()), get_projection(key).crs)
        assert tif.count == 3 and tif.dtypes[0] == "uint8"
        left, bottom, right, top = tif.bounds
        px, py = tif.res
        pixels = tif.read()
    box = _projected_box(key, EXTENT)
    # The map is centred on the extent and grown along one axis to fill the frame; the frame keeps whole pixels.
    assert (left + right) / 2 == pytest.approx((box[0] + box[2]) / 2, abs=px)
    assert (bottom + top) / 2 == pytest.approx((box[1] + box[3]) / 2, abs=py)
    tight_x = abs(left - box[0]) <= px and abs(right - box[2]) <= px
    tight_y = abs(bottom - box[1]) <= py and abs(top - box[3]) <= py
    assert tight_x or tight_y
    assert left <= box[0] + px and right >= box[2] - px and bottom <= box[1] + py and top >= box[3] - py
    assert pixels.std() > 10  # a map, not a blank frame


def test_geotiff_pixels_show_each_polity_at_its_place(tmp_path):
    out = tmp_path / "m.tif"
    assert main(["export", "-o", str(out), "--dpi", "60", "--layers", "polities", "--quiet"]) == 0
    projection = get_projection("albers")
    with rasterio.open(out) as tif:
        pixels = tif.read()

        def colour(lon, lat):
            x, y = projection.transformer().transform(lon, lat)
            row, col = tif.index(x, y)
            window = pixels[:, row - 2 : row + 3, col - 2 : col + 3].reshape(3, -1)
            return tuple(int(v) for v in np.median(window, axis=1))

        east = [colour(130.0, 64.0), colour(160.0, 66.0)]  # Sakha, Chukotka
        west = [colour(90.0, 60.0), colour(60.0, 55.0)]  # Krasnoyarsk, Bashkortostan
    assert east[0] == east[1] and west[0] == west[1] and east[0] != west[0]


def test_png_world_file_and_prj_place_the_page(tmp_path):
    out = tmp_path / "m.png"
    assert main(["export", "-o", str(out), "--dpi", "40", "--world-file", "--quiet"]) == 0
    a, d, b, e, c, f = (float(v) for v in (tmp_path / "m.pgw").read_text().split())
    assert d == b == 0.0 and a > 0 and e == pytest.approx(-a, rel=1e-6)
    assert _same_crs(CRS.from_wkt((tmp_path / "m.prj").read_text()), get_projection("albers").crs)
    width, height = Image.open(out).size
    # The same page, built again, puts these places at these pixels; the world file must map them back.
    page = build_figure(_default(), ExportSettings(dpi=40))
    page.figure.canvas.draw()
    transformer = get_projection("albers").transformer()
    for lon, lat in [(37.6, 55.75), (129.7, 62.0), (158.6, 53.0)]:
        col, row = page.to_pixels(lon, lat)
        x, y = transformer.transform(lon, lat)
        assert c + a * (col - 0.5) == pytest.approx(x, abs=a)
        assert f + e * (row - 0.5) == pytest.approx(y, abs=a)
    assert 0 < col < width and 0 < row < height


def test_world_file_needs_a_png_and_no_clobber_keeps_files(tmp_path, capsys):
    assert main(["export", "-o", str(tmp_path / "m.svg"), "--world-file"]) == 2
    assert "--world-file goes with a PNG" in capsys.readouterr().err
    kept = tmp_path / "kept.tif"
    kept.write_bytes(b"old")
    assert main(["export", "-o", str(kept), "--no-clobber"]) == 2
    assert kept.read_bytes() == b"old" and "not replaced" in capsys.readouterr().err


def _same_crs(a: CRS, b: CRS) -> bool:
    """Two CRSs that put the same places at the same metres (WKT1 may spell polar axes differently)."""
    lon, lat = np.array([37.6, 129.7, 190.0, 60.0]), np.array([55.75, 62.0, 66.0, 45.0])
    xa, ya = Transformer.from_crs("EPSG:4326", a, always_xy=True).transform(lon, lat)
    xb, yb = Transformer.from_crs("EPSG:4326", b, always_xy=True).transform(lon, lat)
    return bool(np.allclose(xa, xb, atol=0.01) and np.allclose(ya, yb, atol=0.01))


def _default():
    from sovsplit.model.io.scenario_io import load_scenario

    return load_scenario()
