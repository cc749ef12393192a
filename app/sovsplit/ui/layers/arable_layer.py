"""The arable-land layer: a graduated choropleth of the arable fraction (a texture in greyscale styles)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPixmap

from sovsplit.model.arable.shapes import ArableShape, arable_shapes, default_arable_shapes
from sovsplit.render.colour_ramps import ARABLE_RAMP, arable_class, arable_class_label, arable_colour
from sovsplit.ui.canvas.geometry_paths import path_from_geometries, project_geometry
from sovsplit.ui.layers.map_layers import MapLayer, qcolor

# Opacity of a wash at fraction 0 and 1, as the exporter shades it; the legend swatches show those shades.
ALPHA_AT_ZERO, ALPHA_AT_ONE = 0.12, 0.55
MODEL_TITLE = "Arable land (modelled)"
# Over the polity colours a green wash turns red and ochre into mud, so the screen marks arable land with a
# texture in the style's arable colour that lets the polity colour show between its strokes: diagonal
# hatching for mostly arable land and a dot screen for thinly arable land, denser where more is arable.
HATCH_FROM = 0.5


def texture_spacing_px(fraction: float) -> float:
    """Distance between hatch lines (fraction ≥ HATCH_FROM) or dots (below), in device-independent pixels."""
    f = max(0.0, min(1.0, fraction))
    if f >= HATCH_FROM:
        return 9.0 - 4.0 * (f - HATCH_FROM) / (1.0 - HATCH_FROM)  # 9 px at one half, 5 px when all arable
    return 11.0 - 5.0 * f / HATCH_FROM  # 11 px near nothing, 6 px near one half


def texture_tile(colour: QColor, fraction: float, ratio: float = 1.0) -> QPixmap:
    """One seamless tile of the texture for a fraction, at a device pixel ratio."""
    spacing = texture_spacing_px(fraction)
    size = max(2, round(spacing * ratio))
    tile = QPixmap(size, size)
    tile.fill(Qt.transparent)
    painter = QPainter(tile)
    painter.setRenderHint(QPainter.Antialiasing)
    if fraction >= HATCH_FROM:
        pen = QPen(colour, 1.6 * ratio)
        pen.setCapStyle(Qt.FlatCap)
        painter.setPen(pen)
        for offset in (-size, 0, size):  # the neighbours' parts of the line keep the tile seamless
            painter.drawLine(QPointF(offset - 1, size + 1), QPointF(offset + size + 1, -1))
    else:
        painter.setPen(Qt.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QPointF(size / 2, size / 2), 1.25 * ratio, 1.25 * ratio)
    painter.end()
    return tile


def shade_alpha(fraction: float) -> float:
    return ALPHA_AT_ZERO + (ALPHA_AT_ONE - ALPHA_AT_ZERO) * max(0.0, min(1.0, fraction))


def layer_title(source) -> str:
    """ "Arable land (modelled)" for the shipped model, else the imported layer's name."""
    return MODEL_TITLE if source is None or getattr(source, "is_model", False) else f"Arable land: {source.name}"


def _percent(value: float) -> str:
    return f"{value * 100:.0f} %" if value * 100 >= 1 or value == 0 else f"{value * 100:.1g} %"


def class_label(shape: ArableShape, is_model: bool) -> str:
    """Legend text of one fraction class."""
    if shape.low == shape.high:
        if is_model:
            kind = "prime" if shape.fraction >= 0.5 else "marginal"
            return f"{kind} climate: {_percent(shape.fraction)} of the land arable"
        return f"{_percent(shape.fraction)} arable" if shape.fraction < 1.0 else "arable land"
    return f"{_percent(shape.low)}–{_percent(shape.high)} arable"


