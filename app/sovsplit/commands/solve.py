"""`sovsplit solve`: the cheapest transfer of whole regions that gives a polity what the conditions ask for."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from sovsplit.commands.assign import find_polity
from sovsplit.commands.tables import text_table
from sovsplit.model.io.scenario_io import load_scenario, save_scenario
from sovsplit.model.io.shipped_scenarios import resolve_scenario
from sovsplit.model.solve.answers import Answer, make_answers
from sovsplit.model.solve.conditions import COSTS, SPELLINGS, ConditionError, parse_condition, parse_cost
from sovsplit.model.solve.instance import build_instance
from sovsplit.model.solve.solver import Question, SolveResult, solve

METRIC_ROWS = [
    ("area_km2", "area km²"),
    ("arable_km2", "arable km²"),
    ("population", "population"),
    ("ports", "ports"),
    ("year_round_ports", "ice-free ports"),
    ("pacific_rail_ports", "year-round Pacific ports with rail"),
    ("regions", "regions"),
    ("contiguous", "contiguous"),
    ("capital_border_distance_km", "capital to another polity or country, km"),
]


def add_parser(sub) -> None:
    p = sub.add_parser("solve", help="the cheapest set of regions to transfer so a polity meets conditions")
    p.add_argument("scenario", help="scenario file, or the name of a shipped scenario (e.g. default)")
    p.add_argument("--polity", required=True, metavar="ID", help="the polity, by id or name (e.g. east)")
    p.add_argument(
        "--require",
        action="append",
        required=True,
        metavar="CONDITION",
        help="repeatable; one of " + ", ".join(SPELLINGS),
    )
    p.add_argument(
        "--minimise",
        "--minimize",
        default="area",
        metavar="COST",
        help="what to minimise: " + ", ".join(f"{k} ({v})" for k, v in COSTS.items()),
    )
    p.add_argument("--solutions", type=int, default=1, metavar="N", help="the optimum and the next-best N-1")
    p.add_argument("--time-limit", type=float, default=30.0, metavar="S", help="seconds per solve (default 30)")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT.geojson",
        help="where to write the answer (later answers: OUT-2.geojson, OUT-3.geojson, …)",
    )
    p.add_argument("--format", choices=["table", "json"], default="table")


def _fail(message: str) -> int:
    print(f"sovsplit solve: {message}", file=sys.stderr)
    return 2


def run(args) -> int:
    scenario = load_scenario(resolve_scenario(args.scenario))
    polity_id = find_polity(scenario, args.polity)
    if polity_id is None:
        return _fail(f"no polity {args.polity!r} in {args.scenario} (polities: {', '.join(scenario.polities)})")
    if args.solutions < 1 or args.time_limit <= 0:
        return _fail("--solutions needs a whole number ≥ 1 and --time-limit a positive number of seconds")
    try:
        cost = parse_cost(args.minimise)
        conditions = tuple(parse_condition(text, scenario, polity_id) for text in args.require)
        instance = build_instance(scenario, polity_id)
        question = Question(conditions, cost, args.solutions, args.time_limit)
        result = solve(instance, question)
    except ConditionError as exc:
        return _fail(str(exc))
    answers = make_answers(scenario, instance, question, result)
    files = [answer_path(Path(args.output), n + 1) for n in range(len(answers))]
    for answer, path in zip(answers, files):
        save_scenario(answer.scenario, path)
    print(format_result(scenario, question, result, answers, files, args.format))
    return 0 if answers else 1


def answer_path(output: Path, rank: int) -> Path:
    return output if rank == 1 else output.with_name(f"{output.stem}-{rank}{output.suffix or '.geojson'}")


def _regions(scenario, ids) -> list[dict]:
    return [{"id": r, "name": scenario.regions[r].name} for r in ids]


def format_result(
    scenario, question: Question, result: SolveResult, answers: list[Answer], files: list[Path], fmt: str
) -> str:
    if fmt == "json":
        return json.dumps(
            {
                "scenario": scenario.name,
                "conditions": [c.spelling for c in question.conditions],
                "minimise": question.cost,
                "status": result.status,
                "seconds": round(result.seconds, 3),
                "conflicts": [c.spelling for c in result.conflicts],
                "split_regions": list(result.split_regions),
                "answers": [
                    {
                        "rank": a.rank,
                        "status": a.solution.status,
                        "name": a.scenario.name,
                        "file": str(f),
                        "cost": a.solution.cost,
                        "gained": _regions(scenario, a.solution.gained),
                        "lost": _regions(scenario, a.solution.lost),
                        "before": {m.polity_id: dataclasses.asdict(m) for m in a.before},
                        "after": {m.polity_id: dataclasses.asdict(m) for m in a.after},
                    }
                    for a, f in zip(answers, files)
                ],
            },
            indent=2,
            ensure_ascii=False,
        )
    lines = [
        f"Scenario: {scenario.name}",
        f"Conditions: {', '.join(c.spelling for c in question.conditions)}; minimise {question.cost}",
        f"Status: {result.status} ({result.seconds:.2f} s)",
    ]
    if result.split_regions:
        lines.append("Regions in pieces now move whole: " + ", ".join(result.split_regions))
    if not answers:
        if result.conflicts:
            lines.append("These conditions cannot all hold: " + ", ".join(c.spelling for c in result.conflicts))
        elif result.status == "unknown":
            lines.append("No answer was found within the time limit.")
        return "\n".join(lines)
    for answer, path in zip(answers, files):
        s = answer.solution
        moved = (
            [f"+ {scenario.regions[r].name} ({r})" for r in s.gained]
            + [f"- {scenario.regions[r].name} ({r})" for r in s.lost]
        ) or ["(nothing: the scenario already meets the conditions)"]
        lines += [
            "",
            f"Answer {answer.rank} ({s.status}, cost {s.cost:,}): {answer.scenario.name}",
            f"Written to {path}",
            "Regions moved:",
            *(f"  {m}" for m in moved),
            "",
        ]
        headers = ["metric"] + [f"{m.name} {when}" for m in answer.before for when in ("before", "after")]
        after = {m.polity_id: m for m in answer.after}
        rows = [
            [label] + [v for m in answer.before for v in (getattr(m, key), getattr(after[m.polity_id], key))]
            for key, label in METRIC_ROWS
        ]
        lines.append(text_table(headers, rows))
    return "\n".join(lines)
