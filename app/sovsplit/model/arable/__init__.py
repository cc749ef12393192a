"""Arable-land sources (shipped model grid, imported rasters and polygons) and their shapes."""
