"""The exporter's own PNG writer: the page's exact pixels, its dpi and title, readable by Pillow and zlib."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from sovsplit.render.export import build_figure, save_figure
from sovsplit.render.layout.png_file import png_bytes
from sovsplit.render.settings import ExportSettings


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    out, at = [], 8
    while at < len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + size]
        (crc,) = struct.unpack(">I", data[at + 8 + size : at + 12 + size])
        assert crc == zlib.crc32(kind + body), kind
        out.append((kind, body))
        at += 12 + size
    return out


def test_exported_png_holds_the_rendered_pixels_dpi_and_title(scenario):
    settings = ExportSettings(dpi=60, paper="A5", landscape=True)
    page = build_figure(scenario, settings)
    buffer = io.BytesIO()
    save_figure(page, buffer, "png")
    canvas = FigureCanvasAgg(page.figure)
    canvas.draw()
    rendered = np.asarray(canvas.buffer_rgba())[..., :3]
    image = Image.open(io.BytesIO(buffer.getvalue()))
    assert image.mode == "RGB" and image.size == settings.page_pixels()
    assert np.array_equal(np.asarray(image), rendered)
    assert round(image.info["dpi"][0]) == 60
    assert image.info["Title"] == page.labels[0] and image.info["Software"] == "sovsplit"
    kinds = [kind for kind, _ in _chunks(buffer.getvalue())]
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND" and b"IDAT" in kinds


def test_a_title_beyond_latin1_is_kept_as_utf8(scenario):
    title = "Два СССР — Приморье"
    page = build_figure(scenario, ExportSettings(dpi=30, paper="A5", title=title))
    canvas = FigureCanvasAgg(page.figure)
    canvas.draw()
    data = png_bytes(canvas.buffer_rgba(), 30, {"Title": title, "Software": "sovsplit"})
    image = Image.open(io.BytesIO(data))
    assert image.info["Title"] == title and image.info["Software"] == "sovsplit"
    assert [kind for kind, _ in _chunks(data)].count(b"iTXt") == 1  # the Latin-1 "Software" stays plain tEXt
    assert np.array_equal(np.asarray(image), np.asarray(canvas.buffer_rgba())[..., :3])
