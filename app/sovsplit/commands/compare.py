"""`sovsplit compare A B [C …]`: metrics side by side, deltas against A, and the territory that changed hands."""

from __future__ import annotations

import sys

from sovsplit.commands.common import add_field_options, print_warnings
from sovsplit.commands.tables import text_table
from sovsplit.model import formatting
from sovsplit.model.compare.comparison import METRICS, Comparison, compare_scenarios
from sovsplit.model.compare.output import ARROW, comparison_csv, comparison_json, format_metric
from sovsplit.model.io.shipped_scenarios import shipped_scenarios
from sovsplit.model.regions import default_regions
from sovsplit.model.timeline.io import load_scenario_at


def add_parser(sub) -> None:
    shipped = ", ".join(shipped_scenarios()) or "default, east-with-primorsky"
    p = sub.add_parser(
        "compare",
        help="compare scenarios: metrics, deltas and territory that changed hands",
        description="Compare two or more scenarios against the first (the baseline). "
        f"Give files, or names of shipped scenarios ({shipped}); NAME@YYYY-MM-DD picks the state of a "
        "timeline on that date (e.g. east-ussr-timeline@1929-01-01 east-ussr-timeline@1945-01-01).",
    )
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario files or shipped scenario names")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    add_field_options(p)


def run(args) -> int:
    if len(args.scenarios) < 2:
        print("sovsplit compare: give at least two scenarios (the first is the baseline)", file=sys.stderr)
        return 2
    regions = default_regions()
    fields = {"name_field": args.name_field, "id_field": args.id_field}
    # Each word is a file or shipped name, or NAME@DATE for one state of a timeline (model/timeline/io.py).
    loaded = [load_scenario_at(word, regions, **fields) for word in args.scenarios]
    scenarios, names = [s for s, _ in loaded], [n for _, n in loaded]
    for scenario in scenarios:
        print_warnings(scenario, "sovsplit compare")
    comparison = compare_scenarios(scenarios, names)
    print(format_comparison(comparison, args.format), end="")
    return 0


def format_comparison(comparison: Comparison, fmt: str) -> str:
    if fmt == "json":
        return comparison_json(comparison)
    if fmt == "csv":
        return comparison_csv(comparison)
    return comparison_table(comparison)


def comparison_table(c: Comparison) -> str:
    others = list(enumerate(c.scenarios))[1:]
    headers = ["metric"] + c.scenarios + [h for _, n in others for h in (f"Δ {n}", f"Δ% {n}")]
    lines = [f"Baseline: {c.scenarios[0]}   compared with: {', '.join(n for _, n in others)}", ""]
    for p in c.polities:
        rows = []
        for m in METRICS:
            if m.kind == "list":
                continue  # the ports held are listed below the block: they do not fit a column
            row = [m.label] + [format_metric(m.key, v) for v in p.metrics[m.key]]
            for index, _ in others:
                row += [
                    format_metric(m.key, p.deltas[m.key][index], signed=True),
                    _show(p.delta_percent[m.key][index], signed=True),
                ]
            rows.append(row)
        lines += [f"== {p.name}" + (f" ({p.id})" if p.id else ""), _aligned(headers, rows)]
        for index, name in others:
            change = p.deltas["ports_held"][index]
            if change:
                lines.append(f"ports changed in {name}: {', '.join(change)}")
        lines.append("")
    lines.append("Territory that changed hands")
    if c.transfers:
        rows = [
            [
                t.scenario,
                f"{c.name_of(t.from_id)} {ARROW} {c.name_of(t.to_id)}",
                formatting.area_km2(t.area_km2),
                formatting.arable_km2(t.arable_km2),
                ", ".join(t.ports) or "-",
                _regions(t),
            ]
            for t in c.transfers
        ]
        lines.append(text_table(["scenario", "from → to", "km²", "arable km²", "ports", "regions"], rows, right={2, 3}))
    else:
        lines.append("(none: every scenario holds the same territory as the baseline)")
    lines += ["", f"Arable land: {c.arable_model}"]
    if any(c.sliver_km2):
        lines.append(
            "Overlay slivers under 1 km² left out: "
            + ", ".join(f"{n} {v:,.2f} km²" for n, v in zip(c.scenarios, c.sliver_km2) if v)
        )
    lines += [f"Unmatched: {m}" for m in c.unmatched] + [f"Warning: {w}" for w in c.warnings]
    return "\n".join(lines) + "\n"


def _aligned(headers: list[str], rows: list[list]) -> str:
    """Metric names left, every value and delta right-aligned so digits line up."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]

    def line(values):
        return "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(values, widths))).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in cells])


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _regions(t) -> str:
    return ", ".join(r.name if r.whole else f"{r.name} (part, {formatting.area_text(r.area_km2)})" for r in t.regions)


def _show(value, signed: bool = False):
    """Cells for text_table: numbers stay numbers (right-aligned); lists and flags become words."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value) if value else "–"
    if isinstance(value, float):
        value = round(value, 2) if abs(value) < 100 else round(value, 1)
        if signed:
            return f"{value:+,.2f}" if abs(value) < 100 else f"{value:+,.1f}"
    if isinstance(value, int) and signed:
        return f"{value:+d}"
    return value
