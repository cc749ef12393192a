"""Saving from the window: Save/Save As, the modified mark, the close prompt, autosave and crash recovery."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from sovsplit.model.editing.edits import reassign_regions
from sovsplit.model.geodesy import area_km2
from sovsplit.model.io.autosave import find_recoveries
from sovsplit.model.io.scenario_io import load_scenario, save_scenario
from sovsplit.model.io.user_dirs import user_state_dir
from sovsplit.ui.document.edit_commands import EditCommand

APP = Path(__file__).resolve().parents[3] / "app"


def settle(window):
    """Let the statistics and verdict workers finish and deliver their results while the window still exists."""
    runners = [layer.runner for layer in window.canvas.layers if hasattr(layer, "runner")]
    for _ in range(4):
        for runner in runners:
            runner.wait()
        window.stats_panel.wait()
        QApplication.processEvents()


def _give(window, regions, polity):
    window.undo_stack.push(EditCommand(window.scenario, reassign_regions(window.scenario, regions, polity)))


def _holdings(scenario):
    held = {}
    for pid, parcel in scenario.parcels.items():
        key = (parcel.region_id, scenario.owner[pid])
        held[key] = held.get(key, 0.0) + area_km2(parcel.geometry)
    return held


def test_save_as_then_save_reopen_identically(window, regions, tmp_path):
    saving = window.editing.saving
    _give(window, ["RUPRI"], "east")
    assert window.isWindowModified()
    path = tmp_path / "mine.geojson"
    assert saving.save_as(path)
    assert not window.isWindowModified() and window.undo_stack.isClean()
    assert "mine.geojson" in window.windowTitle()
    reopened = load_scenario(path, regions)
    assert list(reopened.polities.values()) == list(window.scenario.polities.values())
    assert reopened.owner == window.scenario.owner
    _give(window, ["RUKHA"], "east")
    assert window.isWindowModified()
    saving.save_action.trigger()  # Ctrl+S: the scenario has a file of its own now, so no dialog
    assert not window.isWindowModified()
    reopened = load_scenario(path, regions)
    before, after = _holdings(window.scenario), _holdings(reopened)
    assert set(before) == set(after)
    assert all(after[k] == pytest.approx(v, rel=1e-6) for k, v in before.items())
    # Undoing past the save point marks the window modified again.
    window.undo_stack.undo()
    assert window.isWindowModified()
    settle(window)


def test_save_never_overwrites_the_shipped_scenario(window, monkeypatch, tmp_path):
    saving = window.editing.saving
    asked = []
    monkeypatch.setattr(saving, "save_as", lambda path=None: asked.append(path) or False)
    shipped = window.scenario.path
    before = shipped.read_bytes()
    _give(window, ["RUPRI"], "east")
    assert not saving.save()
    assert asked == [None]
    assert shipped.read_bytes() == before
    settle(window)


@pytest.mark.parametrize("answer", ["cancel", "discard", "save"])
def test_closing_with_unsaved_changes_asks(window, monkeypatch, tmp_path, answer, regions):
    saving = window.editing.saving
    path = tmp_path / "work.geojson"
    save_scenario(window.scenario, path)
    window.scenario.path = path
    _give(window, ["RUPRI"], "east")
    monkeypatch.setattr(saving, "ask_save_on_close", lambda: answer)
    closed = window.close()
    assert closed == (answer != "cancel")
    monkeypatch.setattr(saving, "ask_save_on_close", lambda: "discard")
    owner = load_scenario(path, regions).owner["RUPRI"]
    assert owner == ("east" if answer == "save" else "west")
    settle(window)


def test_autosave_writes_a_recovery_file_that_a_clean_save_removes(window, tmp_path):
    saving = window.editing.saving
    assert not saving.autosave_now(wait=True)  # nothing to save yet
    _give(window, ["RUPRI"], "east")
    assert saving.autosave_now(wait=True)
    assert saving.autosaver.scenario_path.exists()
    assert not saving.autosave_now(wait=True)  # no change since
    saving.save_as(tmp_path / "saved.geojson")
    assert not saving.autosaver.scenario_path.exists()
    settle(window)


SESSION = """
import os, sys, time
from pathlib import Path
from sovsplit.ui.app import make_application
app = make_application()
from sovsplit.model.editing.edits import reassign_regions
from sovsplit.model.io.scenario_io import load_scenario
from sovsplit.ui.document.edit_commands import EditCommand
from sovsplit.ui.window.main_window import MainWindow
window = MainWindow(load_scenario(sys.argv[1]))
window.show()
saving = window.editing.saving
window.undo_stack.push(EditCommand(window.scenario, reassign_regions(window.scenario, ["RUPRI"], "east")))
deadline = time.monotonic() + 120
while not saving.autosaver.note_path.exists() and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.02)
print("autosaved" if saving.autosaver.note_path.exists() else "no autosave", flush=True)
while True:
    app.processEvents()
    time.sleep(0.05)
