"""Verdicts of the feasibility annotations, recomputed off the GUI thread on a snapshot whenever territory changes."""

from __future__ import annotations

import copy
import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from sovsplit.model.annotations.arguments import Assessment, Verdict, assess, user_annotations
from sovsplit.model.annotations.rules import NOT_MEASURABLE
from sovsplit.model.report import ScenarioReport, scenario_report
from sovsplit.model.scenario import Scenario
from sovsplit.model.stats import StatsEngine
from sovsplit.ui.document.workers import JobSignals, ModelJob, WorkerPool
from sovsplit.ui.panels.stats_panel import MODEL_LOCK, snapshot_of

# Edits arriving within this many milliseconds are judged together.
_COALESCE_MS = 120


def _snapshot(scenario: Scenario) -> Scenario:
    """A frozen copy of the scenario and its notes that the worker may read while the user edits."""
    frozen = snapshot_of(scenario)
    frozen.annotations = copy.deepcopy(scenario.annotations)
    return frozen


class VerdictRunner(QObject):
    """Keeps `assessments` true for the scenario: one worker job at a time, the newest state always judged last."""

    updated = Signal()
    failed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.scenario: Scenario | None = None
        self.report: ScenarioReport | None = None
        self.assessments: list[Assessment] = []
        self.error = ""
        self.last_ms = 0.0
        self._engine: StatsEngine | None = None
        self._generation = 0
        self._running = False
        self._pending = False
        self._pool = WorkerPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = JobSignals(self)  # dies with its owner, taking the connection along
        self._signals.done.connect(lambda generation, result, ms: self._finished(generation, *result, ms))
        self._signals.failed.connect(self._failed)
        self._timer = QTimer(self, singleShot=True, interval=_COALESCE_MS, timeout=self._start)

    def set_scenario(self, scenario: Scenario | None, arable_source=None) -> None:
        if self.scenario is not None:
            self.scenario.annotations_changed.disconnect(self.notes_changed)
        self.scenario = scenario
        self.report = None
        self.assessments = []
        if scenario is None:
            self.updated.emit()
            return
        scenario.annotations_changed.connect(self.notes_changed)
        self._engine = StatsEngine(scenario, arable_source=arable_source)
        self.schedule(immediately=True)

    def schedule(self, immediately: bool = False) -> None:
        """Judge again soon (after territory changed)."""
        self._generation += 1
        if immediately:
            self._start()
        elif not self._timer.isActive():
            self._timer.start()

    def notes_changed(self, *_args) -> None:
        """A note was added, edited, moved or deleted: the shipped verdicts stand, the notes are re-read now."""
        if self.scenario is None:
            return
        shipped = [a for a in self.assessments if not a.annotation.user]
        # Notes without a rule are judged here at once; a note with a rule (written into the file by hand)
        # needs the territory, which only the worker may read, so it keeps its last verdict until the job ends.
        previous = {a.annotation.id: a for a in self.assessments if a.annotation.user}
        judged, stale = [], False
        for note in user_annotations(self.scenario):
            if note.props.get("rule") is None:
                judged += assess(self.scenario, ScenarioReport(self.scenario.name, "", []), [note])
            elif note.id in previous and previous[note.id].annotation.props == note.props:
                judged.append(Assessment(note, previous[note.id].verdict))
            else:
                judged.append(Assessment(note, Verdict(NOT_MEASURABLE, "being measured…")))
                stale = True
        self.assessments = shipped + judged
        if stale and not self._running:
            self.schedule()
        self.updated.emit()

    def wait(self, timeout_ms: int = 60000) -> bool:
        """Block until the running job has finished and its result is delivered (snapshots and tests)."""
        deadline = time.monotonic() + timeout_ms / 1000
        while (self._running or self._timer.isActive()) and time.monotonic() < deadline:
            self._pool.waitForDone(50)
            QCoreApplication.processEvents()
        return not self._running

    def _start(self) -> None:
        if self.scenario is None:
            return
        if self._running:
            self._pending = True
            return
        self._running = True
        self._pending = False
        snapshot, engine = _snapshot(self.scenario), self._engine

        def work():
            engine.scenario = snapshot
            report = scenario_report(snapshot, engine)
            return report, assess(snapshot, report)

        # The statistics worker's lock: GEOS prepared geometries must not be queried from two threads.
        self._pool.start(ModelJob(self._generation, work, self._signals, MODEL_LOCK))

    def _finished(self, generation: int, report: ScenarioReport, assessments: list, ms: float) -> None:
        self._running = False
        self.last_ms = ms
        self.error = ""
        self.report = report
        self.assessments = assessments
        if self._pending or generation != self._generation:
            self._start()
        # Notes may have changed while the job ran: judge the current ones now.
        self.notes_changed()

    def _failed(self, generation: int, message: str) -> None:
        self._running = False
        self.error = message
        self.failed.emit(message)
        if self._pending or generation != self._generation:
            self._start()