class ArableLayer(MapLayer):
    """Draws the arable source the statistics use (the shipped model or an imported raster or polygons).

    Shapes are built off the GUI thread (`prepare`, or the import job via `set_source`) and projected once per
    projection; painting fills one cached path per fraction class.
    """

    key = "arable"
    title = MODEL_TITLE

    def __init__(self, source=None, **kw):
        # Off by default: over the polity colours it is for those who ask for it (Layers dock).
        kw.setdefault("visible", False)
        super().__init__(**kw)
        self.source = source
        self.shapes: list[ArableShape] | None = None
        self._paths: list[tuple[float, QPainterPath]] | None = None
        self._tiles: dict[tuple, QPixmap] = {}

    # --- data ------------------------------------------------------------------------------------------------
    def prepare(self) -> None:
        """Build the shapes of the starting source (the shipped model unless one was given)."""
        if self.source is None:
            from sovsplit.model.arable.sources import default_arable_source

            self.source = default_arable_source()
        if self.shapes is None:
            self.shapes = list(default_arable_shapes()) if self.is_model else arable_shapes(self.source)

    def set_source(self, source, shapes: list[ArableShape]) -> None:
        """Show another arable source; `shapes` are its arable_shapes(), built by the caller off the GUI thread."""
        self.source = source
        self.shapes = shapes
        self.title = layer_title(source)
        self._paths = None
        if not self.is_model:
            self.visible = True  # off by default, but a layer the user imported is one they want to see
        if self.canvas is not None:
            self.canvas.layers_changed.emit()
        self.changed()

    @property
    def is_model(self) -> bool:
        return self.source is None or bool(getattr(self.source, "is_model", False))

    # --- canvas hooks ----------------------------------------------------------------------------------------
    def projection_changed(self) -> None:
        self._paths = None

    def style_changed(self) -> None:
        self._tiles.clear()
        self.changed()

    @property
    def view_dependent(self) -> bool:
        """A textured layer lays its texture out in screen pixels, so a moved image would not match a new strip."""
        return self.textured

    @property
    def textured(self) -> bool:
        """Greyscale styles cannot tell a ramp from the polities' greys: they keep the hatch and dot texture."""
        return bool(self.canvas is not None and getattr(self.canvas.style, "greyscale", False))

    def legend_items(self):
        """The swatches the map paints: the ramp classes that occur (most arable first), or the textures."""
        if self.canvas is None:
            return []
        base = qcolor(self.canvas.style.arable_fill)
        items = [(self.title if not self.is_model else MODEL_TITLE, base)]
        if self.textured:
            for shape in reversed(self.shapes or []):
                items.append((class_label(shape, self.is_model), self.blended(shape.fraction)))
            return items
        used = sorted({arable_class(s.fraction) for s in self.shapes or []}, reverse=True)
        return items + [(arable_class_label(i), QColor(ARABLE_RAMP[i])) for i in used]

    def blended(self, fraction: float) -> QColor:
        """The exporter's wash for a fraction as it looks over a white page (the legend shows opaque swatches)."""
        fill = qcolor(self.canvas.style.arable_fill)
        a = shade_alpha(fraction)
        return QColor.fromRgbF(1 - a + a * fill.redF(), 1 - a + a * fill.greenF(), 1 - a + a * fill.blueF())

    def class_paths(self) -> list[tuple[float, QPainterPath]]:
        """(fraction, projected path) per class, least arable first; built on first paint after a change."""
        if self._paths is None:
            transformer = self.canvas.transformer
            self._paths = [
                (s.fraction, path_from_geometries([project_geometry(s.geometry, transformer)]))
                for s in self.shapes or []
            ]
        return self._paths

    def texture(self, fraction: float, ratio: float) -> QPixmap:
        key = (round(texture_spacing_px(fraction), 2), fraction >= HATCH_FROM, ratio)
        if key not in self._tiles:
            self._tiles[key] = texture_tile(qcolor(self.canvas.style.arable_fill), fraction, ratio)
        return self._tiles[key]

    def paint(self, painter, canvas) -> None:
        if not self.shapes:
            return
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        # The texture is laid out in device pixels, whatever the zoom: undo the map transform for the brush.
        to_device, _ = painter.worldTransform().inverted()
        painter.setPen(Qt.NoPen)
        if not self.textured:
            for fraction, path in self.class_paths():
                painter.setBrush(QColor(arable_colour(fraction)))
                painter.drawPath(path)
            return
        for fraction, path in self.class_paths():
            brush = QBrush(self.texture(fraction, ratio))
            brush.setTransform(to_device)
            painter.setBrush(brush)
            painter.drawPath(path)
