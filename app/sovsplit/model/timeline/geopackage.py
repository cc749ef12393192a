"""A timeline as one GeoPackage: each state written by the scenario GeoPackage writer, its rows dated.

Every row of the `polities` and `parcels` layers carries `start_date` and `end_date` (DateTime fields, end
exclusive, null = open-ended), so QGIS's Temporal Controller animates the file and each row keeps the statistics
of its state. The metadata table adds the states' titles and notes; the style colours every polity of any state.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from sovsplit.model.io.dated_features import END, START, STATES
from sovsplit.model.io.geopackage import METADATA, PARCELS, POLITIES, STYLES, write_geopackage
from sovsplit.model.session import copy_scenario
from sovsplit.model.timeline.timeline import Timeline, start_date


def write_timeline_geopackage(timeline: Timeline, path: Path) -> None:
    """Write the timeline to `path`, a new file (the caller writes to a temporary name and renames it)."""
    import pandas as pd
    import pyogrio

    polities: list[pd.DataFrame] = []
    parcels: list[pd.DataFrame] = []
    with tempfile.TemporaryDirectory(prefix="sovsplit-timeline-") as folder:
        for index, state in enumerate(timeline.states):
            single = Path(folder) / f"state-{index}.gpkg"
            write_geopackage(state.scenario, single)
            end = timeline.end_of(index)
            for layer, frames in ((POLITIES, polities), (PARCELS, parcels)):
                frame = pyogrio.read_dataframe(single, layer=layer)
                frame[START] = pd.Timestamp(state.start)
                frame[END] = pd.Timestamp(end) if end is not None else pd.NaT
                frames.append(frame)
        # The metadata and a style over every polity of any state, from the writer itself.
        union = _all_polities(timeline)
        whole = Path(folder) / "all.gpkg"
        write_geopackage(union, whole)
        meta = pyogrio.read_dataframe(whole, layer=METADATA, read_geometry=False)
        styles = pyogrio.read_dataframe(whole, layer=STYLES, read_geometry=False)
    write = dict(driver="GPKG", promote_to_multi=True)
    pyogrio.write_dataframe(pd.concat(polities, ignore_index=True), path, layer=POLITIES, **write)
    pyogrio.write_dataframe(pd.concat(parcels, ignore_index=True), path, layer=PARCELS, **write)
    entries = [
        {
            START: start_date(s).isoformat(),  # save_timeline writes only a dated timeline here
            "title": s.title,
            "note": s.note,
            "polities": list(s.scenario.polities),
            "annotations": s.scenario.annotations,
        }
        for s in timeline.states
    ]
    # Read back by model/io/geopackage.py's read_members as the `sovsplit.states` member.
    extra = pd.DataFrame({"key": [STATES], "value": [json.dumps(entries, ensure_ascii=False)]})
    pyogrio.write_dataframe(pd.concat([meta, extra], ignore_index=True), path, layer=METADATA)
    pyogrio.write_dataframe(styles, path, layer=STYLES)


def _all_polities(timeline: Timeline):
    """The last state with every polity of the timeline listed (those of earlier states holding no land)."""
    scenario = copy_scenario(timeline.states[-1].scenario)
    scenario.name = timeline.name
    for state in timeline.states:
        for polity in state.scenario.polities.values():
            if polity.id not in scenario.polities:
                scenario.put_polity(polity)
    return scenario
