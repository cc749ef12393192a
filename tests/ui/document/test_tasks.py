"""The one task mechanism: tasks report progress on the GUI thread, stop when cancelled, and report failures."""

import threading

import pytest

from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.model.regions import default_regions
from sovsplit.model.session import snapshot_scenario
from sovsplit.ui.document.tasks import LatestTask, TaskCancelled, TaskRunner


@pytest.fixture
def runner(qtbot):
    errors: list[str] = []
    runner = TaskRunner(errors.append)
    runner.errors = errors
    yield runner
    runner.wait()


def _parcel_areas(scenario, state):
    """Real work with checkpoints: each polity's parcel area, one polity per progress step."""
    totals = {}
    polities = list(scenario.polities)
    for i, polity_id in enumerate(polities):
        if state.cancelled():
            raise TaskCancelled()
        totals[polity_id] = sum(parcel.geometry.area for parcel in scenario.parcels_of(polity_id))
        state.progress((i + 1) / len(polities), polity_id)
    return totals


def test_progress_arrives_on_the_gui_thread_in_order(runner, qtbot):
    scenario = snapshot_scenario(load_scenario(None, default_regions()))
    reports, results, gui = [], [], threading.current_thread()

    def seen(fraction, text):
        assert threading.current_thread() is gui
        reports.append((fraction, text))

    runner.start(_parcel_areas, scenario, results.append, on_progress=seen)
    qtbot.waitUntil(lambda: bool(results), timeout=30000)
    assert [text for _, text in reports] == list(scenario.polities)
    assert reports[-1][0] == pytest.approx(1.0)
    assert set(results[0]) == set(scenario.polities)
    assert all(area > 0 for area in results[0].values())
    assert runner.errors == []


def test_a_cancelled_task_calls_on_cancelled_not_on_done(runner, qtbot):
    started, release = threading.Event(), threading.Event()
    done, cancelled = [], []

    def work(snapshot, state):
        started.set()
        release.wait(10)
        if state.cancelled():
            raise TaskCancelled()
        return snapshot

    state = runner.start(work, 7, done.append, on_cancelled=cancelled.append)
    assert started.wait(10)
    state.cancel()
    release.set()
    qtbot.waitUntil(lambda: bool(cancelled), timeout=10000)
    assert done == [] and runner.errors == []


def test_a_failure_is_reported_with_its_label(runner, qtbot):
    runner.submit(lambda snapshot: 1 / snapshot, 0, label="Dividing")
    qtbot.waitUntil(lambda: bool(runner.errors), timeout=10000)
    assert runner.errors == ["Dividing failed: ZeroDivisionError: division by zero"]


def test_latest_task_cancel_drops_the_pending_run(runner, qtbot):
    release = threading.Event()
    runs, done = [], []

    def work(snapshot, state):
        runs.append(snapshot)
        release.wait(10)
        return snapshot

    counter = iter(range(100))
    task = LatestTask(runner, lambda: next(counter), work, done.append, delay_ms=0, with_state=True)
    task.request(immediately=True)
    task.request(immediately=True)  # queued behind the running one
    task.cancel()
    release.set()
    runner.wait()
    qtbot.waitUntil(lambda: not task.busy(), timeout=10000)
    assert runs == [0] and done == []
