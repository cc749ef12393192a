"""What the first paint of a scenario needs, worked out on the loading worker so that the map shows it at once.

The polities' territories, land borders and label outlines are kept on disk as one entry per scenario
content (model/io/parse_cache.py): a scenario opened before, the default one at every start above all,
then needs no union, no coast matching and no simplification before it appears.
"""

from __future__ import annotations

import hashlib
import traceback

import numpy as np
import shapely

from sovsplit.model import coast, lod
from sovsplit.model.io.code_digest import source_digest
from sovsplit.model.io.parse_cache import cached_result
from sovsplit.model.io.resources import geodata_path
from sovsplit.model.projections import get_projection
from sovsplit.ui.layers import area_labels

_VERSION = b"first-paint-1"


def warm_scenario(scenario, projection_key: str):
    """`scenario`, with each polity's territory, land borders and label outline ready where the layers look
    them up; run on the worker before the window has the scenario, so nothing races."""
    try:
        _warm(scenario, projection_key)
    except Exception:  # only a head start: the layers compute (and report) it themselves when they paint
        traceback.print_exc()
    return scenario


def _warm(scenario, projection_key: str) -> None:
    # The regions projected (the canvas's extent and every band's paths start from them).
    lod.simplified_regions(scenario.regions, projection_key, 0.0)
    ids = list(scenario.polities)

    def compute():
        shapes = []
        for polity_id in ids:
            territory = scenario.geometry_of(polity_id)
            if territory.is_empty:
                shapes += [territory, shapely.MultiLineString(), shapely.Polygon()]
            else:
                shapes += [
                    territory,
                    coast.land_border_lines(territory),
                    area_labels.label_outline(territory, projection_key),
                ]
        return {"polities": ids}, shapes

    meta, shapes = cached_result(_key(scenario, ids, projection_key), "first-paint", compute)
    if meta.get("polities") != ids or len(shapes) != 3 * len(ids):
        return  # an entry that does not fit: the layers work it out when they paint
    for index, polity_id in enumerate(ids):
        territory, lines, outline = shapes[3 * index : 3 * index + 3]
        scenario.remember_territory(polity_id, territory)
        if not territory.is_empty:
            coast.remember_land_border_lines(territory, lines)
            area_labels.remember_label_outline(territory, projection_key, outline)


def _key(scenario, ids: list[str], projection_key: str) -> bytes:
    """Everything the shapes depend on: the parcels of each polity, the coastline, the projection, the code."""
    digest = hashlib.sha256(_VERSION + get_projection(projection_key).proj.encode())
    for module in (__file__, coast.__file__, area_labels.__file__):
        digest.update(source_digest(module))
    digest.update(hashlib.sha256(geodata_path("coastline.geojson").read_bytes()).digest())
    for polity_id in ids:
        geometries = np.array([p.geometry for p in scenario.parcels_of(polity_id)], dtype=object)
        digest.update(polity_id.encode() + b"\0" + str(len(geometries)).encode() + b"\0")
        digest.update(b"".join(shapely.to_wkb(geometries)) if len(geometries) else b"")
    return digest.digest()
