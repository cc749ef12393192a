"""Background work on long-lived Python threads, used instead of QThreadPool.

pyproj keeps a PROJ context per operating-system thread but frees it with the Python thread state, and PySide
gives every QRunnable run a fresh thread state on a reused QThreadPool thread: the second job there that builds
a CRS or transformer crashes inside PROJ. A plain Python thread keeps one thread state for its whole life.
"""

from __future__ import annotations

import queue
import threading
import time


class WorkerPool:
    """Runs job objects (anything with `run()`) in order on its own Python threads; a drop-in for QThreadPool."""

    def __init__(self, parent=None, max_threads: int = 1, name: str = "sovsplit-worker"):
        self._queue: queue.Queue = queue.Queue()
        self._max_threads = max_threads
        self._name = name
        self._threads: list[threading.Thread] = []
        self._pending = 0
        self._done = threading.Condition()

    def setMaxThreadCount(self, count: int) -> None:
        self._max_threads = max(1, int(count))

    def start(self, job) -> None:
        with self._done:
            self._pending += 1
        self._queue.put(job)
        # A job waiting with every thread busy gets a new thread, up to the limit.
        if len(self._threads) < self._max_threads and self._pending > len(self._threads):
            thread = threading.Thread(target=self._loop, name=f"{self._name}-{len(self._threads)}", daemon=True)
            self._threads.append(thread)
            thread.start()

    def waitForDone(self, msecs: int = -1) -> bool:
        """Wait until every started job has finished; False if `msecs` passed first (-1: no limit)."""
        deadline = None if msecs is None or msecs < 0 else time.monotonic() + msecs / 1000.0
        with self._done:
            while self._pending:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._done.wait(remaining)
        return True

    def activeThreadCount(self) -> int:
        with self._done:
            return self._pending

    def _loop(self) -> None:
        while True:
            job = self._queue.get()
            try:
                job.run()
            except Exception:  # a job reports its own errors by signal; never let one kill the thread
                pass
            finally:
                with self._done:
                    self._pending -= 1
                    self._done.notify_all()
