"""`sovsplit timeline`: each state of a timeline and each polity's area, population, arable land and ports."""

from __future__ import annotations

import json
import sys

from sovsplit.commands.common import add_field_options
from sovsplit.commands.tables import csv_table, text_table
from sovsplit.model.io.shipped_scenarios import resolve_scenario
from sovsplit.model.timeline.io import load_timeline, save_timeline
from sovsplit.model.timeline.stats import TimelineRow, TimelineStats, timeline_table

HEADERS = [
    "from",
    "until",
    "polity",
    "area km²",
    "share of USSR %",
    "population",
    "arable km²",
    "ports",
    "ice-free ports",
    "ice-free Pacific port",
]
# Machine-readable column names: the metric keys of `stats` and `compare --format csv`, with the state's dates.
CSV_HEADERS = [
    "start_date",
    "end_date",
    "id",
    "polity",
    "area_km2",
    "share_of_ussr_pct",
    "population",
    "arable_km2",
    "ports",
    "ports_year_round",
    "ice_free_pacific",
]


def add_parser(sub) -> None:
    p = sub.add_parser(
        "timeline",
        help="statistics of every state of a timeline (area, population, arable land, ports)",
        description="One row per state and polity of a dated scenario (a file without dates is one state).",
    )
    p.add_argument("scenario", help="timeline file or shipped name (e.g. east-ussr-timeline)")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    add_field_options(p)
    p.add_argument(
        "-o", "--output", metavar="OUT.geojson|OUT.gpkg", help="also write the timeline (dated features) to OUT"
    )
    p.add_argument("--chart", metavar="OUT.png|svg|pdf", help="also draw the figures across the states as a chart")


def run(args) -> int:
    fields = {"name_field": args.name_field, "id_field": args.id_field}
    timeline = load_timeline(resolve_scenario(args.scenario), **fields)
    for warning in timeline.warnings:
        print(f"sovsplit timeline: warning: {warning}", file=sys.stderr)
    stats = TimelineStats(timeline)
    rows = timeline_table(timeline, stats)
    arable = stats.engine(timeline.states[0]).arable_source.description
    if args.output:
        save_timeline(timeline, args.output)
    if args.chart:
        from sovsplit.render.timeline_chart import save_chart, timeline_chart

        try:
            save_chart(timeline_chart(rows, timeline.name.partition(": ")[0], timeline.end), args.chart)
        except ValueError as exc:
            print(f"sovsplit timeline: {exc}", file=sys.stderr)
            return 2
    print(format_timeline(timeline, rows, args.format, arable))
    return 0


def _date(day) -> str:
    return day.isoformat() if day is not None else ""


def _cells(row: TimelineRow) -> list:
    return [
        _date(row.start),
        _date(row.end),
        row.polity_name,
        row.area_km2,
        round(100 * row.share_of_ussr, 2),
        row.population,
        row.arable_km2,
        row.ports,
        row.year_round_ports,
        row.ice_free_pacific,
    ]


def format_timeline(timeline, rows: list[TimelineRow], fmt: str, arable_model: str) -> str:
    if fmt == "csv":
        cells = [[_date(r.start), _date(r.end), r.polity_id, *_cells(r)[2:]] for r in rows]
        cells = [[str(v).lower() if isinstance(v, bool) else v for v in row] for row in cells]
        return csv_table(CSV_HEADERS, cells).rstrip("\n")
    if fmt == "json":
        states = []
        for index, state in enumerate(timeline.states):
            polities = [
                {
                    "id": r.polity_id,
                    "name": r.polity_name,
                    "colour": r.colour,
                    "area_km2": r.area_km2,
                    "share_of_ussr": r.share_of_ussr,
                    "population": r.population,
                    "arable_km2": r.arable_km2,
                    "ports": r.ports,
                    "year_round_ports": r.year_round_ports,
                    "ice_free_pacific": r.ice_free_pacific,
                }
                for r in rows
                if r.start == state.start
            ]
            states.append(
                {
                    "start_date": _date(state.start) or None,
                    "end_date": _date(timeline.end_of(index)) or None,
                    "title": state.title,
                    "note": state.note,
                    "polities": polities,
                }
            )
        document = {"timeline": timeline.name, "arable_model": arable_model, "states": states}
        return json.dumps(document, indent=2, ensure_ascii=False)
    lines = [f"Timeline: {timeline.name}", "", text_table(HEADERS, [_cells(r) for r in rows]), ""]
    for index, state in enumerate(timeline.states):
        if state.title or state.note:
            lines.append(f"{timeline.label(index)}  {state.title}".rstrip())
            if state.note:
                lines.append(f"  {state.note}")
    if all(r.population is None for r in rows):
        lines.append("Population: not in the statistics yet (no shipped population data).")
    lines.append(f"Arable land: {arable_model}")
    return "\n".join(lines)
