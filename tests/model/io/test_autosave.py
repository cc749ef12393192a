"""Autosave and recovery, and saves that survive being killed: no work is ever lost."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sovsplit.model.editing.edits import reassign_regions
from sovsplit.model.io.autosave import Autosaver, autosave_interval_s, find_recoveries

APP = Path(__file__).resolve().parents[3] / "app"


def _python(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(APP)},
    )


def _wait_for_line(process: subprocess.Popen, text: str, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if text in line:
            return
        if not line and process.poll() is not None:
            raise AssertionError(f"child ended early: {process.stderr.read()}")
    raise AssertionError(f"child never printed {text!r}")


def test_own_recovery_files_are_not_offered_while_this_process_runs(scenario, tmp_path):
    saver = Autosaver(tmp_path)
    saver.save(scenario)
    assert saver.scenario_path.exists() and saver.note_path.exists()
    assert find_recoveries(tmp_path) == []
    saver.discard()
    assert not saver.scenario_path.exists() and not saver.note_path.exists()


def test_a_dead_process_leaves_work_that_can_be_recovered(scenario, regions, tmp_path):
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(child.stdout)
    reassign_regions(scenario, ["RUPRI"], "east").apply(scenario)
    original = tmp_path / "my-map.geojson"
    Autosaver(tmp_path, pid=dead_pid).save(scenario, original)
    found = find_recoveries(tmp_path)
    assert len(found) == 1
    recovery = found[0]
    assert recovery.original_path == original
    assert "my-map.geojson" in recovery.describe()
    recovered = recovery.load(regions)
    assert recovered.owner["RUPRI"] == "east"
    assert recovered.path == original
    recovery.discard()
    assert find_recoveries(tmp_path) == []


def test_unreadable_notes_are_skipped(tmp_path):
    (tmp_path / "recovery-1.json").write_text("{not json")
    (tmp_path / "recovery-2.json").write_text(json.dumps({"pid": "x"}))
    assert find_recoveries(tmp_path) == []


def test_the_interval_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("SOVSPLIT_AUTOSAVE_SECONDS", "0.5")
    assert autosave_interval_s() == 0.5
    monkeypatch.setenv("SOVSPLIT_AUTOSAVE_SECONDS", "soon")
    assert autosave_interval_s() == 60.0


SAVE_LOOP = """
import sys
from pathlib import Path
from sovsplit.model.editing.edits import reassign_regions
from sovsplit.model.io.scenario_io import load_scenario, save_scenario, scenario_to_geojson
from sovsplit.model.io.atomic import write_atomic
target, refs = Path(sys.argv[1]), Path(sys.argv[2])
old = load_scenario(None)
new = load_scenario(None)
reassign_regions(new, ["RUPRI", "RUKHA"], "east").apply(new)
write_atomic(refs / "old.geojson", scenario_to_geojson(old))
write_atomic(refs / "new.geojson", scenario_to_geojson(new))
save_scenario(old, target)
print("saving", flush=True)
while True:
    save_scenario(new, target)
    save_scenario(old, target)
"""


def test_killing_a_save_at_any_moment_leaves_the_old_or_the_new_file(tmp_path):
    target = tmp_path / "scenario.geojson"
    rng = random.Random(5)
    for _attempt in range(4):
        child = _python(SAVE_LOOP, str(target), str(tmp_path))
        try:
            _wait_for_line(child, "saving")
            time.sleep(rng.uniform(0.05, 1.5))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
        old = (tmp_path / "old.geojson").read_bytes()
        new = (tmp_path / "new.geojson").read_bytes()
        content = target.read_bytes()
        assert content in (old, new)
        json.loads(content)
    # Temporary files of interrupted saves never take the target's name.
    # (Folders are the test's private user folders: state, config, cache.)
    assert all(
        p.is_dir() or p.name in ("scenario.geojson", "old.geojson", "new.geojson") or p.suffix == ".part"
        for p in tmp_path.iterdir()
    )


SESSION = """
import sys, time
from pathlib import Path
from sovsplit.model.io.autosave import Autosaver
from sovsplit.model.editing.edits import reassign_regions
from sovsplit.model.io.scenario_io import load_scenario
folder = Path(sys.argv[1])
scenario = load_scenario(None)
reassign_regions(scenario, ["RUPRI"], "east").apply(scenario)
saver = Autosaver(folder)
saver.save(scenario, folder / "work.geojson")
print("autosaved", flush=True)
reassign_regions(scenario, ["RUKHA"], "east").apply(scenario)
saver.save(scenario, folder / "work.geojson")
print("autosaved again", flush=True)
time.sleep(600)
"""


def test_work_autosaved_before_a_kill_is_recovered_by_the_next_process(regions, tmp_path):
    child = _python(SESSION, str(tmp_path))
    try:
        _wait_for_line(child, "autosaved again")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    found = find_recoveries(tmp_path)
    assert len(found) == 1
    recovered = found[0].load(regions)
    assert recovered.owner["RUPRI"] == "east" and recovered.owner["RUKHA"] == "east"
    assert recovered.path == tmp_path / "work.geojson"
