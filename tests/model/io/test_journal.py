"""The edit journal: a session killed at any moment, even before its first autosave, is recovered to the last
state the user saw (or that state plus the one edit in flight)."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from edit_walk import Walk, caucasus_regions, two_polity_scenario
from identity_checks import assert_same_scenario

from sovsplit.model.io.autosave import Autosaver, find_recoveries
from sovsplit.model.io.scenario_io import scenario_to_geojson

HERE = Path(__file__).resolve().parent
APP = HERE.parents[2] / "app"


def digest(scenario) -> str:
    return hashlib.sha256(scenario_to_geojson(scenario).encode()).hexdigest()[:16]


def run_session(state_dir: Path, seed: int, steps: int, autosave_every: int, out) -> None:
    """The scripted session: random edits, each journaled, an autosave every few edits; after each edit it
    writes `PENDING digest` (applied, not yet journaled) and then `SEEN digest` (journaled: the user sees it)."""
    regions = caucasus_regions()
    scenario = two_polity_scenario(regions)
    saver = Autosaver(state_dir)
    walk = Walk(scenario, seed)

    def journal(op, edit):
        out.write(f"PENDING {digest(scenario)}\n")
        out.flush()
        saver.record(op, edit, scenario)
        out.write(f"SEEN {digest(scenario)}\n")
        out.flush()

    walk.on_edit = journal
    out.write(f"SEEN {digest(scenario)}\n")
    out.flush()
    for step in range(1, steps + 1):
        walk.step()
        if step % autosave_every == 0:
            saver.save(scenario)


def _recovered(state_dir: Path, lines: list[str]) -> None:
    """The recovered scenario is the last SEEN state, or the PENDING one after it (the edit in flight)."""
    seen = [ln.split()[1] for ln in lines if ln.startswith("SEEN ")]
    last = max((i for i, ln in enumerate(lines) if ln.startswith("SEEN ")), default=-1)
    pending = [ln.split()[1] for ln in lines[last + 1 :] if ln.startswith("PENDING ")]
    found = find_recoveries(state_dir)
    if not found:
        # Nothing was offered: only right when no edit had been shown yet.
        assert len(seen) <= 1, f"{len(seen) - 1} edits were shown but no recovery was found"
        return
    assert len(found) == 1
    recovered = found[0].load(caucasus_regions())
    got = digest(recovered)
    assert got in (seen[-1:] + pending[:1]), f"recovered {got}, last seen {seen[-1]}, in flight {pending[:1]}"
    found[0].discard()
    assert list(state_dir.glob("recovery-*")) == []


def _fork_and_kill(state_dir: Path, seed: int, delay: float) -> list[str]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the session: killed from outside, never returns
        os.close(read_end)
        try:
            with os.fdopen(write_end, "w") as out:
                run_session(state_dir, seed, steps=60, autosave_every=15, out=out)
        finally:
            os._exit(0)
    os.close(write_end)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    with os.fdopen(read_end) as pipe:
        return pipe.read().splitlines()


def _kills(tmp_path, count: int) -> None:
    # Warm up what the session loads, so that a kill lands among its edits rather than in imports.
    caucasus_regions()
    two = tmp_path / "probe"
    start = time.perf_counter()
    lines = _fork_and_kill_whole(two)
    session = time.perf_counter() - start
    assert sum(ln.startswith("SEEN ") for ln in lines) > 20
    rng = random.Random(16)
    early = 0
    for n in range(count):
        state_dir = tmp_path / f"kill-{n}"
        # Some kills land before the first autosave (the first fifth of the session), some at the very start.
        delay = rng.uniform(0.0, 0.25 * session) if n % 3 == 0 else rng.uniform(0.0, 1.1 * session)
        lines = _fork_and_kill(state_dir, seed=n, delay=delay)
        early += sum(ln.startswith("SEEN ") for ln in lines) < 15
        _recovered(state_dir, lines)
    assert early >= count // 10


_POSIX = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX-only; the subprocess test runs anywhere")


@_POSIX
def test_twenty_random_kills_recover_the_last_state_the_user_saw(tmp_path):
    _kills(tmp_path, 20)


@_POSIX
@pytest.mark.slow
def test_fifty_random_kills_recover_the_last_state_the_user_saw(tmp_path):
    _kills(tmp_path, 50)


def _fork_and_kill_whole(state_dir: Path) -> list[str]:
    """A whole session (not killed), to learn how long one takes on this machine."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            with os.fdopen(write_end, "w") as out:
                run_session(state_dir, 0, steps=60, autosave_every=15, out=out)
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        lines = pipe.read().splitlines()
    os.waitpid(pid, 0)
    return lines


