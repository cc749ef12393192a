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


class LodPreparation:
    """Band paths prepared off the GUI thread (a mixin of MapCanvas before QWidget): `_prepare_lod()` when a
    scenario or projection opens; the paths land in the canvas's `_region_paths` if still current."""

    def _prepare_lod(self) -> None:
        """Build every band's region paths on a worker (start-up, a new region set or projection)."""
        if self.scenario is None:
            return
        job = (self.scenario.regions, self.projection_key)
        if self._lod_job is not None and self._lod_job[0] is job[0] and self._lod_job[1] == job[1]:
            return
        self._lod_job = job
        self._lod_pending = True
        self.tasks.submit(
            all_band_paths, job, lambda paths: self._lod_ready(job, paths), lambda message: self._lod_ready(job, {})
        )

    def _lod_ready(self, job: tuple, paths: dict) -> None:
        if job is self._lod_job:
            self._lod_pending = False
        if self.scenario is not None and self.scenario.regions is job[0] and self.projection_key == job[1]:
            self._projected_regions()  # drops paths of other regions or projections first
            for band, by_region in paths.items():
                self._region_paths.setdefault(band, by_region)
