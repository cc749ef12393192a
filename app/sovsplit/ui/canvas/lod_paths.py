"""The regions' painter paths for every level-of-detail band, built off the GUI thread when a scenario opens."""

from __future__ import annotations

from PySide6.QtGui import QPainterPath

from sovsplit.model import lod
from sovsplit.ui.canvas.geometry_paths import path_from_geometries


def band_paths(regions, projection_key: str, band: float) -> dict[str, QPainterPath]:
    """Every region's path at one band (model/lod.py: simplified as one coverage, cached on disk)."""
    shapes = lod.simplified_regions(regions, projection_key, band)
    return {rid: path_from_geometries([shape]) for rid, shape in zip(regions.ids, shapes)}


def all_band_paths(job: tuple) -> dict[float, dict[str, QPainterPath]]:
    """A worker task: (regions, projection key) -> {band: {region id: path}} for every band, so no zoom level
    waits for a simplification or a path on the GUI thread."""
    regions, projection_key = job
    return {band: band_paths(regions, projection_key, band) for band in (*lod.BANDS_M[::-1], 0.0)}
