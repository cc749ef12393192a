"""`sovsplit stats`: geodesic statistics of a scenario as a table, JSON or CSV."""

from __future__ import annotations

import json

from sovsplit.commands.tables import csv_table, text_table
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.io.shipped_scenarios import resolve_scenario
from sovsplit.model.report import scenario_report
from sovsplit.model.stats import StatsEngine


def add_parser(sub) -> None:
    p = sub.add_parser("stats", help="statistics per polity (area, coastline, arable land, ports)")
    p.add_argument(
        "scenario",
        nargs="*",
        help="scenario files or shipped names (default, east-with-primorsky); default: the two-USSR scenario. "
        "Several are measured in one process; with --format json each gives one line (JSON Lines)",
    )
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")


def run(args) -> int:
    names = args.scenario if isinstance(args.scenario, list) else [args.scenario]
    names = [n for n in names if n] or [None]
    engine = None
    for number, name in enumerate(names):
        scenario = load_scenario(resolve_scenario(name) if name else None)
        previous, engine = engine, StatsEngine(scenario)
        if previous is not None:
            engine.reuse(previous)  # scenarios share the shipped regions: each is measured once
        report = scenario_report(scenario, engine)
        if len(names) > 1 and args.format == "json":
            print(json.dumps(report, ensure_ascii=False, separators=(",", ":")))
        else:
            print(("\n" if number else "") + format_report(report, args.format))
    return 0


HEADERS = [
    "polity",
    "capital",
    "area km²",
    "share of USSR %",
    "coastline km",
    "arable km²",
    "arable %",
    "ports",
    "year-round ports",
    "ice-free Pacific port",
    "sea km to Japan",
    "sea km to China",
]


def report_rows(report: dict) -> list[list]:
    rows = []
    for p in report["polities"]:
        ports = p["ports"]
        rows.append(
            [
                p["name"],
                p["capital"],
                p["area_km2"],
                round(100 * p["share_of_ussr"], 2),
                p["coastline_km"],
                p["arable_km2"],
                round(100 * p["arable_share"], 2),
                ports["count"],
                ports["year_round"],
                ports["ice_free_pacific"],
                ports["to_japan"]["km"] if ports["to_japan"] else None,
                ports["to_china"]["km"] if ports["to_china"] else None,
            ]
        )
    return rows


def format_report(report: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False)
    if fmt == "csv":
        return csv_table(HEADERS, report_rows(report)).rstrip("\n")
    lines = [
        f"Scenario: {report['scenario']}",
        "",
        text_table(HEADERS, report_rows(report)),
        "",
        f"Arable land: {report['arable_model']}",
    ]
    if report.get("unclaimed_km2"):
        lines.append(f"Unclaimed territory: {report['unclaimed_km2']:,.0f} km²")
    return "\n".join(lines)
