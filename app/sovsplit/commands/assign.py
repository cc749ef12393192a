"""`sovsplit assign`: give regions to a polity and write the new scenario (the GUI's region tool, headless)."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from sovsplit.commands.common import STDIO, add_field_options, add_no_clobber, open_scenario, refuse_clobber
from sovsplit.model.editing.edits import EditRefused, reassign_regions
from sovsplit.model.io.atomic import OutputExists
from sovsplit.model.io.file_guard import changed_on_disk
from sovsplit.model.io.scenario_io import check_save_path, save_scenario, scenario_to_geojson
from sovsplit.model.scenario import Scenario


def add_parser(sub) -> None:
    p = sub.add_parser("assign", help="give regions to a polity and save the scenario")
    p.add_argument("scenario", help="scenario file, the name of a shipped scenario (e.g. default), or - for stdin")
    p.add_argument(
        "--region",
        action="append",
        required=True,
        metavar="NAME_OR_ID",
        help='a region by name or id, e.g. "Primorsky Krai" or RUPRI (repeatable)',
    )
    p.add_argument("--to", required=True, metavar="POLITY", help="the polity that gets them, by id or name")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT.geojson|OUT.gpkg",
        help="where to write the scenario: GeoJSON or GeoPackage by the suffix, - for GeoJSON on standard output",
    )
    add_no_clobber(p)
    add_field_options(p)
    p.add_argument(
        "--force", action="store_true", help="overwrite the output even if it changed on disk since it was read"
    )


def run(args) -> int:
    to_stdout = args.output == STDIO
    if not to_stdout:
        check_save_path(args.output)  # a wrong suffix or folder is refused before any work
        if refuse_clobber(Path(args.output), args, "sovsplit assign"):
            return 2
    scenario = open_scenario(args.scenario, args)
    region_ids = []
    for wanted in args.region:
        region = scenario.regions.find(wanted)
        if region is None:
            return _unknown("region", wanted, _region_words(scenario))
        region_ids.append(region.id)
    polity_id = find_polity(scenario, args.to)
    if polity_id is None:
        words = [w for p in scenario.polities.values() for w in (p.id, p.name)]
        where = f"{scenario.path.name}: " if scenario.path is not None else ""
        return _unknown("polity", args.to, words, where)
    try:
        edit = reassign_regions(scenario, region_ids, polity_id)
    except EditRefused as exc:
        print(f"sovsplit assign: {exc}", file=sys.stderr)
        return 2
    edit.apply(scenario)
    if to_stdout:
        sys.stdout.write(scenario_to_geojson(scenario))
        print(f"{edit.label}: wrote standard output", file=sys.stderr)
        return 0
    if not getattr(args, "force", False) and _lost_update(scenario, Path(args.output)):
        print(
            f"sovsplit assign: {Path(args.output).name}: changed on disk since it was read; "
            "not overwritten (use --force to overwrite it)",
            file=sys.stderr,
        )
        return 2
    try:
        save_scenario(scenario, args.output, clobber=not args.no_clobber)
    except OutputExists:
        print(f"sovsplit assign: {args.output}: exists; not replaced (--no-clobber)", file=sys.stderr)
        return 2
    print(f"{edit.label}: wrote {args.output}")
    return 0


def _lost_update(scenario: Scenario, output: Path) -> bool:
    """Writing onto the file just read, which someone changed in the meantime."""
    source = scenario.path
    try:
        same = source is not None and output.exists() and output.resolve() == Path(source).resolve()
    except OSError:
        return False
    return same and changed_on_disk(output, scenario.file_state)


def find_polity(scenario: Scenario, wanted: str) -> str | None:
    """A polity id from an id or a case-insensitive name or unique name prefix ("east" → East USSR)."""
    if wanted in scenario.polities:
        return wanted
    key = wanted.strip().casefold()
    for polity in scenario.polities.values():
        if key in (polity.id.casefold(), polity.name.casefold()):
            return polity.id
    matches = [p.id for p in scenario.polities.values() if p.name.casefold().startswith(key)]
    return matches[0] if len(matches) == 1 else None


def _region_words(scenario: Scenario) -> list[str]:
    return [w for r in scenario.regions.regions for w in (r.id, r.name)]


def _unknown(kind: str, wanted: str, words: list[str], where: str = "") -> int:
    by_fold = {w.casefold(): w for w in words}
    close = [by_fold[w] for w in difflib.get_close_matches(wanted.casefold(), list(by_fold), n=4, cutoff=0.5)]
    if not close:
        close = [w for w in words if wanted.casefold() in w.casefold()][:4]
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    print(f"sovsplit assign: {where}no {kind} {wanted!r}{hint}", file=sys.stderr)
    return 2
