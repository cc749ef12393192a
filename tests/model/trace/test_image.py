"""Map images in the formats users have, and the CIELAB conversion the colour clustering relies on."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from sovsplit.model.io.problems import InputError
from sovsplit.model.trace.image import hex_to_rgb, lab_to_hex, load_image, rgb_to_lab


@pytest.mark.parametrize("suffix", ["png", "jpg", "tif", "webp"])
def test_formats_load_as_rgb_top_left_first(tmp_path, suffix):
    pixels = np.zeros((30, 40, 3), np.uint8)
    pixels[:10, :20] = (200, 30, 30)  # the top-left block
    path = tmp_path / f"map.{suffix}"
    Image.fromarray(pixels).save(path, quality=95) if suffix in ("jpg", "webp") else Image.fromarray(pixels).save(path)
    image = load_image(path)
    assert (image.width, image.height) == (40, 30)
    assert np.abs(image.rgb[2, 2].astype(int) - (200, 30, 30)).max() < 25
    assert np.abs(image.rgb[25, 35].astype(int)).max() < 25


def test_transparent_png_is_on_white_and_bad_files_are_one_line(tmp_path):
    rgba = np.zeros((4, 4, 4), np.uint8)
    Image.fromarray(rgba, "RGBA").save(tmp_path / "clear.png")
    assert load_image(tmp_path / "clear.png").rgb.min() == 255
    Image.fromarray(np.zeros((4, 4, 3), np.uint8)).save(tmp_path / "map.gif")
    with pytest.raises(InputError, match=r"map.gif: GIF images are not supported"):
        load_image(tmp_path / "map.gif")
    with pytest.raises(InputError, match=r"missing.png: no such image file"):
        load_image(tmp_path / "missing.png")
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8 not really")
    with pytest.raises(InputError, match=r"broken.jpg: not a readable image"):
        load_image(tmp_path / "broken.jpg")


def test_cielab_matches_the_published_values_and_inverts():
    # sRGB primaries and white in CIELAB (D65), as tabulated for the sRGB standard.
    lab = rgb_to_lab(np.array([[255, 255, 255], [255, 0, 0], [0, 0, 255]], np.uint8))
    assert np.allclose(lab[0], [100.0, 0.0, 0.0], atol=0.05)
    assert np.allclose(lab[1], [53.24, 80.09, 67.20], atol=0.1)
    assert np.allclose(lab[2], [32.30, 79.19, -107.86], atol=0.1)
    for colour in ["#d9534f", "#5cb85c", "#f0c75e", "#000000", "#ffffff"]:
        assert lab_to_hex(rgb_to_lab(np.array(hex_to_rgb(colour), np.float32))) == colour
    with pytest.raises(ValueError, match="#RRGGBB"):
        hex_to_rgb("#12345")
