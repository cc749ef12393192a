"""Control points: a pixel of the image (from its top-left, y down) and the place on Earth it shows."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class ControlPoint:
    """One control point; lon is unwrapped (Chukotka east of 180° has lon > 180)."""

    px: float
    py: float
    lon: float
    lat: float
    enabled: bool = True
    label: str = ""

    def moved(self, px: float, py: float) -> ControlPoint:
        return replace(self, px=float(px), py=float(py))

    def placed(self, lon: float, lat: float) -> ControlPoint:
        return replace(self, lon=unwrap_lon(lon), lat=float(lat))


def unwrap_lon(lon: float) -> float:
    """The model's longitude: west of -165° means across 180° in the Far East."""
    lon = float(lon)
    return lon + 360.0 if lon < -165.0 else lon


def parse_gcp(text: str) -> ControlPoint:
    """ "PX,PY,LON,LAT" → ControlPoint; ValueError with a one-line reason otherwise."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 4:
        raise ValueError(f"control point {text!r} must be PX,PY,LON,LAT")
    try:
        px, py, lon, lat = (float(p) for p in parts)
    except ValueError:
        raise ValueError(f"control point {text!r} must be four numbers PX,PY,LON,LAT") from None
    if not (-90.0 <= lat <= 90.0) or not (-180.0 <= lon <= 360.0):
        raise ValueError(f"control point {text!r}: longitude or latitude out of range")
    return ControlPoint(px, py, unwrap_lon(lon), lat)
