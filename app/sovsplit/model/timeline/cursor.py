"""The state on show: a cursor over a timeline that a time bar drives (select, step, play) without Qt."""

from __future__ import annotations

import datetime as dt

from sovsplit.model.events import Signal
from sovsplit.model.timeline.timeline import State, Timeline


class TimelineCursor:
    """Which state is shown. It follows the shown State object when states are added, removed or moved, so an
    undo that removes another state never switches the map; when the shown state itself goes, the one valid on
    its date is shown."""

    def __init__(self, timeline: Timeline, index: int | None = None):
        self.timeline = timeline
        self._state = timeline.states[len(timeline.states) - 1 if index is None else index]
        self._day = self._state.start
        # Emitted with the index of the state now shown.
        self.current_changed = Signal()
        timeline.states_changed.connect(self._follow)

    @property
    def index(self) -> int:
        return self.timeline.states.index(self._state)

    @property
    def state(self) -> State:
        return self._state

    def select(self, index: int) -> None:
        if not 0 <= index < len(self.timeline.states):
            raise IndexError(f"there is no state {index + 1}")
        state = self.timeline.states[index]
        if state is not self._state:
            self._state, self._day = state, state.start
            self.current_changed.emit(index)

    def select_date(self, day: dt.date) -> None:
        """Show the state valid on `day`; ValueError (one line) when the day is outside the timeline."""
        self.select(self.timeline.index_at(day))

    def step(self, delta: int = 1, wrap: bool = True) -> int:
        """Move by `delta` states (play moves by one and wraps to the first after the last); the new index."""
        count = len(self.timeline.states)
        target = (self.index + delta) % count if wrap else min(max(self.index + delta, 0), count - 1)
        self.select(target)
        return target

    def _follow(self) -> None:
        states = self.timeline.states
        if any(s is self._state for s in states):
            self._day = self._state.start
            return
        # The shown state was removed: show the state now valid on its date (or the first one).
        index = 0
        if self._day is not None:
            try:
                index = self.timeline.index_at(self._day)
            except ValueError:
                index = 0
        self._state, self._day = states[index], states[index].start
        self.current_changed.emit(index)
