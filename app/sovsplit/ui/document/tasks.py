"""The one way to do background work: one-off tasks and "latest state wins" tasks on long-lived Python threads.

Every task is given a snapshot taken on the GUI thread when it starts, runs `work(snapshot)` on a WorkerPool
thread (never QThreadPool: see workers.py), and delivers its result on the GUI thread. A failure is reported
to `on_error` with a one-line message (the document shows it in the status bar); nothing is swallowed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from sovsplit.ui.document.workers import WorkerPool


class _Relay(QObject):
    """Carries a finished task back to the GUI thread (it lives there, so its signals are queued)."""

    done = Signal(object, object)  # the task's callback, its result
    failed = Signal(object, str)  # the task's error callback, a one-line message


class _Job:
    def __init__(self, work: Callable[[Any], Any], snapshot: Any, on_done, on_error, relay: _Relay, label: str):
        self.work, self.snapshot, self.on_done, self.on_error = work, snapshot, on_done, on_error
        self.relay, self.label = relay, label

    def run(self) -> None:
        try:
            result = self.work(self.snapshot)
        except Exception as exc:  # reported on the GUI thread; the worker thread keeps running
            message = f"{self.label} failed: {type(exc).__name__}: {exc}" if self.label else f"{exc}"
            self._emit(self.relay.failed, self.on_error, message)
            return
        self._emit(self.relay.done, self.on_done, result)

    @staticmethod
    def _emit(signal, callback, value) -> None:
        try:
            signal.emit(callback, value)
        except RuntimeError:
            pass  # the owner (and its relay) was destroyed while the task ran: nobody is waiting


class TaskRunner(QObject):
    """Runs tasks in order on its own worker thread(s) and calls back on the GUI thread."""

    def __init__(self, on_error: Callable[[str], None], parent=None, threads: int = 1, name: str = "sovsplit-task"):
        super().__init__(parent)
        self.on_error = on_error
        self.pool = WorkerPool(self, max_threads=threads, name=name)
        self._relay = _Relay(self)
        self._relay.done.connect(lambda callback, result: callback(result))
        self._relay.failed.connect(lambda callback, message: callback(message))

    def submit(
        self,
        work: Callable[[Any], Any],
        snapshot: Any = None,
        on_done: Callable[[Any], None] = lambda result: None,
        on_error: Callable[[str], None] | None = None,
        label: str = "",
    ) -> None:
        """A one-off task: `work(snapshot)` off the GUI thread, then `on_done(result)` (or the error) on it."""
        self.pool.start(_Job(work, snapshot, on_done, on_error or self.on_error, self._relay, label))

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

    `snapshot()` is called on the GUI thread when a run starts, `work(snapshot)` runs off it, and `on_done`
    gets each result; a request within `delay_ms` of another waits for it (one run per frame of edits)."""

    def __init__(
        self,
        runner: TaskRunner,
        snapshot: Callable[[], Any],
        work: Callable[[Any], Any],
        on_done: Callable[[Any], None],
        delay_ms: int = 16,
        label: str = "",
        on_error: Callable[[str], None] | None = None,
    ):
        super().__init__(runner)
        self.runner, self.snapshot, self.work, self.on_done, self.label = runner, snapshot, work, on_done, label
        self.on_error = on_error or runner.on_error
        self.running = False
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

    def _start(self) -> None:
        if self.running:
            self._pending = True
            return
        snapshot = self.snapshot()
        if snapshot is None:
            return
        self.running, self._pending = True, False
        self.runner.submit(self.work, snapshot, self._finished, self._failed, self.label)

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
