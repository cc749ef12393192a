"""`sovsplit annotations`: the forum's feasibility arguments (and the scenario's notes) with their verdicts."""

from __future__ import annotations

import json

from sovsplit.commands.common import add_field_options, open_scenario, print_warnings
from sovsplit.commands.tables import csv_table, text_table
from sovsplit.model.annotations.arguments import assess
from sovsplit.model.report import scenario_report

HEADERS = ["id", "topic", "stance", "verdict", "title", "measured"]


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


def format_annotations(name: str, items: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(items, indent=2, ensure_ascii=False)
    rows = [
        [i["id"], i["topic"], i["stance"], i["verdict"], i["title"], i["measured"] if i["rule"] is not None else ""]
        for i in items
    ]
    if fmt == "csv":
        return csv_table(HEADERS, rows).rstrip("\n")
    counts = {v: sum(1 for i in items if i["verdict"] == v) for v in ("supported", "contradicted", "not measurable")}
    summary = ", ".join(f"{n} {v}" for v, n in counts.items())
    return "\n".join([f"Scenario: {name}", "", text_table(HEADERS, rows), "", f"{len(items)} arguments: {summary}"])
