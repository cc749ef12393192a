"""PNG rows deflated in slices at once: one valid zlib stream (checksum included) of exactly the page's pixels."""

from __future__ import annotations

import io
import zlib

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from sovsplit.render.export import build_figure
from sovsplit.render.layout import png_file
from sovsplit.render.settings import ExportSettings


def _page_pixels(scenario) -> np.ndarray:
    page = build_figure(scenario, ExportSettings(dpi=72, paper="A4"))
    canvas = FigureCanvasAgg(page.figure)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())


def test_slices_make_one_stream_of_all_the_rows_with_its_checksum(scenario):
    pixels = _page_pixels(scenario)
    rows = np.ascontiguousarray(pixels[..., :3]).reshape(len(pixels), -1)
    whole = rows.tobytes()
    for cuts in ([0, len(rows)], [0, 7, len(rows)], [0, 100, 101, 500, len(rows)]):
        parts = [(rows[a:b],) for a, b in zip(cuts[:-1], cuts[1:])]
        stream = png_file.deflate(parts)
        assert zlib.decompress(stream) == whole  # zlib checks the combined Adler-32 too
        assert zlib.adler32(whole) == int.from_bytes(stream[-4:], "big")


def test_a_page_written_in_slices_reads_back_pixel_for_pixel(scenario):
    pixels = _page_pixels(scenario)
    for slices in (1, 3, 4):
        data = png_file.png_bytes(pixels, 72, {"Title": "Two USSRs"}, slices=slices)
        image = Image.open(io.BytesIO(data))
        assert image.size == (pixels.shape[1], pixels.shape[0])
        assert np.array_equal(np.asarray(image), pixels[..., :3])
