"""`sovsplit export` end to end: files of the asked size and type; bad arguments give one line and exit 2."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from sovsplit.cli import main


def test_export_png_end_to_end(tmp_path, capsys):
    out = tmp_path / "map.png"
    assert (
        main(
            [
                "export",
                "-o",
                str(out),
                "--dpi",
                "50",
                "--size",
                "A4",
                "--landscape",
                "--style",
                "poster",
                "--title",
                "Two Unions",
            ]
        )
        == 0
    )
    assert Image.open(out).size == (585, 413)
    assert "wrote" in capsys.readouterr().out


def test_export_svg_with_extent_and_layers(tmp_path):
    out = tmp_path / "east.svg"
    assert (
        main(
            [
                "export",
                "-o",
                str(out),
                "--extent",
                "100,45,191,75",
                "--layers",
                "+ports,+arable",
                "--projection",
                "laea-north",
                "--quiet",
            ]
        )
        == 0
    )
    texts = ["".join(t.itertext()) for t in ET.parse(out).getroot().iter("{http://www.w3.org/2000/svg}text")]
    assert "Ice-free port" in texts and "Arable share of land (modelled)" in texts


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--size", "B7"], "size 'B7'"),
        (["--size", "10x10px"], "too small"),
        (["--extent", "1,2,3"], "extent '1,2,3'"),
        (["--extent", "100,80,90,70"], "west must be less than east"),
        (["--dpi", "lots"], "--dpi 'lots'"),
        (["--projection", "gnomonic"], "unknown projection"),
        (["--layers", "rivers"], "unknown layer 'rivers'"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(tmp_path, capsys, args, fragment):
    out = tmp_path / "map.png"
    assert main(["export", "-o", str(out), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert fragment in err and "\n" not in err
    assert not out.exists()


def test_unknown_output_type_is_one_line(tmp_path, capsys):
    assert main(["export", "-o", str(tmp_path / "map.bmp")]) == 2
    assert "unknown image type" in capsys.readouterr().err
