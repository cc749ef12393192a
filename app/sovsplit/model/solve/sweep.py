"""Marginal value of each region to a polity: what moving it whole to (or from) the polity changes, region by region.

Each move is applied to the scenario as a real edit (model/edits.py), measured with the incremental statistics
engine and reverted, so a sweep of all regions costs a few milliseconds per region rather than a recount.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sovsplit.model.annotations.arguments import all_annotations, assess
from sovsplit.model.annotations.rules import evaluate
from sovsplit.model.editing.edits import reassign_regions
from sovsplit.model.report import scenario_report
from sovsplit.model.scenario import Scenario
from sovsplit.model.solve.adjacency import region_adjacency
from sovsplit.model.solve.figures import is_pacific_rail_port, population_of, port_label
from sovsplit.model.solve.territory import RegionMetricContext, all_whole, region_owner
from sovsplit.model.stats import StatsEngine

Progress = Callable[[int, int], None]  # (done, total)
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class VerdictFlip:
    """An argument whose verdict the move would change."""

    annotation_id: str
    title: str
    before: str
    after: str


@dataclass(frozen=True)
class SweepRow:
    """What moving one whole region to the polity (gain) or away from it (loss) changes for the polity."""

    region_id: str
    name: str
    direction: str  # "gain" or "loss"
    from_polity: str | None
    to_polity: str | None
    area_km2: float  # signed change of the polity's figure
    arable_km2: float
    population: float | None  # None while the statistics carry no population
    ports_gained: tuple[str, ...]
    ports_lost: tuple[str, ...]
    pacific_rail_port_before: bool
    pacific_rail_port_after: bool
    contiguous_before: bool
    contiguous_after: bool
    split: bool  # the region is in pieces now and moves whole
    flips: tuple[VerdictFlip, ...] = field(default=())

    @property
    def contiguity_change(self) -> str:
        if self.contiguous_before == self.contiguous_after:
            return "kept" if self.contiguous_after else "still broken"
        return "restored" if self.contiguous_after else "broken"


@dataclass(frozen=True)
class SweepResult:
    """The rows of a sweep and what they are measured against."""

    polity_id: str
    receiver: str | None  # who gets the polity's regions in the "loss" rows
    rows: tuple[SweepRow, ...]
    cancelled: bool = False


def default_receiver(scenario: Scenario, polity_id: str) -> str | None:
    """Who takes regions the polity gives up: the other polity holding most regions."""
    owners = region_owner(scenario)
    others = [p for p in scenario.polities if p != polity_id]
    return max(others, key=lambda p: sum(1 for o in owners.values() if o == p), default=None)


def candidate_regions(scenario: Scenario, polity_id: str, all_regions: bool = False) -> list[str]:
    """The polity's neighbouring regions and its own regions on a border with another polity (or every region)."""
    if all_regions:
        return list(scenario.regions.ids)
    owners = region_owner(scenario)
    adjacency = region_adjacency(scenario.regions)
    held = {r for r, o in owners.items() if o == polity_id}
    near = adjacency.touching(held)
    rim = {r for r in held if any(owners[n] != polity_id for n in adjacency.neighbours[r])}
    return [r for r in scenario.regions.ids if r in near or r in rim]


def sweep(
    scenario: Scenario,
    polity_id: str,
    all_regions: bool = False,
    engine: StatsEngine | None = None,
    receiver: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> SweepResult:
    """Move each candidate region, measure, and move it back; the scenario ends exactly as it was."""
    if polity_id not in scenario.polities:
        raise ValueError(f"there is no polity {polity_id!r}")
    engine = engine or StatsEngine(scenario)
    receiver = receiver or default_receiver(scenario, polity_id)
    candidates = candidate_regions(scenario, polity_id, all_regions)
    split = {p.region_id for p in scenario.parcels.values() if p.id != p.region_id}
    fast = all_whole(scenario)
    annotations = all_annotations(scenario)
    adjacency = region_adjacency(scenario.regions)
    base = _measure(scenario, engine, polity_id, annotations, fast, adjacency)
    rows: list = []
    for n, rid in enumerate(candidates):
        if cancelled is not None and cancelled():
            return SweepResult(polity_id, receiver, tuple(rows), cancelled=True)
        losing = scenario.owner_of_region(rid) == polity_id
        target = receiver if losing else polity_id
        if losing and target is None:
            continue
        edit = reassign_regions(scenario, [rid], target)
        old_owner = scenario.owner_of_region(rid)
        edit.apply(scenario)
        try:
            after = _measure(scenario, engine, polity_id, annotations, fast, adjacency)
        finally:
            edit.revert(scenario)
        rows.append(
            _row(scenario, annotations, rid, "loss" if losing else "gain", old_owner, target, base, after, rid in split)
        )
        if progress is not None:
            progress(n + 1, len(candidates))
    return SweepResult(polity_id, receiver, tuple(rows))


@dataclass(frozen=True)
class _Measure:
    area: float
    arable: float
    population: float | None
    ports: frozenset[int]
    contiguous: bool
    verdicts: tuple[str, ...]


def _measure(scenario, engine, polity_id, annotations, fast, adjacency) -> _Measure:
    totals = engine.totals()[polity_id]
    report = scenario_report(scenario, engine)
    owners = region_owner(scenario)
    if fast:
        ctx = RegionMetricContext(scenario, report, owners)
        verdicts = tuple(evaluate(a.props.get("rule"), ctx).status for a in annotations)
    else:  # split regions: the rules' own measures on unioned geometry
        verdicts = tuple(a.verdict.status for a in assess(scenario, report, annotations))
    held = [r for r, o in owners.items() if o == polity_id]
    return _Measure(
        totals.area_km2,
        totals.arable_km2,
        population_of(totals),
        frozenset(totals.ports),
        adjacency.is_connected(held),
        verdicts,
    )


def _row(
    scenario, annotations, rid, direction, old_owner, new_owner, base: _Measure, after: _Measure, split: bool
) -> SweepRow:
    flips = tuple(
        VerdictFlip(a.id, a.props["title"], b, c)
        for a, b, c in zip(annotations, base.verdicts, after.verdicts)
        if b != c
    )
    population = (
        after.population - base.population if after.population is not None and base.population is not None else None
    )
    return SweepRow(
        region_id=rid,
        name=scenario.regions[rid].name,
        direction=direction,
        from_polity=old_owner,
        to_polity=new_owner,
        area_km2=after.area - base.area,
        arable_km2=after.arable - base.arable,
        population=population,
        ports_gained=tuple(port_label(i) for i in sorted(after.ports - base.ports)),
        ports_lost=tuple(port_label(i) for i in sorted(base.ports - after.ports)),
        pacific_rail_port_before=any(is_pacific_rail_port(i) for i in base.ports),
        pacific_rail_port_after=any(is_pacific_rail_port(i) for i in after.ports),
        contiguous_before=base.contiguous,
        contiguous_after=after.contiguous,
        split=split,
        flips=flips,
    )
