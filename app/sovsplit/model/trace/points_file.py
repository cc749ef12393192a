"""QGIS Georeferencer `.points` files: read and write control points so the same points work in both tools.

The layout follows QGIS's own reader and writer (QgsGCPList::saveGcps/loadGcps): an optional first line
`#CRS: <WKT>` naming the map coordinates' system, a header line, then one comma-separated row per point —
mapX, mapY, sourceX, sourceY, enable, dX, dY, residual — where sourceY is the NEGATIVE pixel row (QGIS keeps
an un-georeferenced image with y pointing up). Older files separate the columns with tabs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sovsplit.model.io.atomic import write_atomic
from sovsplit.model.io.problems import InputError
from sovsplit.model.trace.frame import FrameError, MapFrame, resolve_frame
from sovsplit.model.trace.georef import Georeference
from sovsplit.model.trace.points import ControlPoint
from sovsplit.model.trace.transforms import TransformError

HEADER = "mapX,mapY,sourceX,sourceY,enable,dX,dY,residual"
_CRS_PREFIX = "#CRS: "


@dataclass(frozen=True)
class PointsFile:
    """What a `.points` file holds: its coordinate system (None when it names none) and the points."""

    frame: MapFrame | None
    points: tuple[ControlPoint, ...]


def read_points(path: Path | str, default_frame: MapFrame | None = None) -> PointsFile:
    """Read a `.points` file; map coordinates are converted to lon/lat with its #CRS (else `default_frame`)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the control points ({exc.__class__.__name__})") from None
    frame = None
    body = lines
    if lines and lines[0].startswith(_CRS_PREFIX.strip()):
        wkt = lines[0][len(_CRS_PREFIX.strip()) :].strip()
        if wkt:
            try:
                frame = resolve_frame(wkt)
            except FrameError as exc:
                raise InputError(path, f"line 1: {exc}") from None
        body = lines[1:]
    body = body[1:]  # QGIS skips the header line without reading it
    rows = []
    for number, line in enumerate(body, start=len(lines) - len(body) + 1):
        if not line.strip():
            continue
        cells = line.split(",") if "," in line else line.split("\t")
        try:
            values = [float(c) for c in cells[:4]]
            enabled = bool(int(float(cells[4]))) if len(cells) >= 5 and cells[4].strip() else True
        except ValueError:
            values = []
        if len(values) < 4:
            raise InputError(path, f"line {number}: expected mapX,mapY,sourceX,sourceY numbers, got {line[:60]!r}")
        rows.append((*values, enabled))
    use = frame or default_frame or resolve_frame("EPSG:4326")
    if not rows:
        return PointsFile(frame, ())
    mx, my, sx, sy, on = (np.array(col) for col in zip(*rows))
    lon, lat = use.to_lonlat(mx, my)
    if not (np.all(np.isfinite(lon)) and np.all(np.isfinite(lat))):
        raise InputError(path, f"a point's map coordinates are not valid in {use.name}")
    points = tuple(
        ControlPoint(float(x), float(-y), float(a), float(b), bool(e)) for x, y, a, b, e in zip(sx, sy, lon, lat, on)
    )
    return PointsFile(frame, points)


def points_text(georef: Georeference) -> str:
    """The `.points` text of a georeference: map coordinates in its frame, QGIS's negative rows."""
    mx, my = georef.frame.to_map([p.lon for p in georef.points], [p.lat for p in georef.points])
    try:
        residual = {r.index: r for r in georef.residuals}
    except TransformError:
        residual = {}
    out = [_CRS_PREFIX + georef.frame.wkt.replace("\n", ""), HEADER]
    for i, p in enumerate(georef.points):
        r = residual.get(i)
        dx, dy = (r.dx_px, r.dy_px) if r else (0.0, 0.0)
        # QGIS's residuals are in source (pixel) units with y up, like sourceY.
        out.append(
            ",".join(
                [
                    repr(float(mx[i])),
                    repr(float(my[i])),
                    repr(float(p.px)),
                    repr(float(-p.py)),
                    "1" if p.enabled else "0",
                    repr(dx),
                    repr(-dy),
                    repr(float(np.hypot(dx, dy))),
                ]
            )
        )
    return "\n".join(out) + "\n"


def write_points(georef: Georeference, path: Path | str) -> None:
    write_atomic(path, points_text(georef))
