"""The one way to do background work: one-off tasks and "latest state wins" tasks on long-lived Python threads.

Every task is given a snapshot taken on the GUI thread when it starts, runs `work(snapshot)` (or
`work(snapshot, state)`, with a TaskState for progress and cancel) on a WorkerPool thread (never QThreadPool:
see workers.py), and delivers its result on the GUI thread. A failure is reported to `on_error` with a
one-line message (the document shows it in the status bar); nothing is swallowed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from sovsplit.ui.document.workers import WorkerPool


class TaskCancelled(Exception):
    """Raised by a task that noticed `state.cancelled()`; the task ends as cancelled, not failed."""


class TaskState:
    """What a running task sees of its caller: report progress, ask whether it should stop.

    Made on the GUI thread, used on the worker: `progress` queues the report to the GUI thread, `cancel`
    only sets an event the task polls at its checkpoints (Python threads cannot be interrupted)."""

    def __init__(self, relay: _Relay | None = None, on_progress: Callable[[float, str], None] | None = None):
        self._relay, self._on_progress = relay, on_progress
        self._cancel = threading.Event()

    def progress(self, fraction: float, text: str = "") -> None:
        """Report how far the task is (0..1) and what it is doing; delivered on the GUI thread."""
        if self._relay is not None and self._on_progress is not None and not self._cancel.is_set():
            _emit(self._relay.progress, self._on_progress, (float(fraction), str(text)))

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the task to stop at its next checkpoint; its result (if any) is then dropped."""
        self._cancel.set()


class _Relay(QObject):
    """Carries a running task's reports back to the GUI thread (it lives there, so its signals are queued)."""

    done = Signal(object, object)  # the task's callback, its result
    failed = Signal(object, str)  # the task's error callback, a one-line message
    progress = Signal(object, object)  # the task's progress callback, (fraction, text)


def _emit(signal, callback, value) -> None:
    try:
        signal.emit(callback, value)
    except RuntimeError:
        pass  # the owner (and its relay) was destroyed while the task ran: nobody is waiting


class _Job:
    def __init__(self, work, snapshot, state: TaskState, on_done, on_error, on_cancelled, relay: _Relay, label: str):
        self.work, self.snapshot, self.state = work, snapshot, state
        self.on_done, self.on_error, self.on_cancelled = on_done, on_error, on_cancelled
        self.relay, self.label = relay, label

    def run(self) -> None:
        try:
            result = self.work(self.snapshot, self.state)
        except Exception as exc:  # reported on the GUI thread; the worker thread keeps running
            if isinstance(exc, TaskCancelled) or self.state.cancelled():
                # A task stopped at a checkpoint raises its own "cancelled" error; that is no failure.
                _emit(self.relay.done, self.on_cancelled, None)
                return
            message = f"{self.label} failed: {type(exc).__name__}: {exc}" if self.label else f"{exc}"
            _emit(self.relay.failed, self.on_error, message)
            return
        if self.state.cancelled():
            _emit(self.relay.done, self.on_cancelled, None)
        else:
            _emit(self.relay.done, self.on_done, result)


def _ignore(result: Any = None) -> None:
    return None


