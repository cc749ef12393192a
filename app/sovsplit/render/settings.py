"""What an export looks like: paper, resolution, extent, projection, layers and furniture (ExportSettings)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from sovsplit.model.projections import DEFAULT_PROJECTION, PROJECTIONS

if TYPE_CHECKING:  # only named in annotations: settings stay cheap to import
    from sovsplit.model.annotations.map_records import MapAnnotation
    from sovsplit.model.report import ScenarioReport

# Every layer the exporter can draw, bottom first; the canvas uses the same keys.
LAYERS = (
    "neighbours",
    "graticule",
    "polities",
    "arable",
    "regions",
    "coastline",
    "seas",
    "ports",
    "cities",
    "annotations",
)
DEFAULT_LAYERS = frozenset({"neighbours", "graticule", "polities", "regions", "coastline", "seas", "cities"})
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".tif": "tif", ".tiff": "tif"}
PAPER_MM = {"A5": (148.0, 210.0), "A4": (210.0, 297.0), "A3": (297.0, 420.0), "A2": (420.0, 594.0)}
MM_PER_INCH = 25.4
MAX_PIXELS = 20000 * 20000
_CUSTOM = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*(px|in|mm)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Paper:
    """A page size: inches for vector output, and exact pixels when the user asked for pixels."""

    width_in: float
    height_in: float
    pixels: tuple[int, int] | None = None
    name: str = ""


def parse_paper(text: str, dpi: float = 100.0) -> Paper:
    """ "A4", "A3", "1600x1000px", "8x6in" or "300x200mm"; ValueError with one line otherwise."""
    key = text.strip().upper()
    if key in PAPER_MM:
        w, h = PAPER_MM[key]
        return Paper(w / MM_PER_INCH, h / MM_PER_INCH, name=key)
    match = _CUSTOM.match(text)
    if not match:
        raise ValueError(f"size {text!r} is not A5, A4, A3, A2, WxHpx, WxHin or WxHmm (e.g. 1600x1000px)")
    w, h, unit = float(match[1]), float(match[2]), match[3].lower()
    if w <= 0 or h <= 0:
        raise ValueError(f"size {text!r} must be larger than zero")
    if unit == "px":
        if w < 100 or h < 100:
            raise ValueError(f"size {text!r} is too small (at least 100x100px)")
        return Paper(w / dpi, h / dpi, pixels=(round(w), round(h)), name=text.strip())
    scale = 1.0 if unit == "in" else 1.0 / MM_PER_INCH
    if w * scale < 1 or h * scale < 1 or w * scale > 100 or h * scale > 100:
        raise ValueError(f"size {text!r} must be between 1 and 100 inches a side")
    return Paper(w * scale, h * scale, name=text.strip())


def parse_extent(text: str) -> str | tuple[float, float, float, float]:
    """ "ussr" or "W,S,E,N" in degrees (east longitudes may run past 180, e.g. 190 for Chukotka)."""
    if text.strip().lower() == "ussr":
        return "ussr"
    try:
        w, s, e, n = (float(v) for v in text.split(","))
    except ValueError:
        raise ValueError(f"extent {text!r} is not 'ussr' or four numbers W,S,E,N (e.g. 20,35,190,82)") from None
    return check_extent((w, s, e, n))


def check_extent(box) -> tuple[float, float, float, float]:
    w, s, e, n = (float(v) for v in box)
    if w < 180.0 > e and e < w:
        e += 360.0  # a box across 180° given with a negative east longitude
    if not (-180.0 <= w < e <= 360.0) or e - w > 300.0:
        raise ValueError(f"extent {w:g},{s:g},{e:g},{n:g}: west must be less than east (−180…360°, at most 300° wide)")
    if not (-85.0 <= s < n <= 90.0):
        raise ValueError(f"extent {w:g},{s:g},{e:g},{n:g}: south must be less than north (−85…90°)")
    return (w, s, e, n)


@dataclass(frozen=True)
class ExportSettings:
    """Everything that decides how a map export looks; the GUI dialog and `sovsplit export` fill it in."""

    style: object = None  # a Style, a style key or path, or None for the default style
    dpi: float = 150.0
    paper: str = "A4"
    landscape: bool = False
    title: str | None = None  # None: the scenario's name; "": no title
    subtitle: str | None = None  # None: derived from the scenario's name
    legend: bool = True
    scale_bar: bool = True
    north_arrow: bool = True
    attribution: bool = True
    extent: str | tuple[float, float, float, float] = "ussr"  # "ussr" or (west, south, east, north) in degrees
    projection: str = DEFAULT_PROJECTION
    layers: frozenset = field(default=DEFAULT_LAYERS)
    # Callouts (model.annotations.map_records.MapAnnotation); None: the shipped arguments and the scenario's notes.
    annotations: list[MapAnnotation] | None = None
    # Also show the arguments the numbers cannot test (hidden by default: they crowd the map and settle nothing).
    include_untestable: bool = False
    # A series of maps (one per state of a timeline): the (name, figures) of every polity row of every page, so
    # each page's frame is fitted around the same legend, whatever its own state holds.
    legend_reserve: tuple[tuple[str, str], ...] = ()
    # ...and the most polity rows any one page has: every page draws its legend box that tall, no taller.
    legend_reserve_rows: int = 0
    world_file: bool = False  # PNG: also write a world file (.pgw) and .prj (render/georef_output.py)
    # The scenario's statistics (model.report.ScenarioReport) for the legend's figures; None: computed.
    report: ScenarioReport | None = None

    def __post_init__(self):
        if self.projection not in PROJECTIONS:
            raise ValueError(f"unknown projection {self.projection!r}; choose one of {', '.join(PROJECTIONS)}")
        if not 10 <= float(self.dpi) <= 1200:
            raise ValueError(f"dpi {self.dpi:g} must be between 10 and 1200")
        unknown = set(self.layers) - set(LAYERS)
        if unknown:
            raise ValueError(f"unknown layer {sorted(unknown)[0]!r}; choose from {', '.join(LAYERS)}")
        if self.extent != "ussr":
            object.__setattr__(self, "extent", check_extent(self.extent))
        object.__setattr__(self, "layers", frozenset(self.layers))
        parse_paper(self.paper, self.dpi)
        w, h = self.page_pixels()
        if w * h > MAX_PIXELS:
            raise ValueError(f"{w}x{h} pixels is too large an image (at most {MAX_PIXELS // 10**6} megapixels)")

    def with_changes(self, **changes) -> ExportSettings:
        return replace(self, **changes)

    def page_inches(self) -> tuple[float, float]:
        paper = parse_paper(self.paper, self.dpi)
        w, h = paper.width_in, paper.height_in
        if paper.pixels is None and (w > h) != self.landscape and w != h:
            w, h = h, w  # named and custom sizes turn with the orientation; pixel sizes are taken as given
        return w, h

    def page_pixels(self) -> tuple[int, int]:
        paper = parse_paper(self.paper, self.dpi)
        if paper.pixels is not None:
            return paper.pixels
        w, h = self.page_inches()
        return round(w * self.dpi), round(h * self.dpi)
