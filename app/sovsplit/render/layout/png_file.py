"""A rendered page's pixels as a PNG file: RGB rows left unfiltered and deflated lightly, with title and dpi.

Pillow picks a filter for every row by trying all five, which costs more than the compression itself on a
300 dpi page; a map's flat colours compress as well unfiltered (the file comes out smaller, not larger).
On a machine with several cores the rows are deflated in slices at once, as pigz does: one zlib stream, each
slice primed with the 32 KiB before it, so the file is as small and any PNG reader reads it.
"""

from __future__ import annotations

import os
import struct
import threading
import zlib

import numpy as np

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_LEVEL = 2  # zlib level: 1-3 cost about the same and differ by a few percent in size; 6 doubles the time
_IDAT_BYTES = 1 << 20  # image data in chunks of a megabyte, as encoders usually write it
_SLICE_BYTES = 4 << 20  # smaller images are deflated in one piece (a thread would cost more than it saves)
_MAX_SLICES = 4
_WINDOW = 1 << 15  # deflate's window: what each slice is primed with
_ADLER_BASE = 65521


def png_bytes(rgba, dpi: float, text: dict[str, str], slices: int | None = None) -> bytes:
    """A PNG of the (height, width, 4) uint8 pixels `rgba` without their alpha, recording `dpi` and `text`;
    the rows deflated in `slices` at once (default: one per core, up to four, for a large image)."""
    pixels = np.asarray(rgba)
    height, width = pixels.shape[:2]
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)
    if slices is None:
        slices = min(_MAX_SLICES, os.cpu_count() or 1, max(1, rows.nbytes // _SLICE_BYTES))
    slices = max(1, min(slices, height))
    bounds = np.linspace(0, height, slices + 1).astype(int)
    data = deflate([(rows[a:b], pixels[a:b]) for a, b in zip(bounds[:-1], bounds[1:])], _fill_rows)
    out = [_SIGNATURE, _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))]
    per_metre = int(dpi / 0.0254 + 0.5)
    out.append(_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)))
    for key, value in text.items():
        out.append(_text_chunk(key, value))
    for start in range(0, len(data), _IDAT_BYTES):
        out.append(_chunk(b"IDAT", data[start : start + _IDAT_BYTES]))
    out.append(_chunk(b"IEND", b""))
    return b"".join(out)


def _fill_rows(rows: np.ndarray, pixels: np.ndarray) -> None:
    """PNG rows (a filter byte, then RGB) from RGBA pixels; a channel at a time (a third of the time of one copy
    of all three, which numpy makes byte by byte, measured 2-3 times slower)."""
    rows[:, 0] = 0  # filter type 0 (none) on every row
    rgb = rows[:, 1:].reshape(len(rows), -1, 3)
    if not np.shares_memory(rgb, rows):  # reshape copied instead of viewing: fill the rows another way
        rows[:, 1:] = np.ascontiguousarray(pixels[..., :3]).reshape(len(rows), -1)
        return
    for channel in range(3):
        rgb[..., channel] = pixels[..., channel]


def deflate(parts: list, prepare=None) -> bytes:
    """One zlib stream of the concatenated contiguous arrays parts[i][0] (after prepare(*parts[i]) fills each),
    the parts prepared and deflated in threads at once (numpy's copies and zlib let go of the interpreter)."""
    results: list = [None] * len(parts)

    def work(i: int) -> None:
        data = parts[i][0]
        try:
            if prepare is not None:
                prepare(*parts[i])
        finally:
            ready[i].set()  # set even on a failure, so the next slice never waits forever
        if i:
            # The end of the slice before primes this one's window, once that slice is filled.
            ready[i - 1].wait()
            prime = memoryview(parts[i - 1][0]).cast("B")[-_WINDOW:]
            packer = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15, zdict=prime)  # raw deflate: no header
        else:
            packer = zlib.compressobj(_LEVEL, zlib.DEFLATED, 15)
        body = packer.compress(data) + packer.flush(zlib.Z_FINISH if i == len(parts) - 1 else zlib.Z_SYNC_FLUSH)
        results[i] = (body, zlib.adler32(data), data.nbytes)

    ready = [threading.Event() for _ in parts]
    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(1, len(parts))]
    for thread in threads:
        thread.start()
    work(0)
    for thread in threads:
        thread.join()
    if any(r is None for r in results):
        raise RuntimeError("a slice of the PNG rows was not deflated")
    check = results[0][1]
    for _, adler, size in results[1:]:
        check = _adler32_combine(check, adler, size)
    if len(parts) == 1:
        return results[0][0]  # the whole stream, its own checksum included
    return b"".join(r[0] for r in results) + struct.pack(">I", check)


def _adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of two byte strings one after the other, from theirs (zlib's adler32_combine)."""
    a1, b1 = first & 0xFFFF, first >> 16
    a2, b2 = second & 0xFFFF, second >> 16
    a = (a1 + a2 - 1) % _ADLER_BASE
    b = (b1 + b2 + second_length * (a1 - 1)) % _ADLER_BASE
    return (b << 16) | a


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
