"""A rendered page's pixels as a PNG file: RGB rows left unfiltered and deflated lightly, with title and dpi.

Pillow picks a filter for every row by trying all five, which costs more than the compression itself on a
300 dpi page; a map's flat colours compress as well unfiltered (the file comes out smaller, not larger).
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_LEVEL = 2  # zlib level: 1-3 cost about the same and differ by a few percent in size; 6 doubles the time
_IDAT_BYTES = 1 << 20  # image data in chunks of a megabyte, as encoders usually write it


def png_bytes(rgba, dpi: float, text: dict[str, str]) -> bytes:
    """A PNG of the (height, width, 4) uint8 pixels `rgba` without their alpha, recording `dpi` and `text`."""
    pixels = np.asarray(rgba)
    height, width = pixels.shape[:2]
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)
    rows[:, 0] = 0  # filter type 0 (none) on every row
    rgb = rows[:, 1:].reshape(height, width, 3)
    if not np.shares_memory(rgb, rows):  # reshape copied instead of viewing: fill the rows another way
        rows[:, 1:] = np.ascontiguousarray(pixels[..., :3]).reshape(height, 3 * width)
    else:
        rgb[...] = pixels[..., :3]
    data = zlib.compress(rows.tobytes(), _LEVEL)
    out = [_SIGNATURE, _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))]
    per_metre = int(dpi / 0.0254 + 0.5)
    out.append(_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)))
    for key, value in text.items():
        out.append(_text_chunk(key, value))
    for start in range(0, len(data), _IDAT_BYTES):
        out.append(_chunk(b"IDAT", data[start : start + _IDAT_BYTES]))
    out.append(_chunk(b"IEND", b""))
    return b"".join(out)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _text_chunk(key: str, value: str) -> bytes:
    """tEXt when the value is Latin-1, else iTXt (UTF-8), as Pillow's PngInfo.add_text chooses."""
    name = key.encode("latin-1")[:79]
    try:
        return _chunk(b"tEXt", name + b"\0" + value.encode("latin-1"))
    except UnicodeEncodeError:
        # keyword NUL, compression flag 0 and method 0, empty language tag NUL, empty translated keyword NUL.
        return _chunk(b"iTXt", name + b"\0" + b"\0\0" + b"\0" + b"\0" + value.encode("utf-8"))
