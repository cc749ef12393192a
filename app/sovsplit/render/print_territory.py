"""A scenario's territories and their projection for print, kept on disk by the parcels each polity unites.

A first export in a fresh process united every polity's parcels (about 65 ms for the default scenario) and
densified and projected the territories (about 45 ms) before it laid out anything, the same work as the last
export of that scenario. Both results are stored in the parse cache (model/io/parse_cache.py) under a hash of
the parcels of each polity, the projection, the library versions and the code that makes them, and read back
in a few milliseconds; the shapes are exactly those Scenario.geometry_of and render/geometry.py's `projected`
make. Meant for a scenario just read (the command line): one whose territories are already worked out keeps
them, and the caches keyed by them.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pyproj
import shapely

from sovsplit.model import projections
from sovsplit.model import scenario as scenario_module
from sovsplit.model.io.code_digest import source_digest
from sovsplit.model.io.parse_cache import cached_result
from sovsplit.model.projections import get_projection
from sovsplit.render import geometry
from sovsplit.render.geometry import projected, remember_projected

_VERSION = b"sovsplit-print-territory-1"


def warm_territories(scenario, projection_key: str) -> None:
    """Give a freshly read `scenario` its territories, and the projection of each, from the disk cache (or work
    them out and store them for the next process)."""
    ids = list(scenario.polities) + [None]  # None: the unclaimed territory

    def compute():
        shapes = []
        for polity_id in ids:
            territory = scenario.geometry_of(polity_id)
            shapes += [territory, shapely.Polygon() if territory.is_empty else projected(territory, projection_key)]
        return {"polities": ids}, shapes

    meta, shapes = cached_result(_key(scenario, ids, projection_key), "print-territory", compute)
    if meta.get("polities") != ids or len(shapes) != 2 * len(ids):
        return  # an entry that does not fit: the page works them out itself
    for index, polity_id in enumerate(ids):
        territory, flat = shapes[2 * index : 2 * index + 2]
        scenario.remember_territory(polity_id, territory)
        if not territory.is_empty:
            remember_projected(territory, projection_key, flat)


def _key(scenario, ids: list, projection_key: str) -> bytes:
    """Everything the shapes depend on: each polity's parcels, the projection, the libraries and the code."""
    digest = hashlib.sha256(_VERSION + get_projection(projection_key).proj.encode())
    for module in (__file__, scenario_module.__file__, geometry.__file__, projections.__file__):
        digest.update(source_digest(module))
    for version in (pyproj.__version__, pyproj.proj_version_str, shapely.geos_version_string):
        digest.update(version.encode() + b"\0")
    for polity_id in ids:
        parcels = np.array([p.geometry for p in scenario.parcels_of(polity_id)], dtype=object)
        digest.update(str(polity_id).encode() + b"\0" + str(len(parcels)).encode() + b"\0")
        digest.update(b"".join(shapely.to_wkb(parcels)) if len(parcels) else b"")
    return digest.digest()
