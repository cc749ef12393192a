"""Answers as scenarios: a solution applied to a copy of the scenario through the model's edits, with metrics."""

from __future__ import annotations

from dataclasses import dataclass

from sovsplit.model.annotations import metrics as tm
from sovsplit.model.editing.edits import Compound, Edit, reassign_regions
from sovsplit.model.report import scenario_report
from sovsplit.model.scenario import Scenario
from sovsplit.model.session import copy_scenario
from sovsplit.model.solve.adjacency import region_adjacency
from sovsplit.model.solve.conditions import COST_PHRASES
from sovsplit.model.solve.instance import Instance
from sovsplit.model.solve.solver import Question, Solution, SolveResult
from sovsplit.model.solve.territory import region_owner
from sovsplit.model.stats import StatsEngine


@dataclass(frozen=True)
class PolityMetrics:
    """A polity's figures as `sovsplit stats` reports them, plus contiguity and the capital's distance."""

    polity_id: str
    name: str
    area_km2: float
    arable_km2: float
    population: float | None
    ports: int
    year_round_ports: int
    pacific_rail_ports: int
    regions: int
    contiguous: bool
    capital_border_distance_km: float | None


@dataclass(frozen=True)
class Answer:
    """A solution opened as a scenario: the edit that makes it, and the metrics before and after."""

    solution: Solution
    rank: int  # 1 for the optimum, 2 for the next best, …
    scenario: Scenario
    edit: Compound  # applies to the original scenario as one undoable step
    before: tuple[PolityMetrics, ...]
    after: tuple[PolityMetrics, ...]


def answer_name(scenario: Scenario, instance: Instance, question: Question, rank: int) -> str:
    """E.g. "East USSR: pacific-rail-port, contiguous (least area moved)"; later answers say their rank."""
    polity = scenario.polities[instance.polity_id].name
    conditions = ", ".join(c.spelling for c in question.conditions) or "no conditions"
    suffix = f", answer {rank}" if rank > 1 else ""
    return f"{polity}: {conditions} ({COST_PHRASES[question.cost]}{suffix})"


def transfer_edit(scenario: Scenario, instance: Instance, solution: Solution, label: str) -> Compound:
    """The reassignments that carry out a solution on `scenario` (whole regions; pieces of a split one too)."""
    steps: list[Edit] = []
    if solution.gained:
        steps.append(reassign_regions(scenario, solution.gained, instance.polity_id))
    if solution.lost:
        steps.append(reassign_regions(scenario, solution.lost, instance.receiver))
    return Compound(steps, label)


def make_answer(
    scenario: Scenario,
    instance: Instance,
    question: Question,
    solution: Solution,
    rank: int = 1,
    before: tuple[PolityMetrics, ...] | None = None,
) -> Answer:
    name = answer_name(scenario, instance, question, rank)
    edit = transfer_edit(scenario, instance, solution, f"Answer: {name}")
    twin = copy_scenario(scenario, name)
    transfer_edit(twin, instance, solution, edit.label).apply(twin)
    shown = _shown(instance)
    return Answer(
        solution,
        rank,
        twin,
        edit,
        before if before is not None else polity_metrics(scenario, shown),
        polity_metrics(twin, shown),
    )


def make_answers(scenario: Scenario, instance: Instance, question: Question, result: SolveResult) -> list[Answer]:
    """Every solution of a result as a scenario, best first (what a window lists and previews)."""
    before = polity_metrics(scenario, _shown(instance))
    return [make_answer(scenario, instance, question, s, n + 1, before) for n, s in enumerate(result.solutions)]


def _shown(instance: Instance) -> tuple[str, ...]:
    return tuple(p for p in (instance.polity_id, instance.receiver) if p is not None)


def polity_metrics(scenario: Scenario, polity_ids: tuple[str, ...]) -> tuple[PolityMetrics, ...]:
    """Metrics from the same report `stats` prints (rounded as it rounds them)."""
    report = scenario_report(scenario, StatsEngine(scenario))
    owners = region_owner(scenario)
    adjacency = region_adjacency(scenario.regions)
    result = []
    for pid in polity_ids:
        entry = report.polity(pid)
        if entry is None:
            raise ValueError(f"the report has no statistics for polity {pid!r}")
        held = [r for r, o in owners.items() if o == pid]
        result.append(
            PolityMetrics(
                pid,
                entry.name,
                entry.area_km2,
                entry.arable_km2,
                entry.population,
                entry.ports.count,
                entry.ports.year_round,
                tm.rail_year_round_pacific_ports(entry),
                len(held),
                adjacency.is_connected(held),
                tm.capital_border_distance_km(scenario, pid),
            )
        )
    return tuple(result)
