"""Reading a map image (PNG, JPEG, TIFF, WebP) into an RGB array, and sRGB ↔ CIELAB conversion."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sovsplit.model.io.problems import InputError

FORMATS = {"PNG", "JPEG", "TIFF", "WEBP", "MPO"}  # MPO: JPEGs from cameras that PIL names so
MAX_PIXELS = 120_000_000  # a huge scan is refused before it fills the memory


@dataclass(frozen=True)
class MapImage:
    """An image as an (height, width, 3) uint8 RGB array; pixel (0, 0) is the top-left corner."""

    rgb: np.ndarray = field(repr=False)
    path: Path | None = None

    @property
    def width(self) -> int:
        return int(self.rgb.shape[1])

    @property
    def height(self) -> int:
        return int(self.rgb.shape[0])


def load_image(path: Path | str) -> MapImage:
    """Read an image; InputError (one line naming the file) if it is missing, unreadable or not a map image."""
    from PIL import Image, UnidentifiedImageError

    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such image file")
    try:
        with Image.open(path) as img:
            if img.format not in FORMATS:
                raise InputError(path, f"{img.format} images are not supported (use PNG, JPEG, TIFF or WebP)")
            if img.width * img.height > MAX_PIXELS:
                raise InputError(path, f"the image is too large ({img.width}×{img.height} pixels)")
            rgb = np.asarray(_flatten(img), dtype=np.uint8)
    except InputError:
        raise
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise InputError(path, f"not a readable image ({exc.__class__.__name__})") from None
    return MapImage(rgb, path)


def _flatten(img):
    """RGB; a transparent background becomes white, as it looks in a browser."""
    from PIL import Image

    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return img.convert("RGB")


# sRGB (D65) → XYZ, and the D65 white point, from the sRGB and CIE 1976 L*a*b* definitions.
_RGB_TO_XYZ = np.array(
    [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
)
_WHITE = np.array([0.95047, 1.0, 1.08883])


def rgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """(…, 3) uint8 or 0–255 floats → (…, 3) float32 CIELAB (L* 0–100)."""
    c = np.asarray(rgb, np.float32) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = (lin @ _RGB_TO_XYZ.T.astype(np.float32)) / _WHITE.astype(np.float32)
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    lab = np.empty_like(f)
    lab[..., 0] = 116 * f[..., 1] - 16
    lab[..., 1] = 500 * (f[..., 0] - f[..., 1])
    lab[..., 2] = 200 * (f[..., 1] - f[..., 2])
    return lab


def lab_to_hex(lab) -> str:
    """One CIELAB colour → "#rrggbb" (clipped to the sRGB gamut)."""
    L, a, b = (float(v) for v in lab)
    fy = (L + 16) / 116
    f = np.array([fy + a / 500, fy, fy - b / 200])
    xyz = np.where(f > 6 / 29, f**3, 3 * (6 / 29) ** 2 * (f - 4 / 29)) * _WHITE
    lin = np.linalg.solve(_RGB_TO_XYZ, xyz)
    c = np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * np.clip(lin, 0, None) ** (1 / 2.4) - 0.055)
    r, g, b_ = (int(v) for v in np.rint(np.clip(c, 0, 1) * 255))
    return f"#{r:02x}{g:02x}{b_:02x}"


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """ "#rrggbb" (or "rrggbb", "#rgb") → (r, g, b); ValueError otherwise."""
    text = colour.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    if len(text) != 6 or any(ch not in "0123456789abcdefABCDEF" for ch in text):
        raise ValueError(f"{colour!r} is not a colour like #RRGGBB")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
