"""Georeferencing: transforms through exact control points, residuals in km, and QGIS `.points` files."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sovsplit.model.io.problems import InputError
from sovsplit.model.trace.frame import FrameError, resolve_frame
from sovsplit.model.trace.georef import Georeference
from sovsplit.model.trace.points import ControlPoint, parse_gcp
from sovsplit.model.trace.points_file import (
    HEADER,
    points_text,
    read_points,
    write_points,
)
from sovsplit.model.trace.transforms import TransformError

CITIES = [
    (37.618, 55.752),
    (129.723, 62.031),
    (69.216, 41.265),
    (88.203, 69.354),
    (177.510, 64.734),
    (44.834, 41.691),
    (131.874, 43.106),
    (33.099, 68.968),
]


def _exact(frame_name: str, size=(1000, 700)):
    """Control points placed by a known affine map from the frame's coordinates to pixels."""
    frame = resolve_frame(frame_name)
    lon, lat = np.array(CITIES).T
    x, y = frame.to_map(lon, lat)
    x0, x1, y0, y1 = x.min(), x.max(), y.min(), y.max()
    px = 50 + (x - x0) / (x1 - x0) * (size[0] - 100)
    py = 50 + (y1 - y) / (y1 - y0) * (size[1] - 100)
    return Georeference(
        size[0], size[1], frame, tuple(ControlPoint(a, b, c, d) for a, b, c, d in zip(px, py, lon, lat))
    )


@pytest.mark.parametrize("frame", ["EPSG:4326", "EPSG:3857", "laea-north", "EPSG:3995"])
@pytest.mark.parametrize("method", ["affine", "poly2", "tps"])
def test_exact_control_points_have_no_residual(frame, method):
    georef = _exact(frame).with_method(method)
    assert georef.rms_km < 1e-3
    assert len(georef.residuals) == len(CITIES)
    px, py = georef.lonlat_to_pixel([100.0, 60.0], [60.0, 50.0])
    lon, lat = georef.pixel_to_lonlat(px, py)
    assert np.allclose(lon, [100.0, 60.0], atol=1e-6) and np.allclose(lat, [60.0, 50.0], atol=1e-6)


def test_moving_one_point_shows_in_its_residual_in_km():
    georef = _exact("EPSG:4326")
    moved = georef.moving(0, georef.points[0].px + 20, georef.points[0].py)
    assert georef.rms_km < 1e-6 and moved.rms_km > 10
    # With least squares the moved point carries the largest residual.
    assert max(moved.residuals, key=lambda r: r.km).index == 0
    assert moved.residuals[0].dx_px < 0  # the fit puts Moscow left of where it was dragged
    assert georef.points[0].px != moved.points[0].px  # edits return new georeferences


def test_too_few_or_degenerate_points_are_refused_with_a_reason():
    georef = _exact("EPSG:4326")
    few = Georeference(georef.width, georef.height, georef.frame, georef.points[:5], "poly2")
    with pytest.raises(TransformError, match="at least 6"):
        _ = few.transform
    assert not few.ready and georef.ready
    line = tuple(ControlPoint(10 * i, 10 * i, 40 + i, 50 + i) for i in range(4))
    with pytest.raises(TransformError, match="degenerate"):
        _ = Georeference(100, 100, georef.frame, line).transform


def test_frames_and_control_point_text():
    assert resolve_frame("4326").name == "EPSG:4326" and resolve_frame("EPSG:4326").geographic
    assert resolve_frame("laea-north").name == "laea-north"
    with pytest.raises(FrameError, match="unknown coordinate system"):
        resolve_frame("EPSG:999999")
    p = parse_gcp("10,20,-175.5,65")
    assert (p.px, p.py, p.lon, p.lat) == (10.0, 20.0, 184.5, 65.0)  # Chukotka unwrapped past 180°
    with pytest.raises(ValueError, match="PX,PY,LON,LAT"):
        parse_gcp("10,20,30")


@pytest.mark.parametrize("frame", ["EPSG:4326", "EPSG:3857", "laea-north"])
def test_points_file_round_trips(tmp_path, frame):
    georef = _exact(frame).moving(2, 300.5, 200.25)
    georef = georef.with_point(3, replace(georef.points[3], enabled=False))
    path = tmp_path / "map.points"
    write_points(georef, path)
    lines = path.read_text().splitlines()
    assert lines[0].startswith("#CRS: ") and lines[1] == HEADER
    first = lines[2].split(",")
    assert float(first[3]) == -georef.points[0].py  # QGIS keeps rows negative
    back = read_points(path)
    assert back.frame is not None and back.frame.crs == georef.frame.crs
    assert len(back.points) == len(georef.points)
    for a, b in zip(georef.points, back.points):
        assert (a.px, a.py, a.enabled) == (b.px, b.py, b.enabled)
        assert a.lon == pytest.approx(b.lon, abs=1e-7) and a.lat == pytest.approx(b.lat, abs=1e-7)
    again = points_text(Georeference(georef.width, georef.height, back.frame, back.points)).splitlines()
    assert again[:2] == lines[:2]
    for a, b in zip(again[2:], lines[2:]):
        assert a.split(",")[2:5] == b.split(",")[2:5]  # pixels and enable exactly
        assert np.allclose(
            [float(v) for v in a.split(",")[:2]], [float(v) for v in b.split(",")[:2]], rtol=1e-9, atol=1e-4
        )


def test_older_qgis_files_without_crs_and_with_tabs(tmp_path):
    path = tmp_path / "old.points"
    path.write_text("mapX\tmapY\tpixelX\tpixelY\tenable\n37.6\t55.75\t120\t-340\t1\n129.7\t62.0\t800\t-200\t0\n")
    read = read_points(path)
    assert read.frame is None
    assert [(p.px, p.py, p.enabled) for p in read.points] == [(120.0, 340.0, True), (800.0, 200.0, False)]
    bad = tmp_path / "bad.points"
    bad.write_text("#CRS: EPSG:4326\n" + HEADER + "\n1,2,x,4,1,0,0,0\n")
    with pytest.raises(InputError, match=r"bad.points: line 3"):
        read_points(bad)


@pytest.mark.parametrize("frame", ["EPSG:4326", "laea-north"])
def test_georeference_saves_as_plain_data(frame):
    import json

    georef = _exact(frame).with_method("tps").moving(1, 12.5, 40.0)
    back = Georeference.from_dict(json.loads(json.dumps(georef.as_dict())))
    assert back == georef and back.rms_km == pytest.approx(georef.rms_km)
