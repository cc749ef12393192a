"""The state every layout item of a page reads, declared once so each item (a PageBuilder part) type-checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox, Transform
from shapely.geometry.base import BaseGeometry

from sovsplit.model.annotations.map_records import MapAnnotation
from sovsplit.render.layout.common import MapFigure
from sovsplit.render.settings import ExportSettings
from sovsplit.render.style import Style


class PageParts:
    """Attributes and shared methods that PageBuilder sets up and its parts (legend, scale bar, …) use."""

    scenario: Any  # a Scenario or a snapshot of one (render/ takes anything shaped like it)
    settings: ExportSettings
    style: Style
    fig: Figure
    renderer: Any  # the backend's renderer (matplotlib gives no common type)
    page: MapFigure
    progress: Callable[[float, str], None]
    cancel: Callable[[], bool]
    key: str  # the projection's key
    layers: frozenset[str]
    W: float  # page width in inches
    H: float  # page height in inches
    k: float  # type scale relative to A4
    legend_k: float  # the legend's own type scale (larger under a map on a tall page)
    margin: float
    inch: Transform  # inches on the page -> display
    ax: Axes
    tol: float  # simplification tolerance in projected metres
    raster: bool
    extent: tuple[float, float, float, float]
    map_box_in: tuple[float, float, float, float]
    polities: list[tuple[str | None, BaseGeometry]]
    obstacles: list[Bbox]
    fill_paths: list
    _callouts: list[MapAnnotation] | None
    _measured: dict[str, str]  # argument id -> the figures its verdict rests on
    _must: set[str] | None  # the names that must be labelled, once worked out (labels.py)

    def text_size(
        self, text: str, size: float, family: str, weight: str = "normal", style: str = "normal"
    ) -> tuple[float, float]:
        raise NotImplementedError

    def _land(self) -> BaseGeometry:
        raise NotImplementedError

    def _fill(self, pid: str | None) -> str:
        raise NotImplementedError

    def _north_arrow(self, x_in: float, y_in: float, length: float) -> None:
        raise NotImplementedError

    def _annotations(self) -> list[MapAnnotation]:
        raise NotImplementedError

    def _note_colour(self, note: MapAnnotation) -> str:
        raise NotImplementedError
