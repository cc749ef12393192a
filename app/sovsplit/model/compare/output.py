"""A scenario comparison as JSON-ready data and as a flat CSV table (shared by `sovsplit compare` and the GUI)."""

from __future__ import annotations

import csv
import io
import json

from sovsplit.model import formatting as fmt
from sovsplit.model.compare.comparison import METRICS, Comparison
from sovsplit.model.compare.transfers import Transfer
from sovsplit.model.io.safe_text import csv_rows

CSV_HEADERS = [
    "scenario",
    "polity",
    "metric",
    "value",
    "delta",
    "delta_percent",
    "from",
    "to",
    "arable_km2",
    "ports",
    "regions",
]
ARROW = "→"


def _round(value, digits: int = 1):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return round(value, digits)
    return value


def _digits(metric_key: str) -> int:
    # Shares are small numbers whose hundredths matter; areas and lengths are fine to 0.1.
    return 4 if metric_key.endswith("_pct") else 1


def transfer_dict(comparison: Comparison, t: Transfer) -> dict:
    return {
        "scenario": t.scenario,
        "from": t.from_id,
        "to": t.to_id,
        "from_name": comparison.name_of(t.from_id),
        "to_name": comparison.name_of(t.to_id),
        "area_km2": round(t.area_km2, 1),
        "arable_km2": round(t.arable_km2, 1),
        "ports": list(t.ports),
        "regions": t.region_names,
        "region_detail": [
            {"id": r.id, "name": r.name, "area_km2": round(r.area_km2, 1), "whole": r.whole} for r in t.regions
        ],
    }


def comparison_dict(comparison: Comparison) -> dict:
    """What `sovsplit compare --format json` prints and the GUI's JSON export writes."""
    polities = []
    for p in comparison.polities:
        polities.append(
            {
                "id": p.id,
                "name": p.name,
                "ids": p.ids,
                "metrics": {m.key: [_round(v, _digits(m.key)) for v in p.metrics[m.key]] for m in METRICS},
                "deltas": {m.key: [_round(v, _digits(m.key)) for v in p.deltas[m.key]] for m in METRICS},
                "delta_percent": {
                    m.key: [_round(v, 3) for v in p.delta_percent[m.key]] for m in METRICS if m.kind == "number"
                },
            }
        )
    return {
        "scenarios": list(comparison.scenarios),
        "baseline": comparison.scenarios[0],
        "arable_model": comparison.arable_model,
        "polities": polities,
        "transfers": [transfer_dict(comparison, t) for t in comparison.transfers],
        "unmatched": list(comparison.unmatched),
        "warnings": list(comparison.warnings),
        "sliver_km2": [round(v, 3) for v in comparison.sliver_km2],
    }


def comparison_json(comparison: Comparison) -> str:
    return json.dumps(comparison_dict(comparison), indent=2, ensure_ascii=False) + "\n"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def comparison_rows(comparison: Comparison) -> list[list[str]]:
    """The long table: one row per scenario, polity and metric; then one row per transfer and per warning."""
    rows = []
    for index, scenario in enumerate(comparison.scenarios):
        for p in comparison.polities:
            for m in METRICS:
                digits = _digits(m.key)
                rows.append(
                    [
                        scenario,
                        p.name,
                        m.key,
                        _cell(_round(p.metrics[m.key][index], digits)),
                        _cell(_round(p.deltas[m.key][index], digits)),
                        _cell(_round(p.delta_percent[m.key][index], 3)),
                        "",
                        "",
                        "",
                        "",
                        "",
                    ]
                )
    for t in comparison.transfers:
        d = transfer_dict(comparison, t)
        rows.append(
            [
                t.scenario,
                f"{d['from_name']} {ARROW} {d['to_name']}",
                "transfer",
                _cell(d["area_km2"]),
                "",
                "",
                _cell(t.from_id),
                _cell(t.to_id),
                _cell(d["arable_km2"]),
                _cell(t.ports),
                _cell(t.region_names),
            ]
        )
    for message in comparison.unmatched:
        rows.append(["", "", "unmatched", message, "", "", "", "", "", "", ""])
    for message in comparison.warnings:
        rows.append(["", "", "warning", message, "", "", "", "", "", "", ""])
    return rows


def comparison_csv(comparison: Comparison) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADERS)
    writer.writerows(csv_rows(comparison_rows(comparison)))
    return out.getvalue()


# Each compared figure prints through the same function as in the statistics panel and `sovsplit stats`;
# the *_pct metrics hold percentages (0…100), formatting takes shares (0…1).
_FORMATS = {
    "area_km2": fmt.area_km2,
    "arable_km2": fmt.arable_km2,
    "coastline_km": fmt.coastline_km,
    "share_of_ussr_pct": lambda v: fmt.share(v / 100.0),
    "arable_share_pct": lambda v: fmt.model_share(v / 100.0),
    "ports": fmt.count,
    "ports_year_round": fmt.count,
}


def format_metric(key: str, value, signed: bool = False) -> str:
    """A compared figure (or, `signed`, its change) as every view prints it."""
    if value is None:
        return fmt.NONE
    if isinstance(value, bool):
        return fmt.yes_no(value)
    if isinstance(value, list):
        return ", ".join(value) or fmt.NONE
    if isinstance(value, str):
        return value
    text = _FORMATS.get(key, lambda v: f"{v:,}")(abs(value) if signed else value)
    if signed and key.endswith("_pct"):
        text = text.replace(" %", " pp")  # a share's change is in percentage points, not a percent of a percent
    if not signed or not any(ch in "123456789" for ch in text):
        return text
    return ("+" if value > 0 else "-") + text
