"""A scenario as a GeoPackage QGIS opens in its colours: polities with statistics, parcels, notes, metadata, style."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from sovsplit.model.antimeridian import wrap
from sovsplit.model.io.polity_fields import NOTES_FIELD, TITLE_FIELD
from sovsplit.model.io.qgis_style import categorized_qml, categorized_sld
from sovsplit.model.scenario import Scenario
from sovsplit.model.trace.image_ref import images_to_json

if TYPE_CHECKING:
    from sovsplit.model.report import PolityStats

POLITIES, PARCELS, NOTES, METADATA, STYLES = "polities", "parcels", "notes", "sovsplit_metadata", "layer_styles"
GEOMETRY_COLUMN = "geom"  # GDAL's name for a GeoPackage geometry column; the style row must name it
FORMAT_VERSION = 1


def write_geopackage(scenario: Scenario, path: Path) -> None:
    """Write every layer to `path`, a new file (the caller writes to a temporary name and renames it)."""
    import geopandas as gpd
    import pyogrio

    from sovsplit.model.report import scenario_report

    report = {p.id: p for p in scenario_report(scenario).polities}
    polities = gpd.GeoDataFrame(
        [_polity_row(scenario, pid, report[pid], first=n == 0) for n, pid in enumerate(scenario.polities)],
        geometry=[wrap(scenario.geometry_of(pid)) for pid in scenario.polities],
        crs="EPSG:4326",
    )
    write = dict(driver="GPKG", promote_to_multi=True)
    pyogrio.write_dataframe(polities, path, layer=POLITIES, **write)
    names = {pid: p.name for pid, p in scenario.polities.items()}
    parcels = gpd.GeoDataFrame(
        [
            {
                "id": parcel.id,
                "region_id": parcel.region_id,
                "region_name": scenario.regions[parcel.region_id].name,
                "owner": scenario.owner[parcel.id],
                "owner_name": names.get(owner) if (owner := scenario.owner[parcel.id]) is not None else None,
            }
            for parcel in scenario.parcels.values()
        ],
        geometry=[wrap(parcel.geometry) for parcel in scenario.parcels.values()],
        crs="EPSG:4326",
    )
    pyogrio.write_dataframe(parcels, path, layer=PARCELS, **write)
    notes = _notes_frame(scenario)
    if notes is not None:
        pyogrio.write_dataframe(notes, path, layer=NOTES, driver="GPKG")
    meta = {
        "format": "sovsplit scenario",
        "version": str(FORMAT_VERSION),
        "title": scenario.name,
        "annotations": json.dumps(scenario.annotations, ensure_ascii=False),
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    # What the GeoJSON keeps in its `sovsplit` member too, so saving as GeoPackage loses no work: the map images
    # traced over (paths relative to the file) and the imported arable layer the numbers were counted with.
    if scenario.images:
        meta["images"] = json.dumps(images_to_json(scenario.images, path), ensure_ascii=False)
    if scenario.arable is not None:
        meta["arable"] = json.dumps(scenario.arable.to_json(), ensure_ascii=False)
    pyogrio.write_dataframe(pd.DataFrame({"key": list(meta), "value": list(meta.values())}), path, layer=METADATA)
    pyogrio.write_dataframe(_style_table(scenario), path, layer=STYLES)


def _polity_row(scenario: Scenario, pid: str, stats: PolityStats, first: bool) -> dict:
    polity = scenario.polities[pid]
    whole, part = scenario.region_holdings(pid)
    ports = stats.ports
    row = {
        "id": polity.id,
        "name": polity.name,
        "capital": polity.capital,
        "colour": polity.colour,
        # Comma-separated, as QGIS writes lists to a GeoPackage: every GIS shows and keeps it as text.
        "regions": ",".join(whole),
        "pieces": ",".join(part),
        "area_km2": stats.area_km2,
        "share_of_ussr_pct": round(100 * stats.share_of_ussr, 4),
        "coastline_km": stats.coastline_km,
        "arable_km2": stats.arable_km2,
        "arable_share_pct": round(100 * stats.arable_share, 4),
        "ports": ports.count,
        "ports_year_round": ports.year_round,
        "ice_free_pacific": bool(ports.ice_free_pacific),
        "ports_held": ", ".join(p.name for p in ports.held),
    }
    if stats.population is not None:
        row["population"] = stats.population
    # The title on every polity and the notes on the first: a GIS "Save As" of this layer keeps both.
    row[TITLE_FIELD] = scenario.name
    row[NOTES_FIELD] = json.dumps(scenario.annotations, ensure_ascii=False) if first else None
    return row


def _notes_frame(scenario: Scenario):
    import geopandas as gpd
    import shapely

    rows, points = [], []
    for note in scenario.annotations:
        geometry = note.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") != "Point":
            continue
        rows.append(
            {
                key: (json.dumps(note.get(key)) if key == "rule" else note.get(key))
                for key in ("id", "title", "text", "topic", "stance", "explanation", "rule")
            }
        )
        points.append(shapely.from_geojson(json.dumps(geometry)))
    if not rows:
        return None
    return gpd.GeoDataFrame(rows, geometry=points, crs="EPSG:4326")


def _style_table(scenario: Scenario) -> pd.DataFrame:
    """One row of QGIS's `layer_styles` table: the default style of the polities layer."""
    polities = list(scenario.polities.values())
    return pd.DataFrame(
        {
            "f_table_catalog": [""],
            "f_table_schema": [""],
            "f_table_name": [POLITIES],
            "f_geometry_column": [GEOMETRY_COLUMN],
            "styleName": ["sovsplit polities"],
            "styleQML": [categorized_qml(polities)],
            "styleSLD": [categorized_sld(POLITIES, polities)],
            "useAsDefault": [True],
            "description": [f"Polities of {scenario.name} in their colours (written by sovsplit)"],
            "owner": [""],
            "ui": [""],
            "update_time": [datetime.now(UTC).replace(tzinfo=None)],
        }
    )


def read_members(path: Path) -> dict:
    """The title and notes of a sovsplit GeoPackage as GeoJSON's foreign members ({} for other files)."""
    import pyogrio

    if METADATA not in {name for name, _ in pyogrio.list_layers(path)}:
        return {}
    table = pyogrio.read_dataframe(path, layer=METADATA, read_geometry=False)
    meta = dict(zip(table["key"], table["value"]))
    members: dict = {}
    if isinstance(meta.get("title"), str):
        members["name"] = meta["title"]
    try:
        annotations = json.loads(meta.get("annotations") or "[]")
    except json.JSONDecodeError:
        annotations = []
    members["sovsplit"] = {"version": int(meta.get("version") or FORMAT_VERSION), "annotations": annotations}
    # A timeline's states (titles, notes; model/timeline/geopackage.py), as in a GeoJSON's `sovsplit` member.
    try:
        states = json.loads(meta.get("states") or "[]")
    except json.JSONDecodeError:
        states = []
    if isinstance(states, list) and states:
        members["sovsplit"]["states"] = states
    for key in ("images", "arable"):  # read back by scenario_io as from a GeoJSON (None when absent or broken)
        try:
            members["sovsplit"][key] = json.loads(meta.get(key) or "null")
        except json.JSONDecodeError:
            pass
    return members
