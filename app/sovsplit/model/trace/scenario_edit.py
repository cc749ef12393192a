"""A trace result as one undoable edit of a scenario: new polities, the regions reassigned, emptied ones gone."""

from __future__ import annotations

from collections.abc import Sequence

from sovsplit.model.editing.edits import Compound, DropPolity, Edit, EditRefused, PutPolity, Reassign, add_polity
from sovsplit.model.scenario import Scenario
from sovsplit.model.trace.assign import TraceResult
from sovsplit.model.trace.split import TracedCut


def resolve_targets(scenario: Scenario, result: TraceResult) -> tuple[list[Edit], list[str]]:
    """PutPolity edits for the targets that are new polities, and each target's polity id."""
    edits: list[Edit] = []
    ids: list[str] = []
    taken = set(scenario.polities)
    for target in result.targets:
        if target.polity_id is not None:
            if target.polity_id not in scenario.polities:
                raise EditRefused(f"there is no polity {target.polity_id!r}")
            ids.append(target.polity_id)
            continue
        pid = _unique_id(target.name, taken)
        edit = add_polity(scenario, target.name, target.colour, polity_id=pid)
        edits.append(edit)
        ids.append(pid)
        taken.add(pid)
    return edits, ids


def _unique_id(name: str, taken: set[str]) -> str:
    base = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "polity"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def trace_edit(
    scenario: Scenario,
    result: TraceResult,
    include_uncertain: bool = False,
    drop_emptied: bool = False,
    source: str = "map image",
    cuts: Sequence[TracedCut] = (),
) -> Compound:
    """One Compound edit: add new polities, cut uncertain regions along their colour boundary (`cuts`, each
    built on this scenario by split.trace_cut), give each region or piece to its traced polity (uncertain
    ones to their leading polity when `include_uncertain`), and remove polities left without land when
    `drop_emptied`."""
    steps, polity_of = resolve_targets(scenario, result)
    parcels = {pid: p.region_id for pid, p in scenario.parcels.items()}
    owner = dict(scenario.owner)
    cut_regions: set[str] = set()
    removed: set[str] = set()
    for traced in cuts:
        gone = {p.id for p, _ in traced.edit.removed}
        if gone & removed:
            raise EditRefused(f"the cuts of {traced.region_id} and another region overlap; cut them one by one")
        removed |= gone
        for pid in gone:
            del parcels[pid]
            del owner[pid]
        for parcel, holder in traced.edit.added:
            parcels[parcel.id], owner[parcel.id] = parcel.region_id, holder
        steps.append(traced.edit)
        cut_regions.add(traced.region_id)
    wanted: dict[str, str] = {}
    for row in result.regions:
        target = row.target if row.target is not None else (row.best if include_uncertain else None)
        if target is not None and row.region_id not in cut_regions:
            wanted[row.region_id] = polity_of[target]
    new: dict[str, str | None] = {
        pid: wanted[rid] for pid, rid in parcels.items() if rid in wanted and owner[pid] != wanted[rid]
    }
    for traced in cuts:
        new.update({pid: polity_of[t] for pid, t in traced.owners.items() if owner[pid] != polity_of[t]})
    old = {pid: owner[pid] for pid in new}
    steps.append(Reassign(new, old, f"Give {len({parcels[p] for p in new})} regions"))
    if drop_emptied:
        held = {new.get(pid, holder) for pid, holder in owner.items()}
        order = list(scenario.polities) + [e.new.id for e in steps if isinstance(e, PutPolity)]
        for polity in list(scenario.polities.values()):
            if polity.id not in held:
                steps.append(DropPolity(polity, order.index(polity.id)))
                order.remove(polity.id)
    regions = len(wanted) + len(cut_regions)
    label = f"Trace {source}: {regions} region{'s' if regions != 1 else ''} to {len(result.targets)} polities"
    if cut_regions:
        label += f", {len(cut_regions)} cut"
    return Compound(steps, label)
