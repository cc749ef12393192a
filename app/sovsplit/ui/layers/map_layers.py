"""The canvas's layer catalogue: the MapLayer base that others extend (from base.py) and the built-in layers."""

from __future__ import annotations

from sovsplit.ui.layers.base import MapLayer, cosmetic_pen, qcolor
from sovsplit.ui.layers.reference_layers import CitiesLayer, CoastlineLayer, GraticuleLayer, NeighboursLayer, OceanLayer
from sovsplit.ui.layers.scenario_layers import PolitiesLayer, RegionBoundariesLayer

# MapLayer and the helpers are imported from here by the other layers and the canvas.
__all__ = ["MapLayer", "cosmetic_pen", "default_layers", "qcolor"]


def default_layers() -> list[MapLayer]:
    """The built-in layers, bottom first."""
    return [
        OceanLayer(),
        NeighboursLayer(),
        GraticuleLayer(),
        PolitiesLayer(),
        RegionBoundariesLayer(),
        CoastlineLayer(),
        CitiesLayer(),
    ]
