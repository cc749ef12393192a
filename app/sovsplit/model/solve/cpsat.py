"""The transfer as an integer programme for OR-Tools CP-SAT: one 0/1 variable per region (held by the polity after).

Contiguity is the single-commodity flow formulation of districting models: the capital's region sends one unit
of flow to every other held region, and flow may only run between held regions that share a border.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from sovsplit.model.solve.conditions import (
    ArablePerPerson,
    CapitalDistance,
    Condition,
    Contiguous,
    Fixed,
    HoldPort,
    MinPopulation,
    PacificRailPort,
)
from sovsplit.model.solve.instance import HECTARES_PER_KM2, Instance, arable_targets, foreign_allows

# Shares are compared in integer parts per billion; finer than any figure the statistics carry.
_SHARE_SCALE = 10**9
_PEOPLE_SCALE = 1000


@dataclass
class Formulation:
    """A built model with its region variables and objective."""

    model: cp_model.CpModel
    x: dict[str, cp_model.IntVar]
    moved: dict[str, cp_model.LinearExpr]  # region id → linear expression, 1 when the region changes hands
    objective: object


def formulate(
    instance: Instance,
    conditions: tuple[Condition, ...],
    costs: dict[str, int],
    no_goods: tuple[frozenset[str], ...] = (),
) -> Formulation:
    """The model for these conditions; each no-good is a set of moved regions a new answer must differ from."""
    m = cp_model.CpModel()
    now = instance.held_now()
    x = {r: m.new_bool_var(f"x_{r}") for r in instance.ids}
    for r in instance.ids:
        if r not in instance.free:
            m.add(x[r] == int(r in now))
    moved = {r: (1 - x[r]) if r in now else x[r] for r in instance.ids}
    for condition in conditions:
        _add(m, instance, x, condition)
    for previous in no_goods:
        # A different set of moved regions: at least one region moves that did not, or stays that moved.
        m.add(sum((1 - moved[r]) if r in previous else moved[r] for r in instance.ids) >= 1)
    objective = sum(costs[r] * moved[r] for r in instance.ids)
    m.minimize(objective)
    return Formulation(m, x, moved, objective)


def _add(m: cp_model.CpModel, instance: Instance, x, condition: Condition) -> None:
    f = instance.figures
    if isinstance(condition, PacificRailPort):
        m.add(sum(x[r] for r in instance.ids if f[r].pacific_rail_ports) >= 1)
    elif isinstance(condition, HoldPort):
        m.add(sum(x[r] for r in instance.ids if condition.port_index in f[r].ports) >= 1)
    elif isinstance(condition, Fixed):
        m.add(x[condition.region_id] == int(condition.inside))
    elif isinstance(condition, MinPopulation):
        m.add(sum(round(instance.people(r)) * x[r] for r in instance.ids) >= round(condition.people))
    elif isinstance(condition, ArablePerPerson):
        _arable_per_person(m, instance, x, condition)
    elif isinstance(condition, CapitalDistance):
        m.add(x[instance.capital_region] == 1)
        m.add(foreign_allows(instance, condition))  # False (no answer) when a foreign country is nearer
        for r, km in instance.capital_distances().items():
            # A region this near the capital may belong to nobody but the polity (unclaimed land aside).
            if km < condition.km and (instance.owners[r] is not None or r in instance.held_now()):
                m.add(x[r] == 1)
    elif isinstance(condition, Contiguous):
        _contiguous(m, instance, x)
    else:
        raise TypeError(f"unknown condition {condition!r}")


def _arable_per_person(m, instance: Instance, x, condition: ArablePerPerson) -> None:
    f = instance.figures
    if condition.other is None:
        # 100 ha/km² × arable ≥ H × people, in thousandths of a hectare.
        m.add(
            sum(
                round(_PEOPLE_SCALE * (HECTARES_PER_KM2 * f[r].arable_km2 - condition.threshold() * instance.people(r)))
                * x[r]
                for r in instance.ids
            )
            >= 0
        )
        m.add(sum(round(instance.people(r)) * x[r] for r in instance.ids) >= 1)
        return
    # With the two polities' land pooled (A km², P people), a/p ≥ (A − a)/(P − p) is a·P ≥ A·p: linear in x.
    pool_arable, pool_people = arable_targets(instance, condition)
    for r in instance.ids:
        if instance.owners[r] not in (instance.polity_id, condition.other):
            m.add(x[r] == 0)
    m.add(
        sum(
            round(_SHARE_SCALE * (f[r].arable_km2 / pool_arable - instance.people(r) / pool_people)) * x[r]
            for r in instance.ids
        )
        >= 0
    )
    m.add(sum(round(instance.people(r)) * x[r] for r in instance.ids) >= 1)


def _contiguous(m, instance: Instance, x) -> None:
    root = instance.capital_region
    m.add(x[root] == 1)
    n = len(instance.ids)
    flow = {}
    for a, b in instance.adjacency.edges():
        for i, j in ((a, b), (b, a)):
            if j == root:
                continue  # nothing flows back into the root
            f = m.new_int_var(0, n - 1, f"f_{i}_{j}")
            m.add(f <= (n - 1) * x[i])
            m.add(f <= (n - 1) * x[j])
            flow[i, j] = f
    into: dict[str, list] = {r: [] for r in instance.ids}
    out_of: dict[str, list] = {r: [] for r in instance.ids}
    for (i, j), f in flow.items():
        out_of[i].append(f)
        into[j].append(f)
    for r in instance.ids:
        if r == root:
            continue
        inflow, outflow = sum(into[r]), sum(out_of[r])
        # Every held region other than the root keeps one unit; an island cannot be reached at all.
        m.add(inflow - outflow == x[r])