class TaskRunner(QObject):
    """Runs tasks in order on its own worker thread(s) (or a shared pool) and calls back on the GUI thread."""

    def __init__(
        self,
        on_error: Callable[[str], None],
        parent=None,
        threads: int = 1,
        name: str = "sovsplit-task",
        pool: WorkerPool | None = None,
    ):
        super().__init__(parent)
        self.on_error = on_error
        # A shared pool lets short-lived owners (dialogs) reuse threads; results still come to this runner.
        self.pool = pool or WorkerPool(self, max_threads=threads, name=name)
        self._relay = _Relay(self)
        self._relay.done.connect(lambda callback, result: callback(result))
        self._relay.failed.connect(lambda callback, message: callback(message))
        self._relay.progress.connect(lambda callback, report: callback(*report))

    def submit(
        self,
        work: Callable[[Any], Any],
        snapshot: Any = None,
        on_done: Callable[[Any], None] = _ignore,
        on_error: Callable[[str], None] | None = None,
        label: str = "",
    ) -> TaskState:
        """A one-off task: `work(snapshot)` off the GUI thread, then `on_done(result)` (or the error) on it."""
        return self.start(lambda snap, state: work(snap), snapshot, on_done, on_error, label=label)

    def start(
        self,
        work: Callable[[Any, TaskState], Any],
        snapshot: Any = None,
        on_done: Callable[[Any], None] = _ignore,
        on_error: Callable[[str], None] | None = None,
        label: str = "",
        on_progress: Callable[[float, str], None] | None = None,
        on_cancelled: Callable[[Any], None] = _ignore,
    ) -> TaskState:
        """A one-off task with progress and cancel: `work(snapshot, state)` may call `state.progress(f, text)`
        and should stop (return or raise) once `state.cancelled()`; then `on_cancelled(None)` replaces
        `on_done`. Returns the state, whose `cancel()` asks the task to stop."""
        state = TaskState(self._relay, on_progress)
        self.pool.start(
            _Job(work, snapshot, state, on_done, on_error or self.on_error, on_cancelled, self._relay, label)
        )
        return state

    def wait(self, timeout_ms: int = 60000) -> bool:
        """Block until every task has run and its result is delivered (snapshots for tests and the CLI)."""
        deadline = time.monotonic() + timeout_ms / 1000
        while time.monotonic() < deadline:
            done = self.pool.waitForDone(20)
            QCoreApplication.processEvents()
            if done and self.pool.activeThreadCount() == 0:
                QCoreApplication.processEvents()
                return True
        return False


class LatestTask(QObject):
    """A task that always ends on the newest state: requests while one runs collapse into one more run.

    `snapshot()` is called on the GUI thread when a run starts, `work(snapshot)` runs off it (or
    `work(snapshot, state)` when `with_state`, to report progress and see `cancel()`), and `on_done` gets each
    result; a request within `delay_ms` of another waits for it (one run per frame of edits)."""

    def __init__(
        self,
        runner: TaskRunner,
        snapshot: Callable[[], Any],
        work: Callable[..., Any],
        on_done: Callable[[Any], None],
        delay_ms: int = 16,
        label: str = "",
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[float, str], None] | None = None,
        with_state: bool = False,
    ):
        super().__init__(runner)
        self.runner, self.snapshot, self.work, self.on_done, self.label = runner, snapshot, work, on_done, label
        self.on_error = on_error or runner.on_error
        self.on_progress, self.with_state = on_progress, with_state
        self.running = False
        self.state: TaskState | None = None
        self._pending = False
        self._timer = QTimer(self, singleShot=True, interval=delay_ms, timeout=self._start)

    def request(self, immediately: bool = False) -> None:
        """Run again soon on the state as it will be then."""
        if immediately:
            self._timer.stop()
            self._start()
        elif not self._timer.isActive():
            self._timer.start()

    def busy(self) -> bool:
        return self.running or self._pending or self._timer.isActive()

    def cancel(self) -> None:
        """Drop the requests not yet started and ask the running one to stop; nothing more is delivered."""
        self._timer.stop()
        self._pending = False
        if self.state is not None:
            self.state.cancel()

    def _start(self) -> None:
        if self.running:
            self._pending = True
            return
        snapshot = self.snapshot()
        if snapshot is None:
            return
        self.running, self._pending = True, False
        work = self.work if self.with_state else (lambda snap, state, work=self.work: work(snap))
        self.state = self.runner.start(
            work, snapshot, self._finished, self._failed, self.label, self.on_progress, self._cancelled
        )

    def _cancelled(self, result: Any = None) -> None:
        self.running = False
        if self._pending:
            self._start()

    def _finished(self, result) -> None:
        self.running = False
        try:
            self.on_done(result)
        finally:
            if self._pending:
                self._start()

    def _failed(self, message: str) -> None:
        self.running = False
        self.on_error(message)
        if self._pending:
            self._start()
