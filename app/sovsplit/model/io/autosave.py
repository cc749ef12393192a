"""Autosave to recovery files and find them again after a crash (Qt-free; the window runs the timer)."""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from sovsplit.model.io.atomic import write_atomic
from sovsplit.model.io.file_guard import file_state
from sovsplit.model.io.journal import Journal, journal_generation, read_records, replay
from sovsplit.model.io.scenario_io import load_scenario, scenario_to_geojson
from sovsplit.model.io.user_dirs import private_dir, remove_orphaned_parts, user_state_dir
from sovsplit.model.regions import RegionSet
from sovsplit.model.scenario import Scenario

# Seconds between autosaves unless the settings or SOVSPLIT_AUTOSAVE_SECONDS say otherwise.
DEFAULT_INTERVAL_S = 60.0


def autosave_interval_s() -> float:
    """The autosave interval: SOVSPLIT_AUTOSAVE_SECONDS if set to a positive number, else one minute."""
    try:
        value = float(os.environ.get("SOVSPLIT_AUTOSAVE_SECONDS", ""))
    except ValueError:
        return DEFAULT_INTERVAL_S
    return value if value > 0 else DEFAULT_INTERVAL_S


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (killed, not yet reaped by its parent) has no work left to save.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


class Autosaver:
    """The recovery files of this process: the scenario as GeoJSON, a small note of where it came from, and
    the journal of edits made since (so a crash between autosaves loses at most the edit in flight)."""

    def __init__(self, directory: Path | None = None, pid: int | None = None):
        self.directory = private_dir(Path(directory)) if directory is not None else user_state_dir()
        remove_orphaned_parts(self.directory)
        self.pid = pid if pid is not None else os.getpid()
        self.generation = 0
        self.scenario_path, self.note_path, journal_path = _files(self.directory, self.pid, self.generation)
        self.journal = Journal(journal_path)
        self._based = False
        # Called once with a message when an autosave cannot be written (a full disk, a read-only folder);
        # saving keeps being tried, and the next success re-arms the message.
        self.on_failure = None
        self._failing = False

    def save(
        self,
        scenario: Scenario,
        original_path: Path | str | None = None,
        journal_seq: int | None = None,
        dirty: bool = True,
    ) -> Path:
        """Write the scenario and then the note, each atomically (a note always points at a whole file), then
        start a new journal. `journal_seq`: the last journal record the scenario already holds (the journal's
        position when the scenario was copied for an autosave off the GUI thread)."""
        seq = self.journal.seq if journal_seq is None else journal_seq
        generation = self.generation + 1
        # Each generation has its own file, so a crash between writing it and the note that names it leaves
        # the note, the file and the journal of the previous generation together.
        scenario_path = _files(self.directory, self.pid, generation)[0]
        try:
            write_atomic(scenario_path, scenario_to_geojson(scenario), mode=0o600)
            original = original_path if original_path is not None else scenario.path
            note = {
                "pid": self.pid,
                "saved_at": time.time(),
                "name": scenario.name,
                "original_path": str(original) if original else None,
                "scenario_file": scenario_path.name,
                "generation": generation,
                "dirty": dirty,
            }
            write_atomic(self.note_path, json.dumps(note, ensure_ascii=False), mode=0o600)
            self.generation = generation
            self.journal.reset(generation, keep_after=seq)
            if scenario_path != self.scenario_path:
                self.scenario_path.unlink(missing_ok=True)
            self.scenario_path = scenario_path
        except OSError as exc:
            if not self._failing and self.on_failure is not None:
                self.on_failure(f"Autosave cannot write to {self.directory}: {exc.strerror or exc}; will keep trying")
            self._failing = True
            raise
        self._failing = False
        self._based = True
        return self.scenario_path

    def record(self, op: str, edit, scenario: Scenario) -> None:
        """Journal an edit just applied ("apply") or undone ("revert") on `scenario`. The first one of a
        session first writes the scenario as it was before, the base the journal replays onto."""
        if not self._based:
            edit_undo = edit.apply if op == "revert" else edit.revert
            redo = edit.revert if op == "revert" else edit.apply
            # The base must be the state before this edit: step back, write it, step forward again.
            edit_undo(scenario)
            try:
                self.save(scenario, dirty=False)
            finally:
                redo(scenario)
        self.journal.record(op, edit)

    def discard(self) -> None:
        """Remove this process's recovery files (after a clean save or close)."""
        self.note_path.unlink(missing_ok=True)
        self.scenario_path.unlink(missing_ok=True)
        self.journal.discard()
        self._based = False


