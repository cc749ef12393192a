"""Random edit sequences on a real scenario, as a user of the editor could make them (shared by the save⇄load
property test and the crash-recovery test)."""

from __future__ import annotations

import math
import random

import numpy as np
import shapely

from sovsplit.model.annotations import arguments as notes
from sovsplit.model.editing import edits
from sovsplit.model.editing.border import border_lines
from sovsplit.model.editing.cut import cut
from sovsplit.model.editing.edits import EditRefused
from sovsplit.model.editing.vertex_edits import delete_vertex, insert_vertex, move_vertex
from sovsplit.model.regions import RegionSet, default_regions
from sovsplit.model.scenario import PALETTE, Parcel, Polity, Scenario

# The Caucasus: ten shipped regions with Black Sea and Caspian coast and ports (Batumi, Poti, Baku,
# Makhachkala), small enough that thousands of edits, saves and reloads take seconds.
CAUCASUS = ("RUAD", "RUKC", "RUKB", "RUSE", "RUIN", "RUCE", "RUDA", "GE", "AM", "AZ")


def caucasus_regions() -> RegionSet:
    """A RegionSet of the shipped Caucasus regions (the very geometry objects of the full set)."""
    full = default_regions()
    return RegionSet([full[r] for r in CAUCASUS])


def two_polity_scenario(regions: RegionSet) -> Scenario:
    """Russian regions to "north", the rest to "south", as a scenario file would give them."""
    polities = [Polity("north", "North", "Makhachkala", PALETTE[0]), Polity("south", "South", "Tbilisi", PALETTE[1])]
    parcels = [Parcel(r.id, r.id, r.geometry) for r in regions.regions]
    owner = {r.id: ("north" if r.republic_id == "RU" else "south") for r in regions.regions}
    return Scenario("Walk", regions, polities, parcels, owner)


