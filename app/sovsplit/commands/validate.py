"""`sovsplit validate`: check a scenario file and report its problems, one line each."""

from __future__ import annotations

import sys

from sovsplit.commands.common import add_field_options, open_scenario
from sovsplit.model.io.problems import InputError


def add_parser(sub) -> None:
    p = sub.add_parser("validate", help="check a scenario file; exit 1 on errors")
    p.add_argument("file", help="scenario file (GeoJSON, GeoPackage, Shapefile), or - for standard input")
    add_field_options(p)


def run(args) -> int:
    try:
        scenario = open_scenario(args.file, args)
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
