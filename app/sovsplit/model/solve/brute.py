"""Brute force over every side of a few free regions: the independent check (and benchmark baseline) of the solver."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from sovsplit.model.solve.conditions import Condition
from sovsplit.model.solve.instance import Instance, cost_coefficients, holds, moved

MAX_FREE = 20  # 2^20 checks: about a minute in Python; the solver exists for anything larger


@dataclass(frozen=True)
class BruteResult:
    """The least cost over all assignments (None when none meets the conditions) and every set reaching it."""

    cost: int | None
    best: tuple[frozenset[str], ...]
    checked: int


def brute_force(instance: Instance, conditions: tuple[Condition, ...], cost: str) -> BruteResult:
    """Try both sides of every free region, checking the conditions directly (instance.holds), no solver."""
    free = sorted(instance.free)
    if len(free) > MAX_FREE:
        raise ValueError(f"brute force over {len(free)} regions is too slow (at most {MAX_FREE})")
    costs = cost_coefficients(instance, cost)
    now = instance.held_now()
    fixed = frozenset(r for r in now if r not in instance.free)
    best_cost, best, checked = None, [], 0
    for sides in product((False, True), repeat=len(free)):
        held = fixed | {r for r, inside in zip(free, sides) if inside}
        checked += 1
        if not all(holds(instance, c, held) for c in conditions):
            continue
        gained, lost = moved(instance, held)
        total = sum(costs[r] for r in gained + lost)
        if best_cost is None or total < best_cost:
            best_cost, best = total, [held]
        elif total == best_cost:
            best.append(held)
    return BruteResult(best_cost, tuple(best), checked)
