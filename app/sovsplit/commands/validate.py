"""`sovsplit validate`: check a scenario file and report its problems, one line each."""

from __future__ import annotations

import sys

from sovsplit.model.io.problems import InputError
from sovsplit.model.io.scenario_io import load_scenario


def add_parser(sub) -> None:
    p = sub.add_parser("validate", help="check a scenario file; exit 1 on errors")
    p.add_argument("file", help="scenario file (GeoJSON, GeoPackage, Shapefile)")


def run(args) -> int:
    try:
        scenario = load_scenario(args.file)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for warning in scenario.warnings:
        print(f"warning: {warning}")
    print(
        f"ok: {args.file}: {len(scenario.polities)} polities, {len(scenario.parcels)} parcels"
        + (f", {len(scenario.warnings)} warning(s)" if scenario.warnings else "")
    )
    return 0
