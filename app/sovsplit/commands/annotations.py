"""`sovsplit annotations`: the forum's feasibility arguments (and the scenario's notes) with their verdicts."""

from __future__ import annotations

import json

from sovsplit.commands.common import add_field_options, open_scenario, print_warnings
from sovsplit.commands.tables import csv_table, text_table
from sovsplit.model.annotations.arguments import assess
from sovsplit.model.annotations.wording import VERDICT_SHORT, verdict_tally
from sovsplit.model.report import scenario_report

TABLE_HEADERS = ["id", "stance", "verdict", "title", "claim", "measured (threshold)"]
CSV_HEADERS = [
    "id",
    "topic",
    "stance",
    "verdict",
    "verdict_text",
    "title",
    "claim",
    "measurable",
    "reason",
    "measured",
    "thresholds",
]


def add_parser(sub) -> None:
    p = sub.add_parser("annotations", help="the feasibility arguments with verdicts checked against the scenario")
    p.add_argument(
        "scenario", nargs="?", help="scenario file or shipped scenario name (default: the shipped two-USSR scenario)"
    )
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    add_field_options(p)


def run(args) -> int:
    scenario = open_scenario(args.scenario, args)
    print_warnings(scenario, "sovsplit annotations")
    items = [a.as_dict() for a in assess(scenario, scenario_report(scenario))]
    print(format_annotations(scenario.name, items, args.format))
    return 0


def _thresholds(item: dict) -> str:
    """Each comparison's threshold, "East USSR: < 3,000 km; …" ("" when nothing is measured)."""
    return "; ".join(f"{m['polity_name']}: {m['threshold_text']}" for m in item["measurements"] if m["threshold_text"])


def format_annotations(name: str, items: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(items, indent=2, ensure_ascii=False)
    if fmt == "csv":
        rows = [
            [
                i["id"],
                i["topic"],
                i["stance"],
                i["verdict"],
                i["verdict_text"],
                i["title"],
                i["claim"],
                i["measurable"],
                i["reason"],
                i["measured"] if i["measurable"] else "",
                _thresholds(i),
            ]
            for i in items
        ]
        return csv_table(CSV_HEADERS, rows).rstrip("\n")
    rows = [
        [
            i["id"],
            i["stance"],
            VERDICT_SHORT[i["verdict"]],
            i["title"],
            i["claim"],
            i["measured"] if i["measurable"] else i["reason"],
        ]
        for i in items
    ]
    summary = verdict_tally(i["verdict"] for i in items)
    return "\n".join(
        [f"Scenario: {name}", "", text_table(TABLE_HEADERS, rows), "", f"{len(items)} arguments: {summary}"]
    )