SESSION = """
import sys
sys.path.insert(0, {here!r})
from pathlib import Path
from test_journal import run_session
run_session(Path(sys.argv[1]), int(sys.argv[2]), steps=400, autosave_every=15, out=sys.stdout)
"""


def test_a_real_process_killed_mid_session_is_recovered(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(APP)}
    child = subprocess.Popen(
        [sys.executable, "-c", SESSION.format(here=str(HERE)), str(tmp_path), "7"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines = []
    for line in child.stdout:
        lines.append(line.strip())
        if sum(ln.startswith("SEEN ") for ln in lines) >= 40:
            break
    child.send_signal(signal.SIGKILL)
    rest, _ = child.communicate()
    lines += rest.splitlines()
    _recovered(tmp_path, lines)


def test_a_journal_cut_short_replays_its_whole_records(tmp_path):
    regions = caucasus_regions()
    scenario = two_polity_scenario(regions)
    saver = Autosaver(tmp_path, pid=999_999_999)
    walk = Walk(scenario, 3)
    states = []

    def journal(op, edit):
        saver.record(op, edit, scenario)
        states.append(digest(scenario))

    walk.on_edit = journal
    while saver.journal.seq < 10:
        walk.step()
    whole = saver.journal.path.read_bytes()
    # The last record is cut off mid-line, as a crash during the write would leave it.
    saver.journal.path.write_bytes(whole[: whole.rstrip(b"\n").rfind(b"\n") + 30])
    recovered = find_recoveries(tmp_path)[0].load(regions)
    assert digest(recovered) == states[8]  # nine records replayed, the torn tenth ignored
    # Unharmed, the journal gives back exactly the session's scenario.
    saver.journal.path.write_bytes(whole)
    assert_same_scenario(scenario, find_recoveries(tmp_path)[0].load(regions))


def test_recovery_files_are_private_and_discard_never_leaves_the_state_folder(tmp_path):
    regions = caucasus_regions()
    scenario = two_polity_scenario(regions)
    victim = tmp_path / "my-own-map.geojson"
    victim.write_text("precious")
    state = tmp_path / "state"
    saver = Autosaver(state, pid=999_999_998)
    saver.save(scenario)
    note = saver.note_path.read_text().replace(f'"{saver.scenario_path.name}"', f'"../{victim.name}"')
    assert victim.name in note
    saver.note_path.write_text(note)
    for path in (saver.note_path, saver.scenario_path, saver.journal.path):
        assert path.stat().st_mode & 0o777 == 0o600, path
    assert state.stat().st_mode & 0o777 == 0o700
    found = find_recoveries(state)
    assert found[0].scenario_path.parent == state
    found[0].discard()
    assert victim.read_text() == "precious"
    assert list(state.glob("recovery-*")) == []


def test_orphaned_part_files_of_killed_saves_are_removed_at_start(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    orphan = state / ".recovery-1.geojson.abc.part"
    orphan.write_text("half")
    os.utime(orphan, (time.time() - 3600, time.time() - 3600))
    keep = state / "notes.txt"
    keep.write_text("mine")
    Autosaver(state)
    assert not orphan.exists() and keep.exists()


def test_an_autosave_that_cannot_write_says_so_once_and_keeps_trying(tmp_path):
    regions = caucasus_regions()
    scenario = two_polity_scenario(regions)
    state = tmp_path / "state"
    saver = Autosaver(state)
    messages = []
    saver.on_failure = messages.append
    # The folder is gone and a file stands in its place: every write fails, as on a full or read-only disk.
    state.rmdir()
    state.write_text("in the way")
    for _ in range(3):
        with pytest.raises(OSError):
            saver.save(scenario)
    state.unlink()
    state.mkdir(mode=0o700)
    assert len(messages) == 1 and str(state) in messages[0]
    saver.save(scenario)
    assert saver.scenario_path.exists()
