"""Pure reversible edits of a scenario: each one applies and reverts exactly, for undo and the CLI alike."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sovsplit.model.scenario import Parcel, Polity, Scenario


class EditRefused(ValueError):
    """An edit that would break the scenario (a gap, an overlap, a torn polity); the message is for the user."""


class Edit:
    """One change to a scenario. `apply` then `revert` leaves the scenario exactly as it was."""

    label: str = "Edit"

    def apply(self, scenario: Scenario) -> None:
        raise NotImplementedError

    def revert(self, scenario: Scenario) -> None:
        raise NotImplementedError

    def parcels_added(self) -> list[str]:
        """Ids of parcels this edit creates (the statistics engine computes only those)."""
        return []


@dataclass
class Reassign(Edit):
    """Give parcels to another polity (or to nobody); `old` remembers each parcel's previous owner."""

    new: dict[str, str | None]
    old: dict[str, str | None]
    label: str = "Reassign"

    def apply(self, scenario: Scenario) -> None:
        if self.new:
            scenario.set_owners(dict(self.new))

    def revert(self, scenario: Scenario) -> None:
        if self.old:
            scenario.set_owners(dict(self.old))

    def extend(self, more: Reassign) -> None:
        """Absorb a later reassignment (a brush stroke growing); the earliest old owner of each parcel wins."""
        for pid, owner in more.old.items():
            self.old.setdefault(pid, owner)
        self.new.update(more.new)
        # A parcel painted back to its first owner within one stroke is no change at all.
        for pid in [p for p in self.new if self.new[p] == self.old.get(p)]:
            del self.new[pid]
            del self.old[pid]


@dataclass
class ReplaceParcels(Edit):
    """Swap some parcels for others covering the same ground (a cut, a border reshape).

    The parcel order before the edit is kept so that reverting restores the scenario's dicts exactly.
    """

    removed: list[tuple[Parcel, str | None]]
    added: list[tuple[Parcel, str | None]]
    order_before: tuple[list[str], list[str]]  # parcel ids in the order of scenario.parcels and scenario.owner
    order_after: tuple[list[str], list[str]]
    label: str = "Replace parcels"

    def apply(self, scenario: Scenario) -> None:
        scenario.replace_parcels([p.id for p, _ in self.removed], list(self.added), *self.order_after)

    def revert(self, scenario: Scenario) -> None:
        scenario.replace_parcels([p.id for p, _ in self.added], list(self.removed), *self.order_before)

    def parcels_added(self) -> list[str]:
        return [p.id for p, _ in self.added]


@dataclass
class PutPolity(Edit):
    """Add a polity, or change one (rename, recolour, new capital); `old` is None for an added polity."""

    new: Polity
    old: Polity | None
    index: int | None = None
    label: str = "Change polity"

    def apply(self, scenario: Scenario) -> None:
        scenario.put_polity(self.new, self.index)

    def revert(self, scenario: Scenario) -> None:
        if self.old is None:
            scenario.drop_polity(self.new.id)
        else:
            scenario.put_polity(self.old)


@dataclass
class DropPolity(Edit):
    """Remove a polity that holds no territory, remembering its place in the list."""

    polity: Polity
    index: int
    label: str = "Remove polity"

    def apply(self, scenario: Scenario) -> None:
        scenario.drop_polity(self.polity.id)

    def revert(self, scenario: Scenario) -> None:
        scenario.put_polity(self.polity, self.index)


@dataclass
class Compound(Edit):
    """Several edits as one step: applied in order, reverted in reverse order."""

    edits: list[Edit] = field(default_factory=list)
    label: str = "Edit"

    def apply(self, scenario: Scenario) -> None:
        for edit in self.edits:
            edit.apply(scenario)

    def revert(self, scenario: Scenario) -> None:
        for edit in reversed(self.edits):
            edit.revert(scenario)

    def parcels_added(self) -> list[str]:
        return [pid for edit in self.edits for pid in edit.parcels_added()]


# --- builders: check the request against the scenario and describe it for the history -----------------------
def _polity_name(scenario: Scenario, polity_id: str | None) -> str:
    if polity_id is None:
        return "nobody"
    return scenario.polities[polity_id].name


def _place_name(scenario: Scenario, parcel_ids: Sequence[str]) -> str:
    """ "Primorsky Krai", "part of Sakha Republic", or "3 regions"."""
    region_ids = list(dict.fromkeys(scenario.parcels[pid].region_id for pid in parcel_ids))
    if len(region_ids) == 1:
        region = scenario.regions[region_ids[0]]
        whole = {p.id for p in scenario.parcels.values() if p.region_id == region.id} <= set(parcel_ids)
        return region.name if whole else f"part of {region.name}"
    return f"{len(region_ids)} regions"


