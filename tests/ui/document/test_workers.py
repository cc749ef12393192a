"""Background jobs run on long-lived Python threads: pyproj work there must never crash (it did on QThreadPool)."""

import subprocess
import sys
import textwrap

from PySide6.QtCore import QObject, Signal

from sovsplit.ui.document.workers import WorkerPool

REPEATED_PROJ_JOBS = textwrap.dedent("""
    from PySide6.QtCore import QCoreApplication
    import pyproj
    from sovsplit.ui.document.workers import WorkerPool
    app = QCoreApplication([])
    pool = WorkerPool(max_threads=1)
    class Job:
        def run(self):
            pyproj.Transformer.from_crs("EPSG:4326", "+proj=laea +lat_0=90 +lon_0=100", always_xy=True)
    for _ in range(8):
        pool.start(Job())
    assert pool.waitForDone(60000)
    print("survived")
""")


def test_repeated_pyproj_jobs_on_one_worker_thread_do_not_crash():
    out = subprocess.run([sys.executable, "-c", REPEATED_PROJ_JOBS], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, (out.returncode, out.stderr[-500:])
    assert out.stdout.strip() == "survived"


class _Results(QObject):
    value = Signal(object)


def test_jobs_run_in_order_and_report_to_the_gui_thread(qtbot):
    results, received = _Results(), []
    results.value.connect(received.append)
    pool = WorkerPool(max_threads=1)

    class Job:
        def __init__(self, n):
            self.n = n

        def run(self):
            results.value.emit(self.n)

    for n in range(5):
        pool.start(Job(n))
    assert pool.waitForDone(10000)
    qtbot.waitUntil(lambda: len(received) == 5)
    assert received == [0, 1, 2, 3, 4]
    assert pool.activeThreadCount() == 0


def test_wait_for_done_times_out_while_a_job_runs():
    import threading

    release = threading.Event()

    class Slow:
        def run(self):
            release.wait(10)

    pool = WorkerPool()
    pool.start(Slow())
    assert pool.waitForDone(50) is False
    release.set()
    assert pool.waitForDone(10000) is True
