"""`sovsplit stats`: geodesic statistics of a scenario as a table, JSON or CSV."""

from __future__ import annotations

import json

from sovsplit.commands.common import add_field_options, open_scenario, print_warnings
from sovsplit.commands.tables import csv_table, text_table
from sovsplit.model.compare.comparison import METRICS
from sovsplit.model.frame import frame_caveats
from sovsplit.model.report import ScenarioReport, scenario_report
from sovsplit.model.share_format import share_percent


def add_parser(sub) -> None:
    p = sub.add_parser("stats", help="statistics per polity (area, coastline, arable land, ports)")
    p.add_argument(
        "scenario",
        nargs="?",
        help="scenario file, shipped name (default, east-with-primorsky) or - for standard input; "
        "default: the two-USSR scenario",
    )
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    add_field_options(p)


def run(args) -> int:
    scenario = open_scenario(args.scenario, args)
    print_warnings(scenario, "sovsplit stats")
    report = scenario_report(scenario)
    print(format_report(report, args.format))
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
# Machine-readable column names, the metric keys `sovsplit compare --format csv` uses too.
CSV_HEADERS = (
    ["id", "polity", "capital"] + [m.key for m in METRICS if m.kind != "list"] + ["sea_km_to_japan", "sea_km_to_china"]
)


def report_rows(report: ScenarioReport) -> list[list]:
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
                ports.count,
                ports.year_round,
                ports.ice_free_pacific,
                ports.to_japan.km if ports.to_japan else None,
                ports.to_china.km if ports.to_china else None,
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
        return csv_table(CSV_HEADERS, rows).rstrip("\n")
    rows = report_rows(report)
    for row, polity in zip(rows, report.polities):
        row[HEADERS.index("arable %")] = share_percent(polity.arable_share)  # a model: whole percent
    lines = [
        f"Scenario: {report.scenario}",
        "",
        text_table(HEADERS, rows),
        "",
        f"Arable land: {report.arable_model}",
        *frame_caveats(),
    ]
    if report.unclaimed_km2:
        lines.append(f"Unclaimed territory: {report.unclaimed_km2:,.0f} km²")
    return "\n".join(lines)
