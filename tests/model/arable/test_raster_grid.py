"""Lon/lat grids: ellipsoidal cell areas, exact partial-cell zonal sums, and GeoTIFF reading with one-line errors."""

from __future__ import annotations

import json

import numpy as np
import pytest
import rasterio
import shapely
from pyproj import Geod
from rasterio.transform import Affine, from_origin

from sovsplit.model.antimeridian import unwrap
from sovsplit.model.arable.geotiff import default_arable_grid, read_geotiff
from sovsplit.model.arable.raster_grid import LonLatGrid, RasterError, lonlat_area_km2
from sovsplit.model.arable.zonal import cell_overlap_km2, zonal_sum
from sovsplit.model.io.resources import geodata_path

GEOD = Geod(ellps="WGS84")


def geodesic_km2(geom) -> float:
    """pyproj's geodesic area of a polygon densified so its geodesic edges follow the lon/lat-straight ones."""
    dense = shapely.orient_polygons(shapely.segmentize(geom, 0.005), exterior_cw=False)
    return abs(GEOD.geometry_area_perimeter(dense)[0]) / 1e6


def cap_km2(lat: float) -> float:
    """Ellipsoid area north of a parallel, from pyproj with the parallel as a finely divided ring."""
    lons = np.linspace(0.0, 360.0, 72001)[:-1]
    area, _ = GEOD.polygon_area_perimeter(lons, np.full(lons.shape, lat))
    return abs(area) / 1e6


def ones(west=10.0, north=85.0, rows=60, cols=200, cell=1.0) -> LonLatGrid:
    return LonLatGrid(np.ones((rows, cols)), west, north, cell, cell)


# --- cell areas -------------------------------------------------------------------------------------------


def test_cell_areas_of_a_row_band_match_pyproj():
    grid = LonLatGrid(np.zeros((180, 360)), 0.0, 90.0, 1.0, 1.0)
    band = grid.cell_area_km2[30:50].sum() * 360  # 60°N to 40°N
    assert band == pytest.approx(cap_km2(40.0) - cap_km2(60.0), rel=1e-7)


def test_cell_areas_cover_the_whole_ellipsoid():
    grid = LonLatGrid(np.zeros((720, 1)), -180.0, 90.0, 360.0, 0.25)
    assert grid.cell_area_km2.sum() == pytest.approx(510_065_621.7, rel=1e-9)


# --- exact partial cells ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "polygon",
    [
        shapely.box(20.5, 50.5, 30.5, 60.5),  # every boundary cell exactly half covered
        shapely.Polygon([(20.0, 50.0), (40.3, 50.7), (30.2, 70.1)]),  # sloped edges
        shapely.Point(100.0, 60.0).buffer(7.3),
        shapely.box(20.5, 60.5, 40.5, 70.5).difference(shapely.Point(30.2, 65.1).buffer(3.0)),  # a hole
    ],
    ids=["half-cells", "triangle", "disc", "hole"],
)
def test_ones_grid_sums_to_the_geodesic_area(polygon):
    assert zonal_sum(ones(), [polygon])[0] == pytest.approx(geodesic_km2(polygon), rel=1e-6)


def test_polygon_across_180_in_unwrapped_longitudes():
    polygon = shapely.box(175.3, 60.2, 187.7, 68.9).difference(shapely.Point(180.0, 64.6).buffer(2.1))
    assert zonal_sum(ones(), [polygon])[0] == pytest.approx(geodesic_km2(polygon), rel=1e-6)
    # The same area counted on a grid running 0..360 in two halves split at 180°.
    east = LonLatGrid(np.ones((10, 30)), 150.0, 70.0, 1.0, 1.0)
    west_part = zonal_sum(east, [polygon])[0]
    assert west_part == pytest.approx(geodesic_km2(polygon.intersection(shapely.box(150, 60, 180, 70))), rel=1e-6)


def test_partial_cells_match_brute_force_overlays():
    rng = np.random.default_rng(7)
    grid = LonLatGrid(rng.uniform(0, 1, (40, 60)), 30.0, 75.0, 0.25, 0.25)
    polygon = shapely.Polygon(
        np.column_stack(
            [
                36.0 + 5.5 * np.cos(np.linspace(0, 2 * np.pi, 301)[:-1]) ** 3,
                70.0 + 3.7 * np.sin(np.linspace(0, 2 * np.pi, 301)[:-1]),
            ]
        )
    )
    expected = 0.0
    for r in range(40):
        for c in range(60):
            cell = shapely.box(30.0 + c * 0.25, 75.0 - (r + 1) * 0.25, 30.0 + (c + 1) * 0.25, 75.0 - r * 0.25)
            piece = cell.intersection(polygon)
            if not piece.is_empty:
                expected += grid.values[r, c] * lonlat_area_km2([piece])[0]
    assert zonal_sum(grid, [polygon])[0] == pytest.approx(expected, rel=1e-9)