class Walk:
    """Applies random edits with an undo and a redo stack, like the window's history."""

    def __init__(self, scenario: Scenario, seed: int, geometry_weight: float = 1.0):
        self.scenario = scenario
        self.rng = random.Random(seed)
        self.done: list = []
        self.undone: list = []
        self.refused = 0
        self.counts: dict[str, int] = {}
        self._names = 0
        # Called as (op, edit) after each edit is applied ("apply") or undone ("revert"), like the window's
        # undo commands tell the crash journal.
        self.on_edit = None
        # Territory edits that make new pieces (cuts, vertex edits) are scaled by `geometry_weight`: they grow
        # the file, so a long walk in CI has fewer of them than the slow one.
        g = geometry_weight
        self._actions = [
            (30, self._reassign),
            (8, self._reassign_region),
            (8 * g, self._cut),
            (10 * g, self._move),
            (5 * g, self._insert),
            (5 * g, self._delete_vertex),
            (4, self._add_polity),
            (4, self._change_polity),
            (3, self._delete_polity),
            (4, self._add_note),
            (3, self._edit_note),
            (2, self._move_note),
            (2, self._delete_note),
            (9, self._undo),
            (5, self._redo),
        ]
        self._weights = [w for w, _ in self._actions]

    def step(self) -> str:
        """One user action; returns its name (refused edits leave the scenario as it was)."""
        action = self.rng.choices(self._actions, self._weights)[0][1]
        name = action.__name__.strip("_")
        try:
            edit = action()
        except EditRefused:
            self.refused += 1
            return name + " (refused)"
        if edit is not None:
            edit.apply(self.scenario)
            self.done.append(edit)
            self.undone.clear()
            self._tell("apply", edit)
        self.counts[name] = self.counts.get(name, 0) + 1
        return name

    # --- history ---------------------------------------------------------------------------------------------
    def _undo(self):
        if self.done:
            edit = self.done.pop()
            edit.revert(self.scenario)
            self.undone.append(edit)
            self._tell("revert", edit)

    def _redo(self):
        if self.undone:
            edit = self.undone.pop()
            edit.apply(self.scenario)
            self.done.append(edit)
            self._tell("apply", edit)

    def _tell(self, op: str, edit) -> None:
        if self.on_edit is not None:
            self.on_edit(op, edit)

    # --- territory -------------------------------------------------------------------------------------------
    def _owner_choice(self) -> str | None:
        ids = list(self.scenario.polities)
        return None if not ids or self.rng.random() < 0.15 else self.rng.choice(ids)

    def _reassign(self):
        pid = self.rng.choice(list(self.scenario.parcels))
        return edits.reassign(self.scenario, [pid], self._owner_choice())

    def _reassign_region(self):
        region = self.rng.choice(self.scenario.regions.ids)
        return edits.reassign_regions(self.scenario, [region], self._owner_choice())

    def _cut(self):
        parcel = self.rng.choice(list(self.scenario.parcels.values()))
        inside = shapely.get_coordinates(parcel.geometry.representative_point())[0]
        minx, miny, maxx, maxy = parcel.geometry.bounds
        reach = 0.6 * math.hypot(maxx - minx, maxy - miny)
        angle = self.rng.uniform(0, math.pi)
        direction = np.array([math.cos(angle), math.sin(angle)])
        bend = inside + self.rng.uniform(-0.2, 0.2) * reach * np.array([-direction[1], direction[0]])
        return cut(self.scenario, [inside - reach * direction, bend, inside + reach * direction])

    def _border(self):
        lines = border_lines(self.scenario)
        if not lines:
            raise EditRefused("no borders")
        line = self.rng.choice(lines)
        movable = [i for i in range(len(line.coords) - (1 if line.closed else 0)) if line.movable(i)]
        if not movable:
            raise EditRefused("no movable vertex")
        return line, self.rng.choice(movable)

    def _move(self):
        line, index = self._border()
        a, b = line.neighbours(index)
        p = line.coords[index]
        room = min(np.hypot(*(a - p)), np.hypot(*(b - p)))
        angle = self.rng.uniform(0, 2 * math.pi)
        reach = self.rng.uniform(0.05, 0.45) * room
        return move_vertex(self.scenario, line, index, p + reach * np.array([math.cos(angle), math.sin(angle)]))

    def _insert(self):
        line, index = self._border()
        segment = min(index, len(line.coords) - 2)
        return insert_vertex(self.scenario, line, segment, self.rng.uniform(0.1, 0.9))[0]

    def _delete_vertex(self):
        line, index = self._border()
        return delete_vertex(self.scenario, line, index)

    # --- polities --------------------------------------------------------------------------------------------
    def _add_polity(self):
        self._names += 1
        name = self.rng.choice(["Free", "United", "New", "=Formula", "Ünïcode"]) + f" State {self._names}"
        return edits.add_polity(self.scenario, name, self.rng.choice(PALETTE), capital=self.rng.choice(["", "Baku"]))

    def _change_polity(self):
        if not self.scenario.polities:
            raise EditRefused("no polity")
        pid = self.rng.choice(list(self.scenario.polities))
        if self.rng.random() < 0.5:
            return edits.update_polity(self.scenario, pid, name=f"Renamed {self.rng.randrange(1000)}")
        return edits.update_polity(self.scenario, pid, colour=self.rng.choice(PALETTE))

    def _delete_polity(self):
        if len(self.scenario.polities) < 2:
            raise EditRefused("keep one polity")
        pid = self.rng.choice(list(self.scenario.polities))
        others = [p for p in self.scenario.polities if p != pid]
        return edits.delete_polity(self.scenario, pid, self.rng.choice([None, *others]))

    # --- notes -----------------------------------------------------------------------------------------------
    def _random_point(self):
        minx, miny, maxx, maxy = self.scenario.regions.union.bounds
        return self.rng.uniform(minx, maxx), self.rng.uniform(miny, maxy)

    def _add_note(self):
        lon, lat = self._random_point()
        note = notes.new_note(
            self.scenario,
            lon,
            lat,
            f"Note {self.rng.randrange(10**6)}",
            self.rng.choice(["Ports matter.", "@mention", "multi\nline"]),
            self.rng.choice(notes.TOPICS),
            self.rng.choice(notes.STANCES),
        )
        return notes.add_note_edit(self.scenario, note)

    def _note_id(self) -> str:
        if not self.scenario.annotations:
            raise EditRefused("no note")
        return self.rng.choice(self.scenario.annotations)["id"]

    def _edit_note(self):
        return notes.edit_note_edit(self.scenario, self._note_id(), text=f"Edited {self.rng.randrange(1000)}")

    def _move_note(self):
        return notes.move_note_edit(self.scenario, self._note_id(), *self._random_point())

    def _delete_note(self):
        return notes.delete_note_edit(self.scenario, self._note_id())
