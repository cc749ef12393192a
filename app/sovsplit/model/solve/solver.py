"""Solve a transfer question with CP-SAT: the optimum and its status, conflicting conditions, next-best answers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from sovsplit.model.solve.conditions import Condition, ConditionError
from sovsplit.model.solve.cpsat import formulate
from sovsplit.model.solve.instance import Instance, check_supported, cost_coefficients, moved

OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, CANCELLED = "optimal", "feasible", "infeasible", "unknown", "cancelled"
_STATUS = {
    cp_model.OPTIMAL: OPTIMAL,
    cp_model.FEASIBLE: FEASIBLE,
    cp_model.INFEASIBLE: INFEASIBLE,
    cp_model.UNKNOWN: UNKNOWN,
}

Progress = Callable[[str], None]  # a one-line message for a status bar
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class Question:
    """What to ask: conditions on the polity's territory and the cost to minimise."""

    conditions: tuple[Condition, ...]
    cost: str = "area"
    solutions: int = 1  # the optimum and then the next-best distinct answers
    time_limit_s: float = 30.0


@dataclass(frozen=True)
class Solution:
    """One answer: the regions the polity gains and gives up, what it costs, and its proof status."""

    status: str  # optimal, or feasible when the time limit came first
    gained: tuple[str, ...]
    lost: tuple[str, ...]
    cost: int
    held: frozenset[str] = field(repr=False)


@dataclass(frozen=True)
class SolveResult:
    """The answers (best first) and, when there is none, why."""

    status: str  # of the first answer: optimal, feasible, infeasible, unknown (time ran out) or cancelled
    solutions: tuple[Solution, ...]
    conflicts: tuple[Condition, ...] = ()  # a minimal set of conditions that cannot hold together
    split_regions: tuple[str, ...] = ()  # regions in pieces now: the solver moves them whole
    seconds: float = 0.0


def solve(
    instance: Instance, question: Question, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> SolveResult:
    """Solve the question; call `progress` with news and stop early when `cancelled()` turns true."""
    check_supported(instance, question.conditions)
    costs = cost_coefficients(instance, question.cost)
    start = time.perf_counter()
    found: list[Solution] = []
    status = UNKNOWN
    for n in range(max(1, question.solutions)):
        if cancelled is not None and cancelled():
            status = CANCELLED
            break
        if progress is not None:
            progress(f"solving for answer {n + 1} of {question.solutions}")
        status, solution = _solve_once(
            instance, question.conditions, costs, question.time_limit_s, tuple(s.held for s in found), cancelled
        )
        if solution is None:
            break
        found.append(solution)
        if status == CANCELLED:
            break
    if found:
        first = found[0].status if status != CANCELLED else CANCELLED
        return SolveResult(first, tuple(found), (), instance.split, time.perf_counter() - start)
    conflicts: tuple = ()
    if status == INFEASIBLE:
        if progress is not None:
            progress("no answer exists; finding which conditions conflict")
        conflicts = conflicting_conditions(instance, question, costs, cancelled)
    return SolveResult(status, (), conflicts, instance.split, time.perf_counter() - start)


def conflicting_conditions(
    instance: Instance, question: Question, costs: dict[str, int], cancelled: Cancelled | None = None
) -> tuple[Condition, ...]:
    """A minimal infeasible subset (deletion filter): drop each condition in turn and keep it out if the rest
    still conflict; what remains conflicts, and loses the conflict without any one of its members."""
    kept = list(question.conditions)
    for condition in list(question.conditions):
        trial = [c for c in kept if c is not condition]
        status, _ = _solve_once(
            instance, tuple(trial), costs, question.time_limit_s, (), cancelled, feasibility_only=True
        )
        if status == INFEASIBLE:
            kept = trial
    return tuple(kept)


def _solve_once(
    instance: Instance,
    conditions: tuple[Condition, ...],
    costs: dict[str, int],
    time_limit_s: float,
    no_goods: tuple[frozenset[str], ...],
    cancelled: Cancelled | None,
    feasibility_only: bool = False,
) -> tuple[str, Solution | None]:
    formulation = formulate(instance, conditions, costs, _as_moved(instance, no_goods))
    if feasibility_only:
        formulation.model.clear_objective()
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit_s)
    solver.parameters.num_workers = 2  # the machines this runs on have two cores
    solver.parameters.random_seed = 1
    stop = threading.Event()
    watcher = None
    if cancelled is not None:
        # CP-SAT may search for seconds between solutions; a watcher stops it as soon as the flag turns.
        def watch():
            while not stop.wait(0.05):
                if cancelled():
                    solver.stop_search()
                    return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
    try:
        code = solver.solve(formulation.model)
    finally:
        stop.set()
        if watcher is not None:
            watcher.join()
    status = _STATUS.get(code)
    if status is None:
        raise ConditionError(f"the solver rejected the model: {solver.status_name(code)}")
    was_cancelled = cancelled is not None and cancelled()
    if status not in (OPTIMAL, FEASIBLE):
        return (CANCELLED if was_cancelled else status), None
    held = frozenset(r for r, var in formulation.x.items() if solver.value(var))
    gained, lost = moved(instance, held)
    cost = sum(costs[r] for r in gained + lost)
    if was_cancelled and status == FEASIBLE:
        status = CANCELLED
    return status, Solution(status, tuple(gained), tuple(lost), cost, held)


def _as_moved(instance: Instance, helds: tuple[frozenset[str], ...]) -> tuple[frozenset[str], ...]:
    """The no-good sets: the regions each earlier answer moved."""
    now = instance.held_now()
    return tuple(frozenset(held ^ now) for held in helds)
