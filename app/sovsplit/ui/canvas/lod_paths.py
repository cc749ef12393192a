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
    scenario or projection opens; the paths land in the canvas's `_region_paths` if still current, where the
    scenario layers look up a region's or parcel's path for the zoom."""

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

    # --- parcel paths (shared by the scenario layers) ------------------------------------------------------
    def _projected_regions(self):
        regions = self.scenario.regions
        if self._regions_projected is None or self._regions_projected[0] is not regions:
            # Shared with the loading worker, which projects them before the window has the scenario.
            self._regions_projected = (regions, lod.simplified_regions(regions, self.projection_key, 0.0))
            self._region_paths.clear()
        return self._regions_projected

    def region_paths(self, tolerance: float) -> dict[str, QPainterPath]:
        """Every region's path at the level of detail for this tolerance (model/lod.py): the coverage simplified
        once per band and cached on disk, so neighbouring regions keep a common edge and a new zoom level
        within a band costs nothing."""
        regions, _ = self._projected_regions()  # clears the paths when the regions or the projection change
        band = lod.band_for_tolerance(tolerance)
        if band not in self._region_paths:  # not built by the worker yet: build this band now
            self._region_paths[band] = band_paths(regions, self.projection_key, band)
        return self._region_paths[band]

    def parcel_path(self, parcel, tolerance: float) -> QPainterPath:
        """A parcel's path: its region's when it is a whole region, else its own (cached per geometry)."""
        region = self.scenario.regions.by_id.get(parcel.region_id)
        if region is not None and region.geometry is parcel.geometry:
            return self.region_paths(tolerance)[region.id]
        # Simplified to the band too, so zoom levels within a band share the path.
        return self._parcels.path(parcel.id, parcel.geometry, lod.band_for_tolerance(tolerance))
