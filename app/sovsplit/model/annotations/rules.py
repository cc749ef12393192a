"""Declarative evidence rules of the feasibility annotations: validation and evaluation, never eval of text.

A rule is JSON data, one of
    {"metric": M, "polity": P, "op": OP, "value": V}                 a threshold or a fixed value
    {"metric": M, "polity": P, "op": OP, "other": Q, "factor": F}    compared with another polity (× F)
    {"all": [rule, ...]}  /  {"any": [rule, ...]}                    combinations
M is a name in METRICS, P and Q polity references ("east", "west", or any polity id; see resolve_polity),
OP one of OPS. A rule is *supported* when the comparison holds for the scenario, *contradicted* when it
does not, and *not measurable* when a polity or a value it needs is missing. The annotation carrying a rule
states in plain words the claim the rule checks (its `claim`); model.annotations.wording gives the words a
verdict is shown with.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass, field

from sovsplit.model import formatting as fmt
from sovsplit.model.annotations import metrics as tm
from sovsplit.model.report import ScenarioReport, report_value
from sovsplit.model.scenario import Scenario

SUPPORTED = "supported"
CONTRADICTED = "contradicted"
NOT_MEASURABLE = "not measurable"
VERDICTS = (SUPPORTED, CONTRADICTED, NOT_MEASURABLE)


@dataclass(frozen=True)
class Metric:
    """A measurable quantity of one polity."""

    name: str
    label: str
    kind: str  # km, km2, ha, share, count, people, months, bool, list, text


# Report fields are read from scenario_report()'s PolityStats by their dotted path (report.report_value); the rest are computed
# from the territory by annotation_metrics.
METRICS: dict[str, Metric] = {
    m.name: m
    for m in [
        Metric("area_km2", "area", "km2"),
        Metric("share_of_ussr", "share of the USSR's area", "share"),
        Metric("coastline_km", "coastline", "km"),
        Metric("arable_km2", "arable land", "km2"),
        Metric("arable_share", "arable share of its land", "share"),
        Metric("ports.count", "sea ports", "count"),
        Metric("ports.year_round", "ice-free ports", "count"),
        Metric("ports.ice_free_pacific", "an ice-free Pacific port", "bool"),
        Metric("ports.basins", "sea basins", "list"),
        Metric("ports.ocean_outlets", "ocean outlets", "list"),
        Metric("ports.longest_season_months", "longest port season", "months"),
        Metric("ports.to_japan.km", "shortest sea route to Yokohama", "km"),
        Metric("ports.to_japan.port", "port nearest to Japan", "text"),
        Metric("ports.to_china.km", "shortest sea route to Shanghai", "km"),
        Metric("ports.to_china.port", "port nearest to China", "text"),
        Metric("ports.rail_year_round_pacific", "year-round Pacific ports with a rail link", "count"),
        Metric("capital_inside", "holds its capital", "bool"),
        Metric("capital_border_distance_km", "capital's distance to the nearest land of another polity or state", "km"),
        Metric("population", "population", "people"),
        Metric("arable_ha_per_person", "arable land per person", "ha"),
        Metric("land_neighbours", "foreign land neighbours", "list"),
        Metric("cities_held", "scenario cities held", "list"),
    ]
}

_TERRITORY = {
    "capital_inside": tm.capital_inside,
    "capital_nearest": tm.capital_nearest,  # internal: a Nearest record, shown beside the capital's distance
    "land_neighbours": tm.land_neighbours,
    "cities_held": tm.cities_held,
}
# Metrics computed from other metrics of the same polity (through MetricContext.value, so each is cached).
_DERIVED = {
    "capital_border_distance_km": lambda ctx, pid: tm.nearest_km(ctx.value("capital_nearest", pid)),
    "arable_ha_per_person": lambda ctx, pid: tm.per_person_ha(
        ctx.value("arable_km2", pid), ctx.value("population", pid)
    ),
}
# Why a metric has no value, where the reason is always the same.
_MISSING = {
    "population": "not available: the statistics carry no population",
    "arable_ha_per_person": "not available: the statistics carry no population",
}
# What a measured value is shown with, so a verdict says which place a distance leads to.
_DETAILS = {"capital_border_distance_km": lambda ctx, pid: tm.nearest_label(ctx.value("capital_nearest", pid))}

_ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_EQUAL = {"==": operator.eq, "!=": operator.ne}
OPS = (*_ORDER, *_EQUAL, "contains", "contains_all")
_NUMERIC = {"km", "km2", "ha", "share", "count", "people", "months"}
_MAX_DEPTH = 4

# Polities named in the shipped rules, and how to find them in scenarios that name them differently.
FALLBACK_CAPITALS = {"east": "Yakutsk", "west": "Moscow"}


# --- validation -----------------------------------------------------------------------------------------
def rule_problems(rule, depth: int = 0) -> list[str]:
    """Everything wrong with a rule, one short phrase each (empty when the rule is valid; None is valid)."""
    if rule is None:
        return []
    if not isinstance(rule, dict):
        return ["a rule must be an object"]
    if depth > _MAX_DEPTH:
        return ["rules nest too deeply"]
    for combiner in ("all", "any"):
        if combiner in rule:
            parts = rule[combiner]
            if set(rule) != {combiner}:
                return [f'"{combiner}" cannot be mixed with other keys']
            if not isinstance(parts, list) or not parts:
                return [f'"{combiner}" needs a non-empty list of rules']
            return [p for part in parts for p in rule_problems(part, depth + 1)]
    problems = []
    allowed = {"metric", "polity", "op", "value", "other", "factor"}
    if set(rule) - allowed:
        problems.append("unknown keys " + ", ".join(sorted(set(rule) - allowed)))
    metric = METRICS.get(str(rule.get("metric")))
    if metric is None:
        return problems + [f"unknown metric {rule.get('metric')!r}"]
    if not isinstance(rule.get("polity"), str) or not rule["polity"]:
        problems.append("needs a polity id")
    op = rule.get("op")
    if op not in OPS:
        return problems + [f"unknown op {op!r}"]
    has_value, has_other = "value" in rule, "other" in rule
    if has_value == has_other:
        return problems + ['needs exactly one of "value" and "other"']
    if has_other:
        if not isinstance(rule["other"], str) or not rule["other"]:
            problems.append('"other" must be a polity id')
        if metric.kind not in _NUMERIC or op not in _ORDER and op not in _EQUAL:
            problems.append(f"{metric.name} cannot be compared between polities with {op}")
        factor = rule.get("factor", 1)
        if not _is_number(factor) or factor <= 0:
            problems.append('"factor" must be a positive number')
        return problems
    if "factor" in rule:
        problems.append('"factor" only goes with "other"')
    value = rule["value"]
    if op in _ORDER:
        if metric.kind not in _NUMERIC or not _is_number(value):
            problems.append(f"{op} needs a numeric metric and a number")
    elif op in _EQUAL:
        expected = {"bool": bool, "text": str, "list": list}.get(metric.kind)
        if expected is None and not _is_number(value) or expected is not None and not isinstance(value, expected):
            problems.append(f"{op} needs a value of the metric's kind ({metric.kind})")
    elif op == "contains":
        if metric.kind != "list" or not isinstance(value, str):
            problems.append("contains needs a list metric and a text value")
    elif metric.kind != "list" or not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append("contains_all needs a list metric and a list of texts")
    return problems


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


# --- evaluation -----------------------------------------------------------------------------------------
@dataclass
class Verdict:
    """The outcome of a rule on one scenario, with the numbers it rests on."""

    status: str
    measured: str = ""
    values: list[dict] = field(default_factory=list)


class MetricContext:
    """Values of metrics for one scenario and its statistics report; territory measures computed once each."""

    def __init__(self, scenario: Scenario, report: ScenarioReport):
        self.scenario = scenario
        self.report = report
        self._entries = {p.id: p for p in report.polities}
        self._cache: dict[tuple[str, str], object] = {}

    def resolve_polity(self, ref: str) -> str | None:
        return resolve_polity(self.scenario, ref)

    def polity_name(self, polity_id: str) -> str:
        polity = self.scenario.polities.get(polity_id)
        return polity.name if polity else polity_id

    def value(self, metric: str, polity_id: str):
        key = (metric, polity_id)
        if key not in self._cache:
            self._cache[key] = self._compute(metric, polity_id)
        return self._cache[key]

    def _compute(self, metric: str, polity_id: str):
        entry = self._entries.get(polity_id)
        if metric in _TERRITORY:
            return _TERRITORY[metric](self.scenario, polity_id)
        if metric in _DERIVED:
            return _DERIVED[metric](self, polity_id)
        if entry is None:
            return None
        if metric == "ports.rail_year_round_pacific":
            return tm.rail_year_round_pacific_ports(entry)
        return report_value(entry, metric)


def resolve_polity(scenario: Scenario, ref: str) -> str | None:
    """A polity by id; for "east"/"west" failing that, the polity whose capital is Yakutsk/Moscow."""
    if ref in scenario.polities:
        return ref
    capital = FALLBACK_CAPITALS.get(ref)
    if capital is None:
        return None
    for polity in scenario.polities.values():
        if polity.capital.strip().casefold() == capital.casefold():
            return polity.id
    return None


def evaluate(rule: dict | None, ctx: MetricContext) -> Verdict:
    """Evaluate a valid rule; None (an argument no number can settle) is not measurable."""
    if rule is None:
        return Verdict(NOT_MEASURABLE, "no measure in the data can settle this")
    for combiner in ("all", "any"):
        if combiner in rule:
            return _combine(combiner, [evaluate(part, ctx) for part in rule[combiner]])
    return _compare(rule, ctx)


def _combine(combiner: str, parts: list[Verdict]) -> Verdict:
    statuses = [p.status for p in parts]
    if combiner == "all":
        status = (
            CONTRADICTED if CONTRADICTED in statuses else NOT_MEASURABLE if NOT_MEASURABLE in statuses else SUPPORTED
        )
    else:
        status = SUPPORTED if SUPPORTED in statuses else NOT_MEASURABLE if NOT_MEASURABLE in statuses else CONTRADICTED
    return Verdict(status, "; ".join(p.measured for p in parts if p.measured), [v for p in parts for v in p.values])


def _compare(rule: dict, ctx: MetricContext) -> Verdict:
    metric = METRICS[rule["metric"]]
    polity = ctx.resolve_polity(rule["polity"])
    if polity is None:
        return Verdict(NOT_MEASURABLE, f"this scenario has no polity {rule['polity']!r}")
    value = ctx.value(metric.name, polity)
    op = rule["op"]
    # One entry per comparison: the measured value and the threshold it is held against (JSON, card, CSV).
    entry = {
        "polity": polity,
        "polity_name": ctx.polity_name(polity),
        "metric": metric.name,
        "label": metric.label,
        "value": value,
        "value_text": format_value(metric, value),
        "op": op,
        "threshold": None,
        "threshold_text": "",
        "holds": None,
    }
    values = [entry]
    said = f"{ctx.polity_name(polity)}: {metric.label} {format_value(metric, value)}"
    if metric.name in _DETAILS and value is not None:
        entry["detail"] = _DETAILS[metric.name](ctx, polity)
        said += f" (nearest: {entry['detail']})"
    if value is None:
        if metric.name in _MISSING:
            entry["value_text"] = _MISSING[metric.name]
            said = f"{ctx.polity_name(polity)}: {metric.label} {_MISSING[metric.name]}"
        return Verdict(NOT_MEASURABLE, said, values)
    if "other" in rule:
        other = ctx.resolve_polity(rule["other"])
        if other is None or other == polity:
            return Verdict(NOT_MEASURABLE, f"{said}; this scenario has no other polity {rule['other']!r}", values)
        other_value = ctx.value(metric.name, other)
        entry |= {"other": other, "other_name": ctx.polity_name(other), "other_value": other_value}
        said += f"; {ctx.polity_name(other)}: {format_value(metric, other_value)}"
        if other_value is None:
            return Verdict(NOT_MEASURABLE, said, values)
        factor = rule.get("factor", 1)
        target = other_value * factor
        entry["factor"] = factor
        if factor != 1:
            said += f" (× {factor:g} = {format_value(metric, target)})"
        entry["threshold_text"] = f"{op} {format_value(metric, target)}" + (
            f" ({ctx.polity_name(other)}'s" + (f" × {factor:g})" if factor != 1 else ")")
        )
    else:
        target = rule["value"]
        shown = (
            format_value(METRICS["ports.to_japan.port"], target) if op == "contains" else format_value(metric, target)
        )
        said += f" (rule: {op} {shown})"
        entry["threshold_text"] = f"{op} {shown}"
    holds = _holds(op, value, target)
    entry["threshold"] = target
    entry["holds"] = holds
    return Verdict(SUPPORTED if holds else CONTRADICTED, said, values)


def _holds(op: str, value, target) -> bool:
    if op in _ORDER:
        return bool(_ORDER[op](float(value), float(target)))
    if op in _EQUAL:
        if isinstance(value, list) and isinstance(target, list):
            value, target = sorted(value), sorted(target)
        return bool(_EQUAL[op](value, target))
    wanted = {target.casefold()} if op == "contains" else {t.casefold() for t in target}
    return wanted <= {str(v).casefold() for v in value}


def format_value(metric: Metric, value) -> str:
    """A value as people read it: 12,345 km, 0.42 %, yes/no, a list of names."""
    if value is None:
        return "not available"
    if metric.kind == "bool" or isinstance(value, bool):
        return fmt.yes_no(value)
    if metric.kind == "list" or isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "none"
    if metric.kind == "share":
        return fmt.model_share(value) if "arable" in metric.name else fmt.share(value)
    if metric.kind == "km":
        return fmt.length_text(value)
    if metric.kind == "km2":
        return fmt.area_text(value)
    if metric.kind == "ha":
        return f"{float(value):,.2f} ha"
    if metric.kind == "people":
        return f"{fmt.count(int(value))} people"
    if metric.kind == "months":
        return fmt.months(value)
    if metric.kind == "count":
        return fmt.count(value)
    return str(value)
