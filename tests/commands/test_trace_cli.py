"""`sovsplit trace`: a drawn map image (PIL, JPEG) to a scenario, in plate carrée and a north-polar projection."""

from __future__ import annotations

import json

import pytest

from sovsplit.cli import main
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.report import scenario_report
from trace_images import BUFFER, EAST, SPLIT, WEST, draw_map, three_way

CITIES = ["Moscow", "Yakutsk", "Tashkent", "Norilsk"]
COLOURS = [
    "--colour",
    f"{WEST}=Western Union",
    "--colour",
    f"{BUFFER}=Buffer State",
    "--colour",
    f"{EAST}=Eastern Republic",
]


def _true_km2(regions, colour):
    return sum(regions.area_km2[r] for r, c in three_way(regions).items() if c == colour)


@pytest.mark.parametrize("frame", ["EPSG:4326", "EPSG:3995"])
def test_trace_a_three_polity_map(tmp_path, regions, capsys, frame):
    drawing = draw_map(tmp_path / "map.jpg", regions, three_way(regions), frame=frame, width=1000)
    out = tmp_path / "traced.geojson"
    gcps = [arg for c in CITIES for arg in ("--gcp", drawing.gcp(c))]
    assert main(["trace", str(drawing.path), *gcps, "--crs", frame, *COLOURS, "-o", str(out), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["rms_km"] < 0.01 and summary["crs"] == frame
    traced = {p.name: p for p in scenario_report(load_scenario(out, regions)).polities}
    for colour, name in [(WEST, "Western Union"), (BUFFER, "Buffer State"), (EAST, "Eastern Republic")]:
        assert traced[name].area_km2 == pytest.approx(_true_km2(regions, colour), rel=0.02)
    listed = {r for p in summary["polities"] for r in p["regions"]} | {u["id"] for u in summary["uncertain"]}
    assert listed == set(regions.ids)


def test_table_output_points_file_and_refine(tmp_path, regions, capsys):
    drawing = draw_map(tmp_path / "map.png", regions, three_way(regions), width=800)
    gcps = [arg for c in CITIES[:3] for arg in ("--gcp", drawing.gcp(c))]
    points = tmp_path / "map.points"
    from sovsplit.model.trace.frame import resolve_frame
    from sovsplit.model.trace.georef import Georeference
    from sovsplit.model.trace.points import parse_gcp
    from sovsplit.model.trace.points_file import write_points

    write_points(
        Georeference(drawing.width, drawing.height, resolve_frame("EPSG:4326"), (parse_gcp(drawing.gcp("Norilsk")),)),
        points,
    )
    out = tmp_path / "traced.geojson"
    assert (
        main(
            [
                "trace",
                str(drawing.path),
                *gcps,
                "--points",
                str(points),
                "--refine",
                "--colour",
                f"{WEST}=West USSR",
                "--colour",
                f"{EAST}=east",
                "--colour",
                f"{BUFFER}=Buffer",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "control points: 4 (affine, EPSG:4326)" in text and "refinement: coast RMS" in text
    assert "West USSR" in text and "East USSR" in text and f"wrote {out}" in text
    scenario = load_scenario(out, regions)
    assert scenario.owner["UA"] == "west" and scenario.owner["RUSA"] == "east" and scenario.owner["KZ"] == "buffer"


@pytest.fixture(scope="module")
def small_map(tmp_path_factory, regions):
    return draw_map(tmp_path_factory.mktemp("trace") / "map.png", regions, three_way(regions), width=400)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--gcp", "1,2,37,55", "--gcp", "3,4,100,60"], "at least 3"),
        (["--gcp", "1,2,37"], "PX,PY,LON,LAT"),
        (["--colour", "#12345=Nope"], "#RRGGBB"),
        (["--colour", "#0000ff=Blue Land"], "is not in the image"),
        (["--crs", "EPSG:999999"], "unknown coordinate system"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, small_map, capsys, args, message):
    drawing = small_map
    base = [arg for c in CITIES[:3] for arg in ("--gcp", drawing.gcp(c))] if "--gcp" not in args else []
    code = main(["trace", str(drawing.path), *base, *args, "--colour", f"{WEST}=W", "-o", str(tmp_path / "o.geojson")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "\n" not in err and message in err
    assert not (tmp_path / "o.geojson").exists()


def test_unreadable_image_names_the_file(tmp_path, capsys):
    bad = tmp_path / "scan.jpg"
    bad.write_bytes(b"not a jpeg at all")
    code = main(["trace", str(bad), "--gcp", "1,2,37,55", "--colour", f"{WEST}=W", "-o", str(tmp_path / "o.geojson")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.startswith("sovsplit: scan.jpg: ") and "\n" not in err


def test_cut_uncertain_splits_a_two_colour_region(tmp_path, regions, capsys):
    x0, _, x1, _ = regions["RUSA"].geometry.bounds
    split = ("RUSA", x0 + 0.43 * (x1 - x0))
    drawing = draw_map(tmp_path / "map.jpg", regions, three_way(regions), width=900, split=split)
    out = tmp_path / "traced.geojson"
    gcps = [arg for c in CITIES for arg in ("--gcp", drawing.gcp(c))]
    assert (
        main(
            [
                "trace",
                str(drawing.path),
                *gcps,
                *COLOURS,
                "--colour",
                f"{SPLIT}=Lena Republic",
                "--cut-uncertain",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "cut Sakha Republic (RUSA): " in text
    scenario = load_scenario(out, regions)
    owners = {scenario.owner[pid] for pid, p in scenario.parcels.items() if p.region_id == "RUSA"}
    assert owners == {"eastern-republic", "lena-republic"}