"""


def test_a_killed_session_is_offered_back_at_the_next_start(qtbot, regions, tmp_path, monkeypatch):
    work = tmp_path / "work.geojson"
    save_scenario(load_scenario(None, regions), work)
    env = {**os.environ, "PYTHONPATH": str(APP), "QT_QPA_PLATFORM": "offscreen", "SOVSPLIT_AUTOSAVE_SECONDS": "0.5"}
    child = subprocess.Popen(
        [sys.executable, "-c", SESSION, str(work)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        line = ""
        deadline = time.monotonic() + 300
        while "autosaved" not in line and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line and child.poll() is not None:
                break
        assert "autosaved" in line, child.stderr.read() if child.poll() is not None else line
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert load_scenario(work, regions).owner["RUPRI"] == "west"  # never saved by hand
    assert len(find_recoveries(user_state_dir())) == 1

    from sovsplit.ui.window.main_window import MainWindow
    from sovsplit.ui.window.saving import Saving

    monkeypatch.setattr(Saving, "ask_recovery", lambda self, recovery: "recover")
    window = MainWindow(load_scenario(None, regions))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.scenario.owner.get("RUPRI") == "east", timeout=60000)
    assert window.isWindowModified()
    assert window.scenario.path == work
    assert "work.geojson" in window.windowTitle()
    # The old process's files are gone; this process holds the work in its own recovery file now.
    assert find_recoveries(user_state_dir()) == []
    assert window.editing.saving.autosaver.scenario_path.exists()
    settle(window)
    monkeypatch.setattr(window.editing.saving, "ask_save_on_close", lambda: "save")
    assert window.close()
    assert load_scenario(work, regions).owner["RUPRI"] == "east"
    assert not window.editing.saving.autosaver.scenario_path.exists()


@pytest.mark.parametrize("answer", ["cancel", "overwrite"])
def test_saving_over_a_file_another_window_changed_asks_first(window, monkeypatch, tmp_path, answer, regions):
    saving = window.editing.saving
    path = tmp_path / "shared.geojson"
    save_scenario(window.scenario, path)
    # A second window opens the same file, edits it and saves first.
    other = load_scenario(path, regions)
    reassign_regions(other, ["RUKHA"], "east").apply(other)
    save_scenario(other, path)
    theirs = path.read_bytes()
    asked = []
    monkeypatch.setattr(saving, "ask_overwrite", lambda p: asked.append(p) or answer)
    _give(window, ["RUPRI"], "east")
    assert saving.save() == (answer == "overwrite")
    assert asked == [path]
    if answer == "cancel":
        assert path.read_bytes() == theirs and window.isWindowModified()
    else:
        assert load_scenario(path, regions).owner["RUPRI"] == "east"
        # Saved now: the next save over an unchanged file does not ask again.
        _give(window, ["RUSAK"], "east")
        assert saving.save() and len(asked) == 1
    settle(window)
