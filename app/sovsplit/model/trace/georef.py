"""A georeference: image size, its coordinate system, control points and a method; fitted lazily."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from sovsplit.model.geodesy import wgs84
from sovsplit.model.projections import PROJECTIONS
from sovsplit.model.trace.frame import MapFrame, resolve_frame
from sovsplit.model.trace.points import ControlPoint
from sovsplit.model.trace.transforms import METHODS, Transform, TransformError, fit_transform


@dataclass(frozen=True)
class Residual:
    """How far a control point is from where the fitted transform puts it."""

    index: int  # position in Georeference.points
    km: float  # geodesic distance between the point's lon/lat and the transform's lon/lat for its pixel
    dx_px: float  # pixel offset (fitted − given), for arrows on the image and QGIS's dX/dY columns
    dy_px: float


@dataclass(frozen=True)
class Georeference:
    """An immutable georeference; each edit returns a new one (cheap), so an undo stack can keep them all."""

    width: int
    height: int
    frame: MapFrame
    points: tuple[ControlPoint, ...] = ()
    method: str = "affine"

    # --- edits (each returns a new georeference) ----------------------------------------------------------
    def adding(self, point: ControlPoint) -> Georeference:
        return replace(self, points=self.points + (point,))

    def with_point(self, index: int, point: ControlPoint) -> Georeference:
        points = list(self.points)
        points[index] = point
        return replace(self, points=tuple(points))

    def moving(self, index: int, px: float, py: float) -> Georeference:
        return self.with_point(index, self.points[index].moved(px, py))

    def without(self, index: int) -> Georeference:
        return replace(self, points=self.points[:index] + self.points[index + 1 :])

    def with_method(self, method: str) -> Georeference:
        if method not in METHODS:
            raise TransformError(f"unknown transform {method!r}; choose one of {', '.join(METHODS)}")
        return replace(self, method=method)

    def with_frame(self, frame: MapFrame | str) -> Georeference:
        return replace(self, frame=resolve_frame(frame) if isinstance(frame, str) else frame)

    # --- the fit -------------------------------------------------------------------------------------------
    @property
    def enabled(self) -> list[int]:
        return [i for i, p in enumerate(self.points) if p.enabled]

    @cached_property
    def transform(self) -> Transform:
        """The fitted transform (pixel ↔ map coordinates of the frame); TransformError if it cannot be fitted."""
        used = [self.points[i] for i in self.enabled]
        mx, my = self.frame.to_map([p.lon for p in used], [p.lat for p in used])
        if not (np.all(np.isfinite(mx)) and np.all(np.isfinite(my))):
            raise TransformError(f"a control point cannot be shown in {self.frame.name}")
        return fit_transform(self.method, [p.px for p in used], [p.py for p in used], mx, my)

    @property
    def ready(self) -> bool:
        try:
            _ = self.transform
        except TransformError:
            return False
        return True

    def pixel_to_lonlat(self, px, py) -> tuple[np.ndarray, np.ndarray]:
        return self.frame.to_lonlat(*self.transform.forward(px, py))

    def lonlat_to_pixel(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        return self.transform.inverse(*self.frame.to_map(lon, lat))

    @cached_property
    def residuals(self) -> tuple[Residual, ...]:
        """Residual of every enabled point, in the order of `points`."""
        idx = self.enabled
        px = np.array([self.points[i].px for i in idx])
        py = np.array([self.points[i].py for i in idx])
        lon = np.array([self.points[i].lon for i in idx])
        lat = np.array([self.points[i].lat for i in idx])
        flon, flat = self.pixel_to_lonlat(px, py)
        _, _, dist_m = wgs84().inv(lon, lat, flon, flat)
        bx, by = self.lonlat_to_pixel(lon, lat)
        return tuple(
            Residual(i, float(d) / 1000.0, float(x - p), float(y - q))
            for i, d, x, y, p, q in zip(idx, np.atleast_1d(dist_m), bx, by, px, py)
        )

    @property
    def rms_km(self) -> float:
        """Root mean square of the residuals in kilometres on the ground."""
        res = self.residuals
        return float(np.sqrt(np.mean([r.km**2 for r in res]))) if res else 0.0

    # --- saving with a scenario ------------------------------------------------------------------------------
    def as_dict(self) -> dict:
        """Plain data (JSON-ready) for saving the georeference beside the image path in a scenario file."""
        crs = (
            self.frame.name
            if self.frame.name == self.frame.definition or self.frame.name in PROJECTIONS
            else self.frame.definition
        )
        return {
            "width": self.width,
            "height": self.height,
            "crs": crs,
            "method": self.method,
            "points": [
                {"px": p.px, "py": p.py, "lon": p.lon, "lat": p.lat, "enabled": p.enabled, "label": p.label}
                for p in self.points
            ],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Georeference:
        """The inverse of `as_dict`; KeyError/ValueError/FrameError on malformed data."""
        points = tuple(
            ControlPoint(
                float(p["px"]),
                float(p["py"]),
                float(p["lon"]),
                float(p["lat"]),
                bool(p.get("enabled", True)),
                str(p.get("label", "")),
            )
            for p in data["points"]
        )
        method = str(data.get("method", "affine"))
        if method not in METHODS:
            raise ValueError(f"unknown transform {method!r}")
        return cls(int(data["width"]), int(data["height"]), resolve_frame(str(data["crs"])), points, method)

    def preview_mesh(self, columns: int = 33, rows: int = 25) -> tuple[np.ndarray, np.ndarray]:
        """lon/lat of a regular mesh of image pixels (rows × columns), for drawing the image warped on a map."""
        gx, gy = np.meshgrid(np.linspace(0, self.width, columns), np.linspace(0, self.height, rows))
        return self.pixel_to_lonlat(gx, gy)
