"""Autosave to recovery files and find them again after a crash (Qt-free; the window runs the timer)."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from sovsplit.model.io.atomic import write_atomic
from sovsplit.model.io.scenario_io import load_scenario, scenario_to_geojson
from sovsplit.model.io.user_dirs import user_state_dir
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
    """The recovery files of this process: the scenario as GeoJSON plus a small note of where it came from."""

    def __init__(self, directory: Path | None = None, pid: int | None = None):
        self.directory = Path(directory) if directory is not None else user_state_dir()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.pid = pid if pid is not None else os.getpid()
        self.scenario_path = self.directory / f"recovery-{self.pid}.geojson"
        self.note_path = self.directory / f"recovery-{self.pid}.json"

    def save(self, scenario: Scenario, original_path: Path | str | None = None) -> Path:
        """Write the scenario and then the note, each atomically: a note always points at a whole file."""
        write_atomic(self.scenario_path, scenario_to_geojson(scenario))
        original = original_path if original_path is not None else scenario.path
        note = {
            "pid": self.pid,
            "saved_at": time.time(),
            "name": scenario.name,
            "original_path": str(original) if original else None,
            "scenario_file": self.scenario_path.name,
        }
        write_atomic(self.note_path, json.dumps(note, ensure_ascii=False))
        return self.scenario_path

    def discard(self) -> None:
        """Remove this process's recovery files (after a clean save or close)."""
        self.note_path.unlink(missing_ok=True)
        self.scenario_path.unlink(missing_ok=True)


@dataclass
class Recovery:
    """Work autosaved by a process that is gone."""

    note_path: Path
    scenario_path: Path
    original_path: Path | None
    saved_at: float
    name: str

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        where = f" (from {self.original_path.name})" if self.original_path else " (never saved)"
        return f"{self.name}{where}, autosaved {when}"

    def load(self, regions: RegionSet | None = None) -> Scenario:
        """The recovered scenario; its path is the file it came from, so Save writes there."""
        scenario = load_scenario(self.scenario_path, regions)
        scenario.name = self.name or scenario.name
        scenario.path = self.original_path
        return scenario

    def discard(self) -> None:
        self.note_path.unlink(missing_ok=True)
        self.scenario_path.unlink(missing_ok=True)


def find_recoveries(directory: Path | None = None) -> list[Recovery]:
    """Recovery files left by processes that no longer run, newest first; unreadable notes are skipped."""
    directory = Path(directory) if directory is not None else user_state_dir()
    found = []
    for note_path in directory.glob("recovery-*.json"):
        try:
            note = json.loads(note_path.read_text(encoding="utf-8"))
            pid = int(note["pid"])
            scenario_path = directory / str(note["scenario_file"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if _alive(pid) or not scenario_path.exists():
            continue
        original = note.get("original_path")
        found.append(
            Recovery(
                note_path,
                scenario_path,
                Path(original) if original else None,
                float(note.get("saved_at") or 0.0),
                str(note.get("name") or ""),
            )
        )
    return sorted(found, key=lambda r: r.saved_at, reverse=True)
