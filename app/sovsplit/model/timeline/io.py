"""Read and write timelines: dated polity features (start_date/end_date) in one GeoJSON, via scenario_io."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sovsplit.model.io.atomic import replace_atomic, write_atomic
from sovsplit.model.io.dated_features import END, ORDER, START, STATES, dated_states, is_dated, parse_date
from sovsplit.model.io.polity_reader import read_polities
from sovsplit.model.io.problems import InputError
from sovsplit.model.io.resources import default_scenario_path
from sovsplit.model.io.scenario_io import (
    FORMAT_VERSION,
    check_save_path,
    save_scenario,
    scenario_from_features,
    scenario_to_geojson,
)
from sovsplit.model.io.shipped_scenarios import resolve_scenario
from sovsplit.model.regions import RegionSet, default_regions
from sovsplit.model.scenario import Scenario
from sovsplit.model.timeline.timeline import State, Timeline, start_date


def load_timeline(path: Path | str | None = None, regions: RegionSet | None = None, **fields) -> Timeline:
    """Read a timeline; a file without dates is a timeline of one (undated) state. InputError on bad input.
    `fields` (name_field, id_field) name the polities' attributes as for load_scenario."""
    path = Path(path) if path is not None else default_scenario_path()
    regions = regions or default_regions()
    read = read_polities(path)
    if not is_dated(read):
        scenario = scenario_from_features(path, read, regions, **fields)
        return Timeline(scenario.name, regions, [State(None, scenario)], path=path, warnings=list(scenario.warnings))
    dated = dated_states(path, read)
    states, warnings = [], []
    for item in dated:
        scenario = scenario_from_features(path, item.read, regions, **fields)
        scenario.path = None  # a state is saved with its timeline, never alone over the timeline's file
        warnings += scenario.warnings
        states.append(State(item.start, scenario, item.title, item.note))
    # The timeline's title as scenario_io finds it (GeoJSON's `name`, a GeoPackage's title field, the stem).
    name = states[0].scenario.name
    for state in states:
        state.scenario.name = name
    return Timeline(name, regions, states, dated[-1].end, path, list(dict.fromkeys(warnings)))


def timeline_to_geojson(timeline: Timeline) -> str:
    """GeoJSON text: one feature per polity and span of states in which it stays the same, with start_date and
    end_date (ISO 8601, end exclusive, null = open-ended); state titles and notes in `sovsplit.states`.
    An undated one-state timeline is written exactly as its scenario."""
    if not timeline.dated:
        return scenario_to_geojson(timeline.states[0].scenario)
    runs: list[dict] = []  # features still open in the previous state: {"key", "properties", "geometry"}
    features: list[dict] = []
    entries = []
    for state in timeline.states:
        text = scenario_to_geojson(state.scenario)
        data = json.loads(text)
        member = data.get("sovsplit") or {}
        start = start_date(state).isoformat()
        entry: dict[str, Any] = {START: start, "title": state.title, "note": state.note}
        entry[ORDER] = list(state.scenario.polities)
        # Whatever else scenario_io keeps per scenario (notes, and any later additions) stays with the state.
        entry.update({k: v for k, v in member.items() if k != "version"})
        entries.append(entry)
        open_runs = []
        for feature, geometry in zip(data["features"], _geometry_texts(text, data["features"])):
            if geometry == "null":
                continue  # a polity without land in this state is simply absent from it (a null geometry is unreadable)
            key = (json.dumps(feature["properties"], sort_keys=True), geometry)
            previous = next((r for r in runs if r["key"] == key), None)
            if previous is None:
                props = {**feature["properties"], START: start, END: None}
                previous = {"key": key, "properties": props, "geometry": geometry}
                features.append(previous)
            open_runs.append(previous)
        for run in runs:
            if run not in open_runs:
                run["properties"][END] = start
        runs = open_runs
    end = timeline.end.isoformat() if timeline.end else None
    for run in runs:
        run["properties"][END] = end
    header = {
        "type": "FeatureCollection",
        "name": timeline.name,
        "sovsplit": {"version": FORMAT_VERSION, "annotations": [], STATES: entries},
    }
    body = ",\n".join(
        f'{{"type":"Feature","properties":{json.dumps(f["properties"], ensure_ascii=False)},"geometry":{f["geometry"]}}}'
        for f in features
    )
    return json.dumps(header, ensure_ascii=False)[:-1] + ',"features":[\n' + body + "\n]}\n"


def _geometry_texts(text: str, features: list[dict]) -> list[str]:
    """Each feature's geometry as scenario_io wrote it (one feature per line), so megabytes of coordinates are
    not encoded again; re-encoded from the parsed JSON if the text is laid out otherwise."""
    lines = [line.rstrip(",") for line in text.split("\n") if line.startswith('{"type":"Feature"')]
    marker = ',"geometry":'
    if len(lines) == len(features) and all(line.endswith("}") and marker in line for line in lines):
        return [line[line.rindex(marker) + len(marker) : -1] for line in lines]
    return [json.dumps(f["geometry"], separators=(",", ":")) for f in features]


def save_timeline(timeline: Timeline, path: Path | str, clobber: bool = True) -> None:
    """Write the timeline atomically as GeoJSON or GeoPackage (by the suffix; InputError for others). An
    undated timeline is saved as its one scenario."""
    path = check_save_path(path)
    if not timeline.dated:
        save_scenario(timeline.states[0].scenario, path, clobber=clobber)
    elif path.suffix.lower() == ".gpkg":
        from sovsplit.model.timeline.geopackage import write_timeline_geopackage

        replace_atomic(path, lambda tmp: write_timeline_geopackage(timeline, tmp), clobber=clobber)
    else:
        write_atomic(path, timeline_to_geojson(timeline), clobber=clobber)
    timeline.path = path


def split_date(word: str) -> tuple[str, dt.date | None]:
    """ "east-ussr-timeline@1941-06-22" → ("east-ussr-timeline", date); a word without a date is kept whole."""
    head, sep, tail = str(word).rpartition("@")
    if not sep or Path(word).exists():
        return str(word), None
    try:
        day = parse_date(tail)
    except ValueError:
        raise InputError(Path(head), f"@{tail}: not an ISO 8601 date (YYYY-MM-DD)") from None
    return head, day


def load_scenario_at(word: str, regions: RegionSet | None = None, **fields) -> tuple[Scenario, str]:
    """The scenario a command-line word names — a file or shipped name, with @DATE for a timeline's state —
    and a column name for it ("default", "east-ussr-timeline@1941-06-22")."""
    name, day = split_date(word)
    path = resolve_scenario(name)
    timeline = load_timeline(path, regions, **fields)
    if day is None:
        index = len(timeline.states) - 1
        scenario = timeline.states[index].scenario
        return scenario, path.stem if not timeline.dated else f"{path.stem}@{timeline.states[index].start}"
    if not timeline.dated:
        raise InputError(path, f"has no dated states, so @{day.isoformat()} picks nothing")
    try:
        state = timeline.state_at(day)
    except ValueError as exc:
        raise InputError(path, str(exc)) from None
    return state.scenario, f"{path.stem}@{day.isoformat()}"
