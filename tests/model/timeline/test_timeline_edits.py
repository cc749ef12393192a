"""Timeline edits: new state at a date, remove, move, and edits inside one state; each undoes exactly."""

from __future__ import annotations

import datetime as dt

import pytest

from sovsplit.model.editing import edits
from sovsplit.model.editing.edits import EditRefused
from sovsplit.model.io.shipped_scenarios import resolve_scenario
from sovsplit.model.timeline import edits as tedits
from sovsplit.model.timeline.io import load_timeline


@pytest.fixture
def timeline(regions):
    return load_timeline(resolve_scenario("east-ussr-timeline"), regions)


def exact(timeline):
    """Everything an undo must restore, down to the identity of states, scenarios and parcel geometries."""
    return (
        [(id(s), s.start, s.title, s.note, id(s.scenario)) for s in timeline.states],
        [
            (
                list(s.scenario.polities.items()),
                [(pid, p.region_id, id(p.geometry)) for pid, p in s.scenario.parcels.items()],
                list(s.scenario.owner.items()),
            )
            for s in timeline.states
        ],
    )


def test_a_new_state_copies_the_state_valid_then_and_undo_removes_it(timeline):
    before = exact(timeline)
    changed = []
    timeline.states_changed.connect(lambda: changed.append(True))
    edit = tedits.add_state(timeline, dt.date(1945, 5, 9), "Peace")
    assert edit.label == "New state at 1945-05-09"
    edit.apply(timeline)
    assert [s.start.year for s in timeline.states] == [1927, 1932, 1941, 1945, 1950]
    new, source = timeline.states[3].scenario, timeline.states[2].scenario
    assert new is not source and new.owner == source.owner and list(new.polities) == ["west", "east", "amur"]
    # Editing the new state leaves the state it was copied from untouched; undo restores it.
    step = tedits.InState(timeline.states[3], edits.delete_polity(new, "amur", "east"))
    step.apply(timeline)
    assert "amur" not in new.polities and "amur" in source.polities
    assert list(source.owner.items()) == before[1][2][2]
    step.revert(timeline)
    edit.revert(timeline)
    assert exact(timeline) == before
    assert len(changed) == 2


def test_remove_and_move_undo_exactly(timeline):
    before = exact(timeline)
    remove = tedits.remove_state(timeline, 2)
    remove.apply(timeline)
    assert [s.start.year for s in timeline.states] == [1927, 1932, 1950]
    assert timeline.state_at(dt.date(1945, 1, 1)).start == dt.date(1932, 1, 1)
    move = tedits.move_state(timeline, 2, dt.date(1949, 10, 1))
    move.apply(timeline)
    assert timeline.end_of(1) == dt.date(1949, 10, 1)
    move.revert(timeline)
    remove.revert(timeline)
    assert exact(timeline) == before


def test_refused_state_operations_say_why(timeline):
    with pytest.raises(EditRefused, match="already starts on 1932-01-01"):
        tedits.add_state(timeline, dt.date(1932, 1, 1))
    with pytest.raises(EditRefused, match="not between the neighbouring states"):
        tedits.move_state(timeline, 1, dt.date(1941, 1, 1))
    single = load_timeline(resolve_scenario("default"), timeline.regions)
    with pytest.raises(EditRefused, match="at least one state"):
        tedits.remove_state(single, 0)
    with pytest.raises(EditRefused, match="no dates"):
        tedits.add_state(single, dt.date(1930, 1, 1))


def test_the_cursor_follows_the_state_shown_through_state_edits_and_undo(timeline):
    from sovsplit.model.timeline.cursor import TimelineCursor

    cursor = TimelineCursor(timeline)
    shown = []
    cursor.current_changed.connect(shown.append)
    assert cursor.index == 3
    cursor.select_date(dt.date(1945, 5, 9))
    assert cursor.state.title == "A wartime buffer" and shown == [2]
    earlier = tedits.add_state(timeline, dt.date(1930, 1, 1))
    earlier.apply(timeline)
    assert cursor.state.title == "A wartime buffer" and cursor.index == 3 and shown == [2]
    removed = tedits.remove_state(timeline, 3)
    removed.apply(timeline)
    # The shown state is gone: the state valid on its date (1941-01-01) is the 1932 one, now at index 2.
    assert cursor.state.start == dt.date(1932, 1, 1) and shown == [2, 2]
    removed.revert(timeline)
    earlier.revert(timeline)
    assert [cursor.step() for _ in range(4)] == [2, 3, 0, 1]
    assert cursor.step(-5, wrap=False) == 0
    with pytest.raises(ValueError, match="outside the timeline"):
        cursor.select_date(dt.date(1920, 1, 1))
