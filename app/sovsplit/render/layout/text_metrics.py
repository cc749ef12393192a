"""Text extents measured once per text, font and resolution, and remembered across pages and exports."""

from __future__ import annotations

import threading

from matplotlib import rcParams
from matplotlib.figure import Figure

from sovsplit.render.layout import text_store
from sovsplit.render.layout.common import font

# A page measures about a hundred distinct texts (legend rows, place names at their sizes, polity names at
# falling sizes); a few pages' worth stays remembered.
_LIMIT = 4096
_sizes: dict[tuple, tuple[float, float]] = {}
_lock = threading.Lock()
# The sizes kept on disk (text_store.py) are read at the first measurement; `_measured` counts the new ones.
_environment: bytes | None = None
_measured = 0
_laid_out = 0


def text_size(
    fig: Figure, renderer, text: str, size: float, family: str, weight: str = "normal", style: str = "normal"
) -> tuple[float, float]:
    """Width and height in inches of `text` as matplotlib lays it out on `fig` (a Text measured by `renderer`).

    The same text, font and dpi always measure the same, so the answer is remembered: measuring means laying
    the text out with FreeType, the largest share of the time spent placing a page's labels.
    """
    dpi = float(fig.dpi)
    # Hinting and kerning change the glyph advances, and math text has its own fonts: part of the key.
    key = (
        text,
        float(size),
        family,
        weight,
        style,
        dpi,
        rcParams["text.hinting"],
        rcParams["text.hinting_factor"],
        rcParams["text.kerning_factor"],
        rcParams["text.parse_math"],
        rcParams["mathtext.fontset"],
    )
    hit = _sizes.get(key)
    if hit is not None:
        return hit
    if _environment is None:
        _load_stored()
        hit = _sizes.get(key)
        if hit is not None:
            return hit
    t = fig.text(0, 0, text, fontsize=size, **font(family), fontweight=weight, fontstyle=style)
    box = t.get_window_extent(renderer)
    t.remove()
    value = (box.width / dpi, box.height / dpi)
    _remember(key, value)
    return value


def _remember(key: tuple, value: tuple[float, float]) -> None:
    global _measured, _laid_out
    with _lock:
        if len(_sizes) >= _LIMIT:
            _sizes.clear()
        _sizes[key] = value
        _measured += 1
        _laid_out += 1


def laid_out() -> int:
    """How many texts this process has laid out to measure them (the others were remembered or stored)."""
    return _laid_out


def _load_stored() -> None:
    global _environment
    environment = text_store.environment_digest()
    stored = text_store.load(environment)
    with _lock:
        if _environment is None:
            for key, value in list(stored.items())[-_LIMIT // 2 :]:
                _sizes.setdefault(key, value)
            _environment = environment


def save_measured() -> None:
    """Keep the sizes measured in this process on disk (after a page is laid out), if any are new."""
    global _measured
    with _lock:
        if _environment is None or not _measured:
            return
        sizes, _measured = dict(_sizes), 0
    text_store.save(_environment, sizes)
