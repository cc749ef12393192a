"""`sovsplit assign BASE --variants FILE.jsonl`: many region transfers from one loaded scenario, in one process."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from sovsplit.model.editing.edits import EditRefused, reassign_regions
from sovsplit.model.io.problems import InputError
from sovsplit.model.io.scenario_io import save_scenario
from sovsplit.model.report import scenario_report
from sovsplit.model.scenario import Scenario
from sovsplit.model.stats import StatsEngine


@dataclass(frozen=True)
class Variant:
    """One line of a variants file: regions given to a polity, and where to write the result (optional)."""

    name: str
    regions: tuple[str, ...]
    to: str
    output: Path | None


def read_variants(path: Path) -> list[Variant]:
    """Each line a JSON object {"regions": [...], "to": POLITY, "output": FILE?, "name": TEXT?}; InputError else."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot be read: {exc}") from None
    variants = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"line {number} is not JSON: {exc.msg}") from None
        regions = item.get("regions") if isinstance(item, dict) else None
        if not (isinstance(regions, list) and regions and all(isinstance(r, str) for r in regions)):
            raise InputError(path, f'line {number} needs "regions": a list of region names or ids')
        if not isinstance(item.get("to"), str):
            raise InputError(path, f'line {number} needs "to": the polity that gets them')
        output = item.get("output")
        variants.append(
            Variant(
                str(item.get("name") or f"variant {number}"),
                tuple(regions),
                item["to"],
                Path(output) if output else None,
            )
        )
    return variants


def run_variants(base: Scenario, variants: list[Variant], stats_out: Path | None, find_polity) -> int:
    """Apply each variant to the base scenario, write its file and/or its statistics, and undo it again."""
    engine = StatsEngine(base)  # parcels keep their geometry: after the first variant every figure is cached
    failed = 0
    out = open(stats_out, "w", encoding="utf-8") if stats_out else None
    try:
        for variant in variants:
            region_ids = [base.regions.find(r).id if base.regions.find(r) else r for r in variant.regions]
            polity = find_polity(base, variant.to)
            try:
                if polity is None:
                    raise EditRefused(f"there is no polity {variant.to!r}")
                edit = reassign_regions(base, region_ids, polity)
            except EditRefused as exc:
                print(f"sovsplit assign: {variant.name}: {exc}", file=sys.stderr)
                failed += 1
                continue
            edit.apply(base)
            try:
                if variant.output is not None:
                    save_scenario(base, variant.output)
                if out is not None:
                    report = scenario_report(base, engine)
                    out.write(json.dumps({"variant": variant.name, **report.to_json()}, ensure_ascii=False) + "\n")
            finally:
                edit.revert(base)
    finally:
        if out is not None:
            out.close()
    print(f"{len(variants) - failed} of {len(variants)} variants done", file=sys.stderr)
    return 2 if failed else 0
