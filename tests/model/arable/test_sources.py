"""Arable sources: the shipped model, imported rasters and imported polygons, and their one-line errors."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import rasterio
import shapely
from rasterio.transform import from_origin

from sovsplit.model.arable.raster_grid import RasterError
from sovsplit.model.arable.sources import (
    GridArableSource,
    PolygonArableSource,
    default_arable_source,
    load_arable_source,
    zonal_polygons,
)
from sovsplit.model.geodesy import area_km2
from sovsplit.model.io.problems import InputError

REGION = shapely.box(40.0, 50.0, 44.0, 53.0)


def write_geojson(path, geometries):
    features = [{"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(g)} for g in geometries]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def test_zonal_polygons_is_the_geodesic_area_of_the_intersection():
    field = shapely.box(42.0, 51.0, 46.0, 52.0)
    assert zonal_polygons([field], [REGION])[0] == pytest.approx(area_km2(field & REGION), rel=1e-12)


def test_overlapping_arable_polygons_count_once():
    a, b = shapely.box(41.0, 51.0, 43.0, 52.0), shapely.box(42.0, 51.0, 43.5, 52.5)
    assert zonal_polygons([a, b], [REGION])[0] == pytest.approx(area_km2(a | b), rel=1e-9)


def test_zonal_polygons_with_holes_and_misses():
    field = shapely.box(40.5, 50.5, 43.5, 52.5).difference(shapely.box(41, 51, 42, 52))
    result = zonal_polygons([field], [REGION, shapely.box(100, 60, 101, 61), None])
    assert result[0] == pytest.approx(area_km2(field), rel=1e-9) and list(result[1:]) == [0.0, 0.0]


def test_polygon_file_cut_at_180_is_unwrapped(tmp_path):
    # RFC 7946: a field across the antimeridian is stored as two parts, 178..180 and -180..-178.
    # Densified, so that geodesic edges and the vertices at 180° do not change the area.
    cut = shapely.segmentize(
        shapely.MultiPolygon([shapely.box(178.0, 65.0, 180.0, 66.0), shapely.box(-180.0, 65.0, -178.0, 66.0)]), 0.01
    )
    source = load_arable_source(write_geojson(tmp_path / "chukotka.geojson", [cut]))
    assert isinstance(source, PolygonArableSource) and not source.is_model
    region = shapely.box(175.0, 60.0, 185.0, 70.0)  # unwrapped
    whole = shapely.segmentize(shapely.box(178.0, 65.0, 182.0, 66.0), 0.01)
    assert source.zonal([region])[0] == pytest.approx(area_km2(whole), rel=1e-6)


def test_projected_geopackage_is_reprojected(tmp_path):
    field = shapely.box(41.0, 51.0, 43.0, 52.0)
    frame = gpd.GeoDataFrame({"name": ["field"]}, geometry=[shapely.segmentize(field, 0.01)], crs="EPSG:4326")
    path = tmp_path / "fields.gpkg"
    frame.to_crs("EPSG:3857").to_file(path)
    source = load_arable_source(path)
    assert "reprojected" in source.description
    assert source.zonal([REGION])[0] == pytest.approx(area_km2(field), rel=1e-4)


def test_raster_file_gives_a_grid_source(tmp_path):
    path = tmp_path / "share.tif"
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=4,
        height=3,
        count=1,
        dtype="uint8",
        crs="EPSG:4326",
        transform=from_origin(40.0, 53.0, 1.0, 1.0),
    ) as dst:
        dst.write(np.full((3, 4), 50, dtype="uint8"), 1)
    source = load_arable_source(path)
    assert isinstance(source, GridArableSource) and not source.is_model and "percent" in source.description
    assert source.zonal([REGION])[0] == pytest.approx(0.5 * area_km2(shapely.segmentize(REGION, 0.01)), rel=1e-6)


def test_bad_files_give_one_line_errors(tmp_path):
    cases = {
        "absent.geojson": (None, "no such file"),
        "table.csv": ("a,b\n1,2\n", "not an arable layer type"),
        "broken.geojson": ("{not json", "cannot be read as a vector dataset"),
        "broken.tif": ("plain text", "cannot be read as a raster"),
    }
    for name, (text, match) in cases.items():
        path = tmp_path / name
        if text is not None:
            path.write_text(text)
        with pytest.raises(InputError, match=match) as info:
            load_arable_source(path)
        assert str(info.value).startswith(name + ":") and "\n" not in str(info.value)
    with pytest.raises(RasterError):
        load_arable_source(tmp_path / "broken.tif")


def test_points_or_faraway_polygons_are_refused(tmp_path):
    points = write_geojson(tmp_path / "points.geojson", [shapely.Point(40, 50)])
    with pytest.raises(InputError, match="holds no polygons"):
        load_arable_source(points)
    far = write_geojson(tmp_path / "pampas.geojson", [shapely.box(-62, -36, -60, -34)])
    with pytest.raises(InputError, match="outside the USSR"):
        load_arable_source(far)


def test_default_source_is_the_labelled_model():
    source = default_arable_source()
    assert source.is_model and "MODEL" in source.description and "Copernicus" in source.description
    ukraine_steppe = shapely.box(33.0, 46.5, 37.0, 49.0)
    yakutia_north = shapely.box(120.0, 68.0, 130.0, 71.0)
    steppe, tundra = source.zonal([ukraine_steppe, yakutia_north])
    assert steppe > 0.4 * area_km2(ukraine_steppe) and tundra == 0.0