def reassign(scenario: Scenario, parcel_ids: Iterable[str], polity_id: str | None) -> Reassign:
    """Give parcels to a polity; parcels it already holds are left out. Raise EditRefused on unknown ids."""
    if polity_id is not None and polity_id not in scenario.polities:
        raise EditRefused(f"there is no polity {polity_id!r}")
    ids = list(dict.fromkeys(parcel_ids))
    unknown = [pid for pid in ids if pid not in scenario.parcels]
    if unknown:
        raise EditRefused(f"there is no parcel {unknown[0]!r}")
    changing = [pid for pid in ids if scenario.owner[pid] != polity_id]
    edit = Reassign({pid: polity_id for pid in changing}, {pid: scenario.owner[pid] for pid in changing})
    if changing:
        edit.label = f"Give {_place_name(scenario, changing)} to {_polity_name(scenario, polity_id)}"
    else:
        edit.label = f"Give nothing to {_polity_name(scenario, polity_id)}"
    return edit


def reassign_regions(scenario: Scenario, region_ids: Iterable[str], polity_id: str | None) -> Reassign:
    """Give whole regions (every parcel of each) to a polity."""
    wanted = set(region_ids)
    missing = wanted - set(scenario.regions.by_id)
    if missing:
        raise EditRefused(f"there is no region {sorted(missing)[0]!r}")
    ids = [pid for pid, p in scenario.parcels.items() if p.region_id in wanted]
    return reassign(scenario, ids, polity_id)


def replace_parcels(
    scenario: Scenario, remove: Sequence[str], add: Sequence[tuple[Parcel, str | None]], label: str
) -> ReplaceParcels:
    """Swap parcels for others; the new ones take the place of the first removed one in the parcel order."""
    removed = [(scenario.parcels[pid], scenario.owner[pid]) for pid in remove]
    gone = set(remove)
    clash = [p.id for p, _ in add if p.id in scenario.parcels and p.id not in gone]
    if clash:
        raise EditRefused(f"parcel id {clash[0]!r} is already taken")
    new_ids = [p.id for p, _ in add]
    before = (list(scenario.parcels), list(scenario.owner))
    return ReplaceParcels(
        removed, list(add), before, (_spliced(before[0], gone, new_ids), _spliced(before[1], gone, new_ids)), label
    )


def _spliced(order: list[str], gone: set[str], new_ids: list[str]) -> list[str]:
    """`order` without the removed ids and with the new ones where the first removed one was."""
    first = min((n for n, pid in enumerate(order) if pid in gone), default=len(order))
    kept = [pid for pid in order if pid not in gone]
    insert_at = sum(1 for pid in order[:first] if pid not in gone)
    return kept[:insert_at] + new_ids + kept[insert_at:]


def add_polity(
    scenario: Scenario, name: str, colour: str, capital: str = "", polity_id: str | None = None
) -> PutPolity:
    name = name.strip()
    if not name:
        raise EditRefused("a polity needs a name")
    pid = polity_id or scenario.unique_polity_id(name)
    if pid in scenario.polities:
        raise EditRefused(f"a polity with id {pid!r} already exists")
    return PutPolity(Polity(pid, name, capital, colour), None, None, f"Add {name}")


def update_polity(scenario: Scenario, polity_id: str, **changes) -> PutPolity:
    """Rename, recolour or give a new capital to a polity (keyword arguments name, colour, capital)."""
    if polity_id not in scenario.polities:
        raise EditRefused(f"there is no polity {polity_id!r}")
    old = scenario.polities[polity_id]
    if "name" in changes:
        changes["name"] = str(changes["name"]).strip()
        if not changes["name"]:
            raise EditRefused("a polity needs a name")
    new = old.with_changes(**changes)
    if "name" in changes and changes["name"] != old.name:
        label = f"Rename {old.name} to {new.name}"
    elif "colour" in changes and changes["colour"] != old.colour:
        label = f"Recolour {old.name}"
    else:
        label = f"Change {old.name}"
    return PutPolity(new, old, None, label)


def delete_polity(scenario: Scenario, polity_id: str, heir: str | None) -> Compound:
    """Remove a polity; its territory goes to `heir` (another polity, or None for unclaimed)."""
    if polity_id not in scenario.polities:
        raise EditRefused(f"there is no polity {polity_id!r}")
    if heir == polity_id:
        raise EditRefused("a polity cannot inherit its own territory")
    polity = scenario.polities[polity_id]
    held = [pid for pid, owner in scenario.owner.items() if owner == polity_id]
    steps: list[Edit] = []
    if held:
        steps.append(reassign(scenario, held, heir))
    steps.append(DropPolity(polity, list(scenario.polities).index(polity_id)))
    where = f"; its land to {_polity_name(scenario, heir)}" if held else ""
    return Compound(steps, f"Delete {polity.name}{where}")
