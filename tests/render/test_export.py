"""Map export on the shipped data: page sizes, style colours at known places, SVG text, one-page vector PDF."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import shapely
import shapely.affinity
from PIL import Image

from sovsplit.model.annotations.map_records import MapAnnotation
from sovsplit.render.export import ExportCancelled, build_figure, export_map
from sovsplit.render.layout.scale_bar import nice_length
from sovsplit.render.settings import ExportSettings, parse_paper
from sovsplit.render.style import load_style, polity_colour

YAKUTSK = (129.73, 62.03)
SEA_OF_OKHOTSK = (150.0, 55.0)


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])


@pytest.mark.parametrize("landscape, expected", [(False, (827, 1169)), (True, (1169, 827))])
def test_png_pixel_size_is_paper_times_dpi(scenario, tmp_path, landscape, expected):
    out = export_map(scenario, ExportSettings(dpi=100, paper="A4", landscape=landscape), tmp_path / "map.png")
    assert Image.open(out).size == expected


def test_custom_pixel_size_is_exact(scenario, tmp_path):
    out = export_map(scenario, ExportSettings(dpi=96, paper="1000x700px"), tmp_path / "map.png")
    assert Image.open(out).size == (1000, 700)


def test_style_colours_at_known_points(scenario, tmp_path):
    style, _ = load_style("poster")
    # Only the fills: no labels or markers that could sit on the probed pixels.
    settings = ExportSettings(
        style=style, dpi=100, layers={"polities", "neighbours"}, legend=False, scale_bar=False, north_arrow=False
    )
    page = build_figure(scenario, settings)
    out = export_map(scenario, settings, tmp_path / "map.png")
    image = np.asarray(Image.open(out).convert("RGB")).astype(int)
    col, row = page.to_pixels(*SEA_OF_OKHOTSK)
    assert np.abs(image[int(row), int(col)] - _rgb(style.ocean)).max() <= 3
    col, row = page.to_pixels(*YAKUTSK)
    east = polity_colour(style, "east", scenario.polities["east"].colour)
    assert np.abs(image[int(row), int(col)] - _rgb(east)).max() <= 3
    # And the West's colour at Moscow, which the poster style paints red.
    col, row = page.to_pixels(37.6, 55.75)
    assert np.abs(image[int(row), int(col)] - _rgb(style.polity_colours["west"])).max() <= 3


def test_svg_keeps_legend_text_as_text(scenario, tmp_path):
    out = export_map(scenario, ExportSettings(dpi=72), tmp_path / "map.svg")
    root = ET.parse(out).getroot()
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "West USSR" in texts and "East USSR" in texts
    assert "Yakutsk" in texts


def test_pdf_is_one_page_of_the_paper_size(scenario, tmp_path):
    out = export_map(scenario, ExportSettings(dpi=150, paper="A3", landscape=True), tmp_path / "map.pdf")
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1
    box = [float(v) for v in re.search(rb"/MediaBox\s*\[([^\]]+)\]", data).group(1).split()]
    # A3 landscape: 420 × 297 mm in points.
    assert box[2] - box[0] == pytest.approx(420 / 25.4 * 72, abs=0.5)
    assert box[3] - box[1] == pytest.approx(297 / 25.4 * 72, abs=0.5)


def test_scale_bar_is_true_ground_distance(scenario):
    page = build_figure(scenario, ExportSettings(dpi=100))
    label = next(t.get_text() for t in page.figure.texts if t.get_text().endswith(" km"))
    assert re.fullmatch(r"[\d,]+ km", label)
    assert nice_length(1234) == 1000 and nice_length(2600) == 2500


def test_cancel_leaves_no_file(scenario, tmp_path):
    calls = []
    with pytest.raises(ExportCancelled):
        export_map(
            scenario,
            ExportSettings(dpi=100),
            tmp_path / "map.png",
            progress=lambda f, t: calls.append(f),
            cancel=lambda: len(calls) > 3,
        )
    assert list(tmp_path.iterdir()) == []


def test_labels_never_overlap(scenario):
    page = build_figure(scenario, ExportSettings(dpi=100, layers={"polities", "cities", "ports"}))
    renderer = page.figure.canvas.get_renderer()
    texts = [t for t in page.ax.texts if t.get_gid() != "halo" and len(t.get_text()) > 2]
    assert len(texts) > 15
    # A name turned along its polity is compared by its own outline, not the upright box around it.
    boxes = [_drawn_outline(t, renderer) for t in texts]
    assert any(t.get_rotation() for t in texts)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.intersects(b) or a.intersection(b).area == 0


def _drawn_outline(text, renderer):
    """A text artist's outline in display pixels: its box as laid out level, turned about its anchor."""
    angle = text.get_rotation()
    text.set_rotation(0)
    box = text.get_window_extent(renderer)
    text.set_rotation(angle)
    shape = shapely.box(box.x0, box.y0, box.x1, box.y1)
    if not angle:
        return shape
    anchor = text.get_transform().transform(text.get_position())
    return shapely.affinity.rotate(shape, angle, origin=tuple(anchor))


def test_annotations_are_drawn_when_given(scenario):
    notes = [MapAnnotation("note-1", "Kamchatka ports freeze", 158.65, 53.02, "against", None, True)]
    page = build_figure(scenario, ExportSettings(dpi=100, layers={"polities", "annotations"}, annotations=notes))
    # A numbered marker on the map, the full text keyed to it in the panel under the map.
    texts = [t.get_text() for t in page.figure.texts]
    assert "1" in texts and "Kamchatka ports freeze (your note)" in texts


def test_bad_sizes_are_rejected_in_one_line():
    for bad in ("A9", "12x", "0x5in", "50x50px"):
        with pytest.raises(ValueError) as err:
            parse_paper(bad)
        assert "\n" not in str(err.value)
