"""The arable choropleth: the style's ramp and classes, the export's fills and legend, greyscale's hatching."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from sovsplit.model.arable.sources import default_arable_grid
from sovsplit.model.io.problems import InputError
from sovsplit.render.arable_ramp import arable_classes, classify
from sovsplit.render.export import build_figure, export_map
from sovsplit.render.settings import DEFAULT_LAYERS, ExportSettings
from sovsplit.render.style import load_style, load_style_file, polity_colour

KUBAN = (39.5, 45.3)  # Krasnodar Krai steppe: arable in the shipped model
ONLY_ARABLE = frozenset({"polities", "arable"})


def _luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


@pytest.mark.parametrize("name", ["classic", "poster", "greyscale"])
def test_every_style_has_a_sequential_ramp_with_legend_labels(name):
    style, warning = load_style(name)
    assert warning is None
    classes = arable_classes(style)
    assert len(classes) == 5
    assert [c.label for c in classes] == ["under 10 %", "10–25 %", "25–50 %", "50–70 %", "70 % or more"]
    if style.arable_hatches:  # print: density rises with the class
        assert all(c.colour == "#ffffff" for c in classes)
        assert len({c.hatch for c in classes}) == 5
    else:  # colour: light to dark, one step at a time
        lum = [_luminance(c.colour) for c in classes]
        assert lum == sorted(lum, reverse=True)


def test_classify_puts_the_shipped_values_in_the_lowest_and_highest_class():
    style, _ = load_style("classic")
    classes = arable_classes(style)
    values = np.unique(np.nan_to_num(np.asarray(default_arable_grid().values, dtype=float)))
    index = classify(values, classes)
    assert index[values == 0].tolist() == [-1]
    assert set(index[values > 0].tolist()) == {0, 4}  # marginal (3 %) and arable (75 %) cells


def test_export_paints_arable_cells_in_the_ramps_colour(scenario, tmp_path):
    style, _ = load_style("classic")
    settings = ExportSettings(
        style=style, dpi=100, layers=ONLY_ARABLE, legend=False, scale_bar=False, north_arrow=False
    )
    page = build_figure(scenario, settings)
    image = np.asarray(Image.open(export_map(scenario, settings, tmp_path / "a.png")).convert("RGB")).astype(int)
    col, row = page.to_pixels(*KUBAN)
    top = arable_classes(style)[-1].colour
    rgb = np.array([int(top[i : i + 2], 16) for i in (1, 3, 5)])
    assert np.abs(image[int(row), int(col)] - rgb).max() <= 3


def test_greyscale_arable_is_never_the_wests_grey(scenario, tmp_path):
    style, _ = load_style("greyscale")
    west = polity_colour(style, "west", scenario.polities["west"].colour)
    settings = ExportSettings(
        style=style, dpi=100, layers=ONLY_ARABLE, legend=False, scale_bar=False, north_arrow=False
    )
    page = build_figure(scenario, settings)
    image = np.asarray(Image.open(export_map(scenario, settings, tmp_path / "g.png")).convert("RGB")).astype(int)
    col, row = page.to_pixels(*KUBAN)
    patch = image[int(row) - 4 : int(row) + 5, int(col) - 4 : int(col) + 5].reshape(-1, 3)
    grey = np.array([int(west[i : i + 2], 16) for i in (1, 3, 5)])
    # White cells with black hatching: both extremes present, and no pixel of the West's grey.
    assert patch.max() >= 250 and patch.min() <= 60
    assert not (np.abs(patch - grey).max(axis=1) <= 6).any()


def test_the_legend_lists_the_classes_when_the_layer_is_on(scenario):
    page = build_figure(scenario, ExportSettings(dpi=72, layers=DEFAULT_LAYERS | {"arable"}))
    texts = {t.get_text() for t in page.figure.texts}
    assert {"Arable share of land (modelled)", "under 10 %", "70 % or more"} <= texts


def test_a_ramp_and_breaks_of_different_lengths_is_a_one_line_error(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[symbols]\narable_ramp = ["#ffffff", "#000000"]\narable_breaks = [0.0, 0.2, 0.5]\n')
    with pytest.raises(InputError, match="arable_ramp has 2 colours but arable_breaks 3"):
        load_style_file(path)
    path.write_text('[symbols]\narable_breaks = [0.5, 0.2]\narable_ramp = ["#ffffff", "#000000"]\n')
    with pytest.raises(InputError, match="rising numbers"):
        load_style_file(path)