def test_cell_overlap_is_full_inside_and_zero_outside():
    grid = ones(cell=0.5)
    window, km2 = cell_overlap_km2(grid, shapely.box(30.0, 60.0, 32.0, 61.0))
    rows = np.arange(grid.shape[0])[window[0]]
    assert np.allclose(km2, grid.cell_area_km2[rows][:, None], rtol=1e-12)


def test_parts_off_the_grid_add_nothing_and_nan_counts_as_zero():
    grid = ones()
    grid.values[:, 5] = np.nan  # the column 15..16°E
    inside = shapely.box(10.0, 40.0, 20.0, 50.0)
    assert zonal_sum(grid, [shapely.box(0.0, 40.0, 20.0, 50.0)])[0] == pytest.approx(
        geodesic_km2(inside) - geodesic_km2(shapely.box(15, 40, 16, 50)), rel=1e-6
    )
    assert list(zonal_sum(grid, [None, shapely.Polygon(), shapely.box(-50, 0, -40, 10)])) == [0.0, 0.0, 0.0]


# --- the shipped grid over the shipped regions --------------------------------------------------------------


def shipped_regions() -> dict[str, object]:
    path = geodata_path("regions.geojson")
    if not path.exists():
        pytest.skip("geodata/regions.geojson is not built yet")
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["id"]: unwrap(shapely.geometry.shape(f["geometry"])) for f in features}


EAST_IDS = {"RUSA", "RUMAG", "RUCHU", "RUKAM"}


def test_shipped_arable_total_is_about_the_ussr_figure():
    regions = shipped_regions()
    km2 = dict(zip(regions, zonal_sum(default_arable_grid(), list(regions.values()))))
    total = sum(km2.values())
    assert total == pytest.approx(2.2e6, rel=0.10)
    east = sum(v for k, v in km2.items() if k in EAST_IDS)
    assert east < 0.01 * total  # Yakutia and the north-east sow almost nothing


def test_shipped_raster_follows_the_data_contract():
    path = geodata_path("arable.tif")
    assert path.stat().st_size < 1_000_000
    with rasterio.open(path) as src:
        assert src.crs.to_epsg() == 4326 and src.count == 1 and src.dtypes[0] == "float32"
        assert src.nodata is None
        t = src.transform
        assert (t.a, t.e) == (0.25, -0.25)
        # ERA5 values are cell centres on multiples of 0.25°, so edges sit at odd multiples of 0.125°.
        assert (t.c / 0.125) % 2 == 1 and (t.f / 0.125) % 2 == 1
        assert src.bounds.left < 19.0 and src.bounds.right > 191.0
        assert src.bounds.bottom < 35.0 and src.bounds.top > 82.0
        assert set(np.unique(src.read(1))) <= {np.float32(0.0), np.float32(0.03), np.float32(0.75)}
        assert "MODEL" in src.tags()["METHOD"] and "Copernicus" in src.tags()["ATTRIBUTION"]


# --- reading GeoTIFFs ---------------------------------------------------------------------------------------


def write_tif(path, values, transform=None, crs="EPSG:4326", nodata=None):
    values = np.asarray(values)
    profile = {
        "driver": "GTiff",
        "width": values.shape[1],
        "height": values.shape[0],
        "count": 1,
        "dtype": values.dtype,
        "transform": transform or from_origin(30.0, 60.0, 1.0, 1.0),
    }
    if crs is not None:
        profile["crs"] = crs
    if nodata is not None:
        profile["nodata"] = nodata
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(values, 1)
    return path


def assert_one_line_error(path, match, **kwargs):
    with pytest.raises(RasterError, match=match) as info:
        read_geotiff(path, **kwargs)
    message = str(info.value)
    assert message.startswith(path.name + ":") and "\n" not in message


def test_reading_a_fraction_raster(tmp_path):
    grid = read_geotiff(write_tif(tmp_path / "f.tif", np.full((5, 4), 0.5, dtype="float32")))
    assert grid.bounds == (30.0, 55.0, 34.0, 60.0)
    assert np.all(grid.values == 0.5) and "fraction" in grid.note


def test_percent_is_detected_and_scaled(tmp_path):
    grid = read_geotiff(write_tif(tmp_path / "pct.tif", np.array([[0, 40], [80, 20]], dtype="uint8")))
    assert np.allclose(grid.values, [[0.0, 0.4], [0.8, 0.2]]) and "percent" in grid.note


def test_class_map(tmp_path):
    path = write_tif(tmp_path / "classes.tif", np.array([[1, 2], [3, 1]], dtype="uint8"))
    grid = read_geotiff(path, mode="classes", class_map={1: 0.0, 2: 0.5, 3: 1.0})
    assert np.allclose(grid.values, [[0.0, 0.5], [1.0, 0.0]])
    assert_one_line_error(path, "classes missing from the class map: 3", mode="classes", class_map={1: 0.0, 2: 0.5})


