"""Background work for "Ask the map": solving and sweeping on a snapshot, with progress and a cancel flag.

The jobs run through the task mechanism (ui/document/tasks.py) on a runner of their own, so a thirty-second
solve never holds up the document's statistics. Progress comes back as a Qt signal and Cancel sets a flag the
model polls (the task mechanism has no progress or cancel of its own yet).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from sovsplit.model.scenario import Scenario
from sovsplit.model.session import GEOMETRY_LOCK
from sovsplit.model.solve.answers import Answer, make_answers
from sovsplit.model.solve.conditions import ConditionError
from sovsplit.model.solve.instance import Instance, build_instance
from sovsplit.model.solve.solver import Question, SolveResult, solve
from sovsplit.model.solve.sweep import SweepResult, sweep
from sovsplit.model.stats import StatsEngine
from sovsplit.ui.document.tasks import TaskRunner


@dataclass(frozen=True)
class AskJob:
    """A question about a frozen copy of the document's scenario (taken on the GUI thread)."""

    scenario: Scenario
    generation: int
    polity_id: str
    question: Question
    arable_source: object = None


@dataclass(frozen=True)
class AskOutcome:
    """The solver's result and its answers as scenarios; `error` is a one-line reason the question failed."""

    job: AskJob
    instance: Instance | None
    result: SolveResult | None
    answers: tuple[Answer, ...]
    error: str = ""


@dataclass(frozen=True)
class SweepJob:
    scenario: Scenario
    generation: int
    polity_id: str
    all_regions: bool
    arable_source: object = None


def run_ask(job: AskJob, progress, cancelled) -> AskOutcome:
    """Build the instance, solve, and turn each solution into a scenario (Qt-free; runs off the GUI thread)."""
    try:
        # Region figures and answers' statistics query the shared prepared geometries: hold the lock then,
        # but not while CP-SAT searches.
        with GEOMETRY_LOCK:
            instance = build_instance(job.scenario, job.polity_id, arable_source=job.arable_source)
        result = solve(instance, job.question, progress, cancelled)
        progress("measuring the answers")
        with GEOMETRY_LOCK:
            answers = make_answers(job.scenario, instance, job.question, result)
    except ConditionError as exc:
        return AskOutcome(job, None, None, (), str(exc))
    return AskOutcome(job, instance, result, tuple(answers))


def run_sweep(job: SweepJob, progress, cancelled) -> SweepResult:
    """Move each candidate region, measure and move it back, on the snapshot (never the document's scenario)."""
    with GEOMETRY_LOCK:
        engine = StatsEngine(job.scenario, arable_source=job.arable_source)
        return sweep(
            job.scenario,
            job.polity_id,
            all_regions=job.all_regions,
            engine=engine,
            progress=lambda done, total: progress((done, total)),
            cancelled=cancelled,
        )


class BackgroundJobs(QObject):
    """One job at a time on its own task runner: `progressed` carries the job's news, `cancel()` stops it."""

    progressed = Signal(object)

    def __init__(self, on_error, parent=None, name: str = "sovsplit-ask"):
        super().__init__(parent)
        self.tasks = TaskRunner(on_error, self, name=name)
        self._flag = threading.Event()
        self.running = False

    def start(self, work, job, on_done, on_error) -> None:
        """`work(job, progress, cancelled)` off the GUI thread; `on_done(result)` or `on_error(message)` on it."""
        self._flag = flag = threading.Event()
        self.running = True

        def say(news) -> None:
            try:
                self.progressed.emit(news)
            except RuntimeError:
                pass  # the dialog was closed while the job ran

        def done(result) -> None:
            self.running = False
            on_done(result)

        def failed(message: str) -> None:
            self.running = False
            on_error(message)

        self.tasks.submit(lambda j: work(j, say, flag.is_set), job, done, failed, label="Ask the map")

    def cancel(self) -> None:
        self._flag.set()

    def wait(self, timeout_ms: int = 60000) -> bool:
        return self.tasks.wait(timeout_ms)
