"""Reversible edits of a timeline (add, remove, move a state; an edit inside one state), for the undo stack."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sovsplit.model.editing.edits import Edit, EditRefused
from sovsplit.model.session import copy_scenario
from sovsplit.model.timeline.timeline import State, Timeline, start_date


class TimelineEdit:
    """One change to a timeline. `apply` then `revert` leaves the timeline exactly as it was."""

    label: str = "Timeline edit"

    def apply(self, timeline: Timeline) -> None:
        raise NotImplementedError

    def revert(self, timeline: Timeline) -> None:
        raise NotImplementedError


@dataclass
class AddState(TimelineEdit):
    """Insert a state at its place in date order."""

    index: int
    state: State
    label: str = "Add state"

    def apply(self, timeline: Timeline) -> None:
        timeline.insert_state(self.index, self.state)

    def revert(self, timeline: Timeline) -> None:
        timeline.remove_state(self.index)


@dataclass
class RemoveState(TimelineEdit):
    """Remove a state; the one before it then lasts until the next."""

    index: int
    state: State
    label: str = "Remove state"

    def apply(self, timeline: Timeline) -> None:
        timeline.remove_state(self.index)

    def revert(self, timeline: Timeline) -> None:
        timeline.insert_state(self.index, self.state)


@dataclass
class MoveState(TimelineEdit):
    """Give a state another start date between its neighbours' (the order of states never changes)."""

    index: int
    old: dt.date
    new: dt.date
    label: str = "Move state"

    def apply(self, timeline: Timeline) -> None:
        timeline.set_start(self.index, self.new)

    def revert(self, timeline: Timeline) -> None:
        timeline.set_start(self.index, self.old)


@dataclass
class InState(TimelineEdit):
    """A scenario edit (model/editing/edits.py) applied to one state; the other states are untouched."""

    state: State
    edit: Edit

    @property
    def label(self) -> str:  # type: ignore[override]
        return self.edit.label

    def apply(self, timeline: Timeline) -> None:
        self.edit.apply(self.state.scenario)

    def revert(self, timeline: Timeline) -> None:
        self.edit.revert(self.state.scenario)


# --- builders: check the request and write the history label -----------------------------------------------------
def add_state(timeline: Timeline, day: dt.date, title: str = "", note: str = "") -> AddState:
    """A new state from `day`, a copy of the state valid then (of the first state for a day before it)."""
    if not timeline.dated:
        raise EditRefused("this scenario has no dates; save it as a timeline first")
    if day in timeline.dates():
        raise EditRefused(f"a state already starts on {day.isoformat()}")
    if timeline.end is not None and day >= timeline.end:
        raise EditRefused(f"{day.isoformat()} is after the timeline's end ({timeline.end.isoformat()})")
    index = sum(1 for s in timeline.states if start_date(s) < day)
    source = timeline.states[max(index - 1, 0)]
    state = State(day, copy_scenario(source.scenario), title, note)
    return AddState(index, state, f"New state at {day.isoformat()}")


def remove_state(timeline: Timeline, index: int) -> RemoveState:
    if not 0 <= index < len(timeline.states):
        raise EditRefused(f"there is no state {index + 1}")
    if len(timeline.states) == 1:
        raise EditRefused("a timeline keeps at least one state")
    state = timeline.states[index]
    # Only an undated timeline has a state without a start, and it has one state, which was refused above.
    return RemoveState(index, state, f"Remove the state of {start_date(state).isoformat()}")


def move_state(timeline: Timeline, index: int, day: dt.date) -> MoveState:
    if not 0 <= index < len(timeline.states) or not timeline.dated:
        raise EditRefused(f"there is no dated state {index + 1}")
    old = start_date(timeline.states[index])
    before = timeline.states[index - 1].start if index > 0 else None
    after = timeline.end_of(index)
    if (before is not None and day <= before) or (after is not None and day >= after):
        low = before.isoformat() if before else "…"
        high = after.isoformat() if after else "…"
        raise EditRefused(f"{day.isoformat()} is not between the neighbouring states ({low} and {high})")
    return MoveState(index, old, day, f"Move the state of {old.isoformat()} to {day.isoformat()}")