def test_nodata_becomes_nan(tmp_path):
    grid = read_geotiff(write_tif(tmp_path / "nd.tif", np.array([[0.2, -9.0]], dtype="float32"), nodata=-9.0))
    assert grid.values[0, 0] == pytest.approx(0.2) and np.isnan(grid.values[0, 1])


def test_global_raster_in_minus_180_is_unwrapped(tmp_path):
    values = np.zeros((180, 360), dtype="float32")
    values[20, 5] = 1.0  # the cell 175..174°W, 70..69°N: Chukotka's far side
    grid = read_geotiff(write_tif(tmp_path / "global.tif", values, from_origin(-180.0, 90.0, 1.0, 1.0)))
    assert grid.west == 19.0 and grid.east == 191.0
    row = int(round(grid.north - 70.0))
    assert grid.values[row, 185 - 19] == 1.0 and np.nansum(grid.values) == 1.0


def test_south_up_raster_is_flipped(tmp_path):
    values = np.array([[0.1], [0.9]], dtype="float32")  # first row is the southern one
    transform = Affine(1.0, 0.0, 40.0, 0.0, 1.0, 50.0)
    grid = read_geotiff(write_tif(tmp_path / "up.tif", values, transform))
    assert grid.north == 52.0 and np.allclose(grid.values[:, 0], [0.9, 0.1])


def test_no_crs(tmp_path):
    assert_one_line_error(write_tif(tmp_path / "nocrs.tif", np.zeros((2, 2), "float32"), crs=None), "no CRS")


def test_projected_crs_is_refused_with_a_hint(tmp_path):
    path = write_tif(
        tmp_path / "laea.tif", np.zeros((2, 2), "float32"), from_origin(0.0, 0.0, 1000.0, 1000.0), crs="EPSG:3576"
    )
    assert_one_line_error(path, "projected CRS.*gdalwarp")


def test_non_wgs84_geographic_crs(tmp_path):
    path = write_tif(tmp_path / "pulkovo.tif", np.zeros((2, 2), "float32"), crs="EPSG:4284")
    assert_one_line_error(path, "not lon/lat degrees on WGS84")


def test_complex_values(tmp_path):
    assert_one_line_error(write_tif(tmp_path / "cplx.tif", np.zeros((2, 2), "complex64")), "complex64")


def test_text_file_named_tif(tmp_path):
    path = tmp_path / "notes.tif"
    path.write_text("these are not pixels\n")
    assert_one_line_error(path, "cannot be read as a raster")


def test_missing_file(tmp_path):
    assert_one_line_error(tmp_path / "absent.tif", "cannot be read as a raster")


def test_rotated_geotransform(tmp_path):
    path = write_tif(tmp_path / "rot.tif", np.zeros((2, 2), "float32"), Affine(1.0, 0.2, 30.0, 0.1, -1.0, 60.0))
    assert_one_line_error(path, "rotated")


def test_raster_over_south_america(tmp_path):
    path = write_tif(tmp_path / "brazil.tif", np.zeros((10, 10), "float32"), from_origin(-60.0, -5.0, 1.0, 1.0))
    assert_one_line_error(path, "outside the USSR")


def test_values_beyond_percent_and_negative(tmp_path):
    assert_one_line_error(write_tif(tmp_path / "big.tif", np.array([[0, 250]], "int16")), "neither a fraction")
    assert_one_line_error(write_tif(tmp_path / "neg.tif", np.array([[-1, 0.5]], "float32")), "negative")
    assert_one_line_error(write_tif(tmp_path / "frac.tif", np.array([[0, 50]], "uint8")), "above 1", mode="fraction")


def test_infinite_cells_are_no_data_not_endless_land(tmp_path):
    values = np.full((5, 4), 0.5, dtype="float32")
    values[0, 0], values[1, 1], values[2, 2] = np.inf, -np.inf, np.nan
    grid = read_geotiff(write_tif(tmp_path / "inf.tif", values))
    assert np.isnan(grid.values[0, 0]) and np.isnan(grid.values[1, 1])
    total = zonal_sum(grid, [shapely.box(30, 55, 34, 60)])[0]
    assert np.isfinite(total) and total > 0


@pytest.mark.parametrize(
    ("width", "height", "cell", "match"),
    [(3_000_000, 4, 1.0, "per side"), (1_500_000, 2_000, 1e-4, "GiB")],
)
def test_a_sparse_header_claiming_gigabytes_is_refused_before_allocating(tmp_path, width, height, cell, match):
    path = tmp_path / "sparse.tif"
    profile = {
        "driver": "GTiff",
        "width": width,
        "height": height,
        "count": 1,
        "dtype": "float32",
        "crs": "EPSG:4326",
        "transform": from_origin(30.0, 60.0, cell, cell),
        "sparse_ok": True,
        "tiled": True,
    }
    with rasterio.open(path, "w", **profile):
        pass  # nothing written: the file is a header and an empty tile index
    assert path.stat().st_size < 50 * 2**20
    assert_one_line_error(path, match)
