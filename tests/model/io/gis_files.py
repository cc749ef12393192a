"""Scenario files as GDAL (through pyogrio) writes them for QGIS users, made from the shipped default scenario."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyogrio
import shapely

from sovsplit.model.io.resources import default_scenario_path


def default_frame():
    """The shipped default scenario as GDAL reads it (lon/lat, `regions` as arrays of ids)."""
    return pyogrio.read_dataframe(default_scenario_path())


def with_regions(frame, form: str):
    """The `regions` lists written as GIS tools write them: "json" text, "comma" separated or GDAL's "gdal" list."""
    frame = frame.copy()
    ids = [list(map(str, r)) for r in frame["regions"]]
    if form == "json":
        frame["regions"] = [json.dumps(r) for r in ids]
    elif form == "comma":
        frame["regions"] = [",".join(r) for r in ids]
    elif form == "gdal":
        frame["regions"] = [f"({len(r)}:{','.join(r)})" for r in ids]
    return frame


def write(frame, path: Path, crs: str | None = None) -> Path:
    """Write through GDAL, reprojected to `crs` first (GDAL writes the CRS: a `crs` member, a .prj, the table)."""
    if crs is not None:
        frame = frame.to_crs(crs)
    pyogrio.write_dataframe(frame, path)
    return path


def with_vertex_past_180(frame, lon: float = -180.02):
    """A vertex added mid-way along the East's cut at 180°, a hair west of -180° (as a buffer edit leaves it)."""
    frame = frame.copy()
    row = int(np.flatnonzero(frame["id"] == "east")[0])
    parts = list(frame.geometry.iloc[row].geoms)
    for n, part in enumerate(parts):
        ring = np.asarray(part.exterior.coords)
        on_cut = np.flatnonzero((ring[:-1, 0] == -180.0) & (ring[1:, 0] == -180.0))
        if len(on_cut):
            k = int(on_cut[np.argmax(np.abs(ring[on_cut, 1] - ring[on_cut + 1, 1]))])
            middle = [lon, (ring[k, 1] + ring[k + 1, 1]) / 2]
            shell = np.vstack([ring[: k + 1], [middle], ring[k + 1 :]])
            parts[n] = shapely.Polygon(shell, [r.coords for r in part.interiors])
            break
    else:
        raise AssertionError("the East has no edge along -180°")
    geoms = list(frame.geometry)
    geoms[row] = shapely.MultiPolygon(parts)
    return frame.set_geometry(geoms, crs=frame.crs)