def _files(directory: Path, pid: int, generation: int) -> tuple[Path, Path, Path]:
    """The only files a process's recovery may consist of: named by its pid (and the autosave's generation),
    inside the state folder."""
    return (
        directory / f"recovery-{pid}-{generation}.geojson",
        directory / f"recovery-{pid}.json",
        directory / f"recovery-{pid}.journal",
    )


@dataclass
class Recovery:
    """Work autosaved and journaled by a process that is gone."""

    note_path: Path
    scenario_path: Path
    original_path: Path | None
    saved_at: float
    name: str
    journal_path: Path | None = None
    generation: int = 0
    pid: int | None = None

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        where = f" (from {self.original_path.name})" if self.original_path else " (never saved)"
        return f"{self.name}{where}, autosaved {when}"

    def load(self, regions: RegionSet | None = None) -> Scenario:
        """The recovered scenario (autosave plus journal); its path is the file it came from, so Save writes
        there."""
        scenario = load_scenario(self.scenario_path, regions)
        if self.journal_path is not None:
            replay(scenario, self.journal_path, self.generation)
        scenario.name = self.name or scenario.name
        scenario.path = self.original_path
        # Saving over the original asks only if it changes from now on.
        scenario.file_state = file_state(self.original_path)
        return scenario

    def discard(self) -> None:
        """Remove the recovery files; only the ones named after the dead process in the state folder, whatever
        its note says."""
        paths = [self.note_path, self.scenario_path, self.journal_path]
        if self.pid is not None:
            # An autosave of a later generation whose note was never written (killed in between).
            pattern = re.compile(rf"recovery-{self.pid}-\d+\.geojson")
            paths += [
                p for p in self.note_path.parent.glob(f"recovery-{self.pid}-*.geojson") if pattern.fullmatch(p.name)
            ]
        for path in paths:
            if path is not None:
                path.unlink(missing_ok=True)


def find_recoveries(directory: Path | None = None) -> list[Recovery]:
    """Recovery files left by processes that no longer run, newest first; unreadable notes are skipped."""
    directory = Path(directory) if directory is not None else user_state_dir()
    found = []
    for note_path in directory.glob("recovery-*.json"):
        try:
            note = json.loads(note_path.read_text(encoding="utf-8"))
            pid = int(note["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        generation = note.get("generation", 0)
        generation = generation if isinstance(generation, int) and generation >= 0 else 0
        scenario_path, own_note, journal_path = _files(directory, pid, generation)
        # A note is only trusted to name its process and generation; which files belong to it follows from
        # those numbers alone, never from a path it gives.
        if pid <= 0 or own_note != note_path or _alive(pid) or not scenario_path.exists():
            continue
        journaled = journal_generation(journal_path) == generation and any(
            r.get("g") == generation for r in read_records(journal_path)
        )
        if note.get("dirty") is False and not journaled:
            continue  # a session that only wrote its starting point
        original = note.get("original_path")
        found.append(
            Recovery(
                note_path,
                scenario_path,
                Path(original) if isinstance(original, str) and original else None,
                float(note.get("saved_at") or 0.0) if isinstance(note.get("saved_at"), (int, float)) else 0.0,
                str(note.get("name") or ""),
                journal_path,
                generation,
                pid,
            )
        )
    return sorted(found, key=lambda r: r.saved_at, reverse=True)
