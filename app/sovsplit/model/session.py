"""The state behind one window, without Qt: the scenario, its one statistics engine, the lock and the results."""

from __future__ import annotations

import contextlib
import copy
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from sovsplit.model.annotations.arguments import Assessment, assess
from sovsplit.model.report import ScenarioReport, scenario_report
from sovsplit.model.scenario import Scenario
from sovsplit.model.stats import ParcelStats, StatsEngine

# An edit on the GUI thread waits this long for a running computation; one takes a fraction of a second.
EDIT_WAIT_S = 10.0
# One lock for the process: every scenario is overlaid on the one shared RegionSet, whose GEOS prepared
# geometries must not be queried from two threads at once.
GEOMETRY_LOCK = threading.RLock()


def snapshot_scenario(scenario: Scenario) -> Scenario:
    """A frozen copy of a scenario's state for work off the GUI thread or for writing while the user edits.

    The copy shares the (immutable) polities, parcels and geometries; the dicts that edits change and the
    user's notes are its own."""
    copy_ = Scenario(
        scenario.name,
        scenario.regions,
        list(scenario.polities.values()),
        list(scenario.parcels.values()),
        dict(scenario.owner),
    )
    copy_.annotations = copy.deepcopy(scenario.annotations)
    copy_.path = scenario.path
    copy_.warnings = list(scenario.warnings)
    copy_.arable = scenario.arable
    # The territories are immutable and the copy's parcels and owners the same: no union is done twice.
    copy_.share_territories(scenario)
    return copy_


def copy_scenario(scenario: Scenario, name: str | None = None) -> Scenario:
    """A new scenario in the same state, tied to no file (a timeline's new state, a solver's answer): a snapshot
    without the original's path and load warnings, so saving it never overwrites the original."""
    twin = snapshot_scenario(scenario)
    twin.path, twin.warnings = None, []
    if name is not None:
        twin.name = name
    return twin


@dataclass(frozen=True)
class SessionResult:
    """What one computation of a scenario state gives: the statistics report and the verdicts, together."""

    generation: int
    report: ScenarioReport
    parcel_stats: dict[str, ParcelStats] = field(repr=False)
    assessments: list[Assessment] = field(repr=False)
    arable_source: object = field(repr=False)
    milliseconds: float = 0.0


class Session:
    """The scenario with the one StatsEngine that counts it, the geometry lock, and a generation per change.

    GEOS prepared geometries (the regions' spatial index) must not be queried from two threads at once, so
    every reader off the GUI thread holds `lock`; the GUI thread takes it around edits (see `access`)."""

    def __init__(self, scenario: Scenario, arable_source=None):
        self.lock = GEOMETRY_LOCK
        self.scenario = scenario
        # None: the shipped model (loaded by the engine when first needed).
        self._arable_source = arable_source
        self.engine = StatsEngine(scenario, arable_source=arable_source)
        self.generation = 0

    # --- state -------------------------------------------------------------------------------------------
    @property
    def arable_source(self):
        return self.engine.arable_source

    @property
    def annotations(self) -> list[dict]:
        """The user's notes (saved in the scenario file); the shipped arguments are read from geodata."""
        return self.scenario.annotations

    def replace_scenario(self, scenario: Scenario) -> int:
        """Hold another scenario; the arable source stays in use. Returns the new generation."""
        # A new engine rather than a reset one: a computation still running keeps the engine it started with.
        self.scenario = scenario
        self.engine = StatsEngine(scenario, arable_source=self._arable_source)
        return self.changed()

    def set_arable_source(self, source) -> int:
        """Count arable land from `source` from now on (every parcel is recounted)."""
        self._arable_source = source
        self.engine = StatsEngine(self.scenario, arable_source=source)
        return self.changed()

    def changed(self) -> int:
        """Mark a change of state (an edit, undo, note): results of earlier generations are stale."""
        self.generation += 1
        return self.generation

    # --- work ----------------------------------------------------------------------------------------------
    def snapshot(self) -> Scenario:
        """The one way to freeze the scenario for a worker (take it on the thread that edits)."""
        return snapshot_scenario(self.scenario)

    def compute(self, snapshot: Scenario | None = None, generation: int | None = None) -> SessionResult:
        """The report and the verdicts of one state, computed once, under the lock (any thread)."""
        generation = self.generation if generation is None else generation
        frozen = snapshot if snapshot is not None else self.snapshot()
        start = time.perf_counter()
        with self.lock:
            engine = self.engine
            engine.scenario = frozen
            report = scenario_report(frozen, engine)
            assessments = assess(frozen, report)
            stats = engine.parcel_stats()
            source = engine.arable_source
        ms = (time.perf_counter() - start) * 1000
        return SessionResult(generation, report, stats, assessments, source, ms)

    def access(self, wait: bool = True) -> contextlib.AbstractContextManager[bool]:
        """Hold the lock around an edit or a query on the GUI thread (see `geometry_access`)."""
        return geometry_access(wait)


@contextlib.contextmanager
def geometry_access(wait: bool = True) -> Iterator[bool]:
    """Hold the geometry lock; yields False (holding nothing) when it is busy and `wait` is False."""
    got = GEOMETRY_LOCK.acquire(timeout=EDIT_WAIT_S) if wait else GEOMETRY_LOCK.acquire(blocking=False)
    try:
        yield got
    finally:
        if got:
            GEOMETRY_LOCK.release()
