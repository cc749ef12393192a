"""`sovsplit stats`: geodesic statistics of a scenario as a table, JSON or CSV."""

from __future__ import annotations

import json

from sovsplit.commands.common import add_field_options, open_scenario, print_warnings
from sovsplit.commands.tables import csv_table, text_table
from sovsplit.model import formatting
from sovsplit.model.frame import frame_caveats
from sovsplit.model.report import ScenarioReport, scenario_report
from sovsplit.model.stats import StatsEngine


def add_parser(sub) -> None:
    p = sub.add_parser("stats", help="statistics per polity (area, coastline, arable land, ports)")
    p.add_argument(
        "scenario",
        nargs="*",
        help="scenario files, shipped names (default, east-with-primorsky) or - for standard input; "
        "default: the two-USSR scenario. Several are measured in one process; with --format json each "
        "gives one line (JSON Lines)",
    )
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    add_field_options(p)


def run(args) -> int:
    names = args.scenario if isinstance(args.scenario, list) else [args.scenario]
    names = [n for n in names if n] or [None]
    engine = None
    for number, name in enumerate(names):
        scenario = open_scenario(name, args)
        print_warnings(scenario, "sovsplit stats")
        previous, engine = engine, StatsEngine(scenario)
        if previous is not None:
            engine.reuse(previous)  # scenarios share the shipped regions: each is measured once
        report = scenario_report(scenario, engine)
        if len(names) > 1 and args.format == "json":
            print(json.dumps(report.to_json(), ensure_ascii=False, separators=(",", ":")))
        else:
            print(("\n" if number else "") + format_report(report, args.format))
    return 0


def csv_headers() -> list[str]:
    """Machine-readable column names, the metric keys `sovsplit compare --format csv` uses too."""
    # Imported here: the comparison code is only needed for these names, and only with --format csv.
    from sovsplit.model.compare.comparison import METRICS

    return (
        ["id", "polity", "capital"]
        + [m.key for m in METRICS if m.kind != "list"]
        + ["sea_km_to_japan", "sea_km_to_china"]
    )


def report_rows(report: ScenarioReport) -> list[list]:
    """The CSV rows: plain numbers, as the JSON has them."""
    rows = []
    for p in report.polities:
        ports = p.ports
        rows.append(
            [
                p.name,
                p.capital,
                p.area_km2,
                round(100 * p.share_of_ussr, 2),
                p.coastline_km,
                p.arable_km2,
                round(100 * p.arable_share, 2),
                p.population,  # None (blank) while no census table is shipped
                ports.count,
                ports.year_round,
                ports.ice_free_pacific,
                ports.to_japan.km if ports.to_japan else None,
                ports.to_china.km if ports.to_china else None,
            ]
        )
    return rows


# The table people read: the same formatted figures as the statistics panel, the hover text and the legend.
TABLE_HEADERS = [
    "polity",
    "capital",
    "area km²",
    "share of USSR",
    "coastline km",
    "arable km²",
    "arable share",
    "population (1989)",
    "ports",
    "ice-free ports",
    "ice-free Pacific port",
    "sea km to Japan",
    "sea km to China",
]


def table_rows(report: ScenarioReport) -> list[list[str]]:
    rows = []
    for p in report.polities:
        ports = p.ports
        rows.append(
            [
                p.name,
                p.capital,
                formatting.area_km2(p.area_km2),
                formatting.share(p.share_of_ussr),
                formatting.coastline_km(p.coastline_km),
                formatting.arable_km2(p.arable_km2),
                formatting.model_share(p.arable_share),
                formatting.count(round(p.population)) if p.population is not None else formatting.NONE,
                formatting.count(ports.count),
                formatting.count(ports.year_round),
                formatting.yes_no(ports.ice_free_pacific),
                formatting.distance_km(ports.to_japan.km) if ports.to_japan else formatting.NONE,
                formatting.distance_km(ports.to_china.km) if ports.to_china else formatting.NONE,
            ]
        )
    return rows


def format_report(report: ScenarioReport, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report.to_json(), indent=2, ensure_ascii=False)
    if fmt == "csv":
        rows = [
            [p.id] + [str(v).lower() if isinstance(v, bool) else v for v in row]
            for p, row in zip(report.polities, report_rows(report))
        ]
        return csv_table(csv_headers(), rows).rstrip("\n")
    lines = [
        f"Scenario: {report.scenario}",
        "",
        text_table(TABLE_HEADERS, table_rows(report), right=set(range(2, len(TABLE_HEADERS)))),
        "",
        f"Arable land: {report.arable_model}",
        *frame_caveats(),
    ]
    if report.unclaimed_km2:
        lines.append(f"Unclaimed territory: {formatting.area_text(report.unclaimed_km2)}")
    return "\n".join(lines)
