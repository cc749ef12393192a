"""The arable map's shapes: one per fraction class, clipped to the USSR, holding exactly the counted land."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from sovsplit.model.arable.geotiff import default_arable_grid
from sovsplit.model.arable.raster_grid import lonlat_area_km2
from sovsplit.model.arable.shapes import arable_shapes, default_arable_shapes, grid_classes
from sovsplit.model.arable.sources import PolygonArableSource, default_arable_source
from sovsplit.model.arable.zonal import zonal_sum


def test_the_model_draws_its_two_classes_inside_the_ussr(regions):
    shapes = default_arable_shapes()
    assert [round(s.fraction, 2) for s in shapes] == [0.03, 0.75]
    land = regions.union
    for shape in shapes:
        assert shape.geometry.geom_type in ("Polygon", "MultiPolygon")
        # Nothing over the sea or abroad (allowing for rounding along the clipped edge).
        assert shapely.difference(shape.geometry, land.buffer(1e-6)).area == pytest.approx(0.0, abs=1e-9)


def test_the_drawn_shapes_hold_exactly_the_arable_land_the_statistics_count(regions):
    shapes = default_arable_shapes()
    drawn = sum(s.fraction * lonlat_area_km2([s.geometry])[0] for s in shapes)
    counted = zonal_sum(default_arable_grid(), [regions.union])[0]
    assert drawn == pytest.approx(counted, rel=1e-6)


def test_fine_rasters_are_drawn_in_tenths():
    values = np.linspace(0.0, 1.0, 101).reshape(1, 101)
    classes = grid_classes(values)
    assert len(classes) == 10
    assert sum(int(mask.sum()) for *_, mask in classes) == 100  # every positive cell, once
    assert all(low < fraction <= high for fraction, low, high, _ in classes)


def test_imported_polygons_are_drawn_clipped_to_the_ussr(regions):
    # Half over Kazakhstan, half over China: only the USSR half shows.
    field = shapely.box(78.0, 42.0, 84.0, 46.0)
    source = PolygonArableSource([field], "fields.geojson", "test")
    (shape,) = arable_shapes(source)
    assert shape.fraction == 1.0
    inside = shapely.intersection(field, regions.union)
    assert lonlat_area_km2([shape.geometry])[0] == pytest.approx(lonlat_area_km2([inside])[0], rel=1e-9)
    assert 0 < shape.geometry.area < field.area


def test_the_default_source_is_the_model():
    assert default_arable_source().is_model
