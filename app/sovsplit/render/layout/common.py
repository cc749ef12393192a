"""What every layout item shares: the page record, fonts, halos, cancellation and small text helpers."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from pyproj import Geod

from sovsplit.render.geometry import (
    project_xy,
)
from sovsplit.render.settings import ExportSettings
from sovsplit.render.style import Style

ATTRIBUTION = (
    "Data: borders and coast DCW-GMT via Debian gmt-dcw (LGPL) · cities GeoNames (CC BY 4.0) · "
    "modelled arable land from ERA5 climatology (Copernicus) · ports searoute (Apache-2.0) · "
    "map made with sovsplit"
)
HATCHES = ["", "////", "....", "\\\\\\\\", "xxx", "oo", "++"]
GEOD = Geod(ellps="WGS84")
# rc_context changes matplotlib's global settings: one export at a time inside it.
RC_LOCK = threading.Lock()
# The territory as one collection per set of polity geometries, so its projection is cached too.
LAND_CACHE: dict = {}


class ExportCancelled(Exception):
    """The user cancelled the export; no file was written."""


@dataclass
class MapFigure:
    """A rendered page: the figure, its map axes (data in projected metres) and what was placed on it."""

    figure: Figure
    ax: Axes | None  # set when the page is built
    style: Style
    settings: ExportSettings
    warnings: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    placed: list = field(default_factory=list)  # label_fit.PlacedLabel: every label drawn, with its box
    legend_box: tuple | None = None  # the legend's box in map metres (x0, y0, x1, y1), when it lies on the map
    map_box_in: tuple | None = None  # the map frame on the page in inches (x, y, width, height)

    def to_pixels(self, lon: float, lat: float) -> tuple[float, float]:
        """Pixel (column, row from the top) of a lon/lat point in the saved raster image."""
        if self.ax is None:
            raise ValueError("the page has not been built yet")
        x, y = project_xy(self.settings.projection, [lon], [lat])
        px, py = self.ax.transData.transform((float(x[0]), float(y[0])))
        return px, self.figure.bbox.height - py


class Checkpoint(Artist):
    """An invisible artist drawn between layers: reports progress and stops a cancelled export mid-draw."""

    def __init__(self, zorder: float, fraction: float, text: str, progress, cancel):
        super().__init__()
        self.set_zorder(zorder)
        self._args = (fraction, text)
        self._progress, self._cancel = progress, cancel

    def draw(self, renderer):
        if self._cancel():
            raise ExportCancelled()
        self._progress(*self._args)


def font(family: str) -> dict:
    """Font keywords; "X Condensed" becomes family X stretched, the way matplotlib indexes condensed faces."""
    if family.endswith(" Condensed"):
        return {"fontfamily": family[: -len(" Condensed")], "fontstretch": "condensed"}
    return {"fontfamily": family}


def halo_text(owner, style: Style, scale: float, *args, **kwargs):
    """Text over a halo: the halo is a stroked copy underneath, so the text itself stays real text in SVG/PDF.

    (A path effect on the text itself would turn every label into outlines in an SVG.)
    """
    zorder = kwargs.pop("zorder", 9)
    halo = owner.text(
        *args,
        **{**kwargs, "color": to_rgba(style.halo)},
        zorder=zorder - 0.01,
        path_effects=[patheffects.Stroke(linewidth=style.halo_width * scale, foreground=to_rgba(style.halo))],
    )
    halo.set_gid("halo")
    return owner.text(*args, **kwargs, zorder=zorder)


def cased(style: Style, text: str) -> str:
    if not style.uppercase_titles:
        return text
    # "USSRs" stays readable: words with inner capitals keep their lower-case plural.
    return " ".join(w if any(c.isupper() for c in w[1:]) else w.upper() for w in text.split(" "))


def stance_colour(style: Style, stance) -> str:
    text = str(stance or "").lower()
    if text in {"for", "pro", "supports", "support", "feasible", "holds", "true", "east"}:
        return style.annotation_for
    if text in {"against", "con", "refutes", "infeasible", "fails", "false", "west"}:
        return style.annotation_against
    return style.text


def shorten(text: str, limit: int = 42) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
