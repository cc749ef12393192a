"""`sovsplit sweep`: what each neighbouring region (or every region) would change if it moved to or from a polity."""

from __future__ import annotations

import dataclasses
import json
import sys

from sovsplit.commands.assign import find_polity
from sovsplit.commands.tables import csv_table, text_table
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.io.shipped_scenarios import resolve_scenario
from sovsplit.model.solve.sweep import SweepResult, SweepRow, sweep

HEADERS = [
    "region",
    "name",
    "move",
    "from",
    "to",
    "area km²",
    "arable km²",
    "population",
    "ports gained",
    "ports lost",
    "Pacific rail port",
    "contiguity",
    "verdict flips",
]
SORT_KEYS = {
    "region": lambda r: r.region_id,
    "name": lambda r: r.name,
    "area": lambda r: -abs(r.area_km2),
    "arable": lambda r: -abs(r.arable_km2),
    "population": lambda r: -abs(r.population or 0.0),
    "flips": lambda r: -len(r.flips),
}


def add_parser(sub) -> None:
    p = sub.add_parser("sweep", help="the marginal value of each region to a polity (move it whole, measure)")
    p.add_argument("scenario", help="scenario file, or the name of a shipped scenario (e.g. default)")
    p.add_argument("--polity", required=True, metavar="ID", help="the polity, by id or name (e.g. east)")
    p.add_argument(
        "--all-regions",
        action="store_true",
        help="every region, not only the polity's neighbours and its own border regions",
    )
    p.add_argument(
        "--sort", choices=list(SORT_KEYS), default="region", help="order of the rows (numbers: largest change first)"
    )
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")


def run(args) -> int:
    scenario = load_scenario(resolve_scenario(args.scenario))
    polity_id = find_polity(scenario, args.polity)
    if polity_id is None:
        known = ", ".join(scenario.polities)
        print(f"sovsplit sweep: no polity {args.polity!r} in {args.scenario} (polities: {known})", file=sys.stderr)
        return 2
    result = sweep(scenario, polity_id, all_regions=args.all_regions)
    rows = sorted(result.rows, key=SORT_KEYS[args.sort])
    print(format_sweep(scenario.name, scenario.polities[polity_id].name, result, rows, args.format))
    return 0


def row_values(row: SweepRow) -> list:
    return [
        row.region_id,
        row.name + (" (moves whole; split now)" if row.split else ""),
        row.direction,
        row.from_polity or "unclaimed",
        row.to_polity or "unclaimed",
        round(row.area_km2, 1),
        round(row.arable_km2, 1),
        None if row.population is None else round(row.population),
        "; ".join(row.ports_gained),
        "; ".join(row.ports_lost),
        _port_change(row),
        row.contiguity_change,
        "; ".join(f"{f.annotation_id}: {f.before} → {f.after}" for f in row.flips),
    ]


def _port_change(row: SweepRow) -> str:
    if row.pacific_rail_port_before == row.pacific_rail_port_after:
        return "held" if row.pacific_rail_port_after else "none"
    return "gained" if row.pacific_rail_port_after else "lost"


def format_sweep(scenario_name: str, polity_name: str, result: SweepResult, rows: list[SweepRow], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(
            {
                "scenario": scenario_name,
                "polity": result.polity_id,
                "receiver": result.receiver,
                "rows": [dataclasses.asdict(r) | {"contiguity": r.contiguity_change} for r in rows],
            },
            indent=2,
            ensure_ascii=False,
        )
    values = [row_values(r) for r in rows]
    if fmt == "csv":
        return csv_table(HEADERS, values).rstrip("\n")
    receiver = result.receiver or "nobody"
    lines = [
        f"Scenario: {scenario_name}",
        f"Each region moved whole to {polity_name} (gain) or from it to {receiver} (loss); "
        f"figures are the change for {polity_name}.",
        "",
        text_table(HEADERS, values),
    ]
    if all(r.population is None for r in rows):
        lines += ["", "Population: not in the statistics yet."]
    return "\n".join(lines)
