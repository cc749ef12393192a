"""A timeline: dated states of one scenario, each a full partition of the same regions, valid until the next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sovsplit.model.events import Signal
from sovsplit.model.regions import RegionSet
from sovsplit.model.scenario import Scenario


@dataclass(eq=False)
class State:
    """One state of the partition: valid from `start` (None only in an undated, one-state timeline)."""

    start: dt.date | None
    scenario: Scenario
    title: str = ""
    note: str = ""


def start_date(state: State) -> dt.date:
    """The start of a state of a dated timeline (every state but the one of an undated timeline has one)."""
    if state.start is None:
        raise ValueError("the state has no start date: its timeline is undated")
    return state.start


@dataclass(eq=False)
class Timeline:
    """States ordered by start date; state i is valid from its start until state i+1 starts (or `end`)."""

    name: str
    regions: RegionSet
    states: list[State]
    end: dt.date | None = None  # when the last state ends (None: open-ended)
    path: Path | None = None
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self):
        if not self.states:
            raise ValueError("a timeline needs at least one state")
        # Emitted (no arguments) when a state is added, removed, or moved to another date.
        self.states_changed = Signal()

    # --- queries ---------------------------------------------------------------------------------------------
    @property
    def dated(self) -> bool:
        return self.states[0].start is not None

    def dates(self) -> list[dt.date | None]:
        return [s.start for s in self.states]

    def end_of(self, index: int) -> dt.date | None:
        """The first day after state `index` (exclusive end), None when open-ended."""
        return self.states[index + 1].start if index + 1 < len(self.states) else self.end

    def index_at(self, day: dt.date) -> int:
        """The state valid on `day`; ValueError when the day is before the first state or after the last."""
        if not self.dated:
            return 0
        found = None
        for i, state in enumerate(self.states):
            if start_date(state) <= day:
                found = i
        if found is None or (self.end is not None and day >= self.end):
            first, last = start_date(self.states[0]), self.end
            span = f"{first.isoformat()} – " + (f"{last.isoformat()} (exclusive)" if last else "open end")
            raise ValueError(f"{day.isoformat()} is outside the timeline ({span})")
        return found

    def state_at(self, day: dt.date) -> State:
        return self.states[self.index_at(day)]

    def label(self, index: int) -> str:
        """ "1927-01-01 – 1932-01-01", or "1950-01-01 –" for an open end; the scenario name when undated."""
        state = self.states[index]
        if state.start is None:
            return state.scenario.name
        end = self.end_of(index)
        return f"{state.start.isoformat()} – {end.isoformat() if end else ''}".rstrip()

    # --- primitive mutations (used by model/timeline/edits.py; each announces the change) ---------------------
    def insert_state(self, index: int, state: State) -> None:
        self.states.insert(index, state)
        self.states_changed.emit()

    def remove_state(self, index: int) -> State:
        state = self.states.pop(index)
        self.states_changed.emit()
        return state

    def set_start(self, index: int, start: dt.date) -> None:
        self.states[index].start = start
        self.states_changed.emit()
