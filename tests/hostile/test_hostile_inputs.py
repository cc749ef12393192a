"""Every hostile input through every entry point: one line naming the file, a non-zero exit, no traceback, no
internal error, bounded time. The entry points run in this process (main() with the output captured); a few
real subprocesses check the same from the outside."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from corpus import VERTEX_LIMIT, corpus

from sovsplit.cli import main
from sovsplit.model.io.safe_text import terminal_text

CORPUS = corpus()
APP = Path(__file__).resolve().parents[2] / "app"
ENTRY_POINTS = ("validate", "stats", "compare", "export", "assign", "annotations", "snapshot")
RENDERED = {"name-8.geojson", "colour-0.geojson", "name-escape.geojson", "member-6.geojson", "bowtie.geojson"}
LIMIT_S = 60


@pytest.fixture(autouse=True)
def _vertex_limit(monkeypatch):
    from sovsplit.model.io import polity_reader

    monkeypatch.setattr(polity_reader, "MAX_VERTICES", VERTEX_LIMIT)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The corpus, written once for all entry points."""
    root = tmp_path_factory.mktemp("hostile")
    for item in CORPUS:
        item.make(root / item.name)
    (root / "out").mkdir()
    return root


def _argv(entry: str, path: Path, out: Path) -> list[str]:
    file = str(path)
    return {
        "validate": ["validate", file],
        "stats": ["stats", file],
        "compare": ["compare", "default", file],
        "export": ["export", file, "-o", str(out / "map.png"), "--dpi", "20", "--size", "300x200px", "--quiet"],
        "assign": ["assign", file, "--region", "RUPRI", "--to", "west", "-o", str(out / "assigned.geojson")],
        "annotations": ["annotations", file],
        "snapshot": [file, "--snapshot", str(out / "window.png"), "--size", "400x300"],
    }[entry]


def _timeout(signum, frame):
    raise TimeoutError(f"over {LIMIT_S} s")


# Accepted inputs are odd but usable files: the heavy entry points (an overlay comparison, a rendered map, the
# window) run on a handful of them in CI and on all of them under the slow marker.
HEAVY = ("compare", "export", "assign", "snapshot")
CASES = [
    pytest.param(
        item,
        entry,
        id=f"{entry}-{item.name}",
        marks=[pytest.mark.slow] if item.accepted and entry in HEAVY and item.name not in RENDERED else [],
    )
    for item in CORPUS
    for entry in ENTRY_POINTS
]


@pytest.mark.parametrize(("item", "entry"), CASES)
def test_a_hostile_input_gets_one_line_naming_the_file(folder, item, entry, capsys):
    path = folder / item.name
    previous = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(LIMIT_S)
    try:
        code = main(_argv(entry, path, folder / "out"))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    out, err = capsys.readouterr()
    both = out + err
    assert "Traceback" not in both and "internal error" not in both, both[-2000:]
    if item.accepted:
        assert code == 0, err
        return
    lines = err.strip().splitlines()
    assert code != 0
    assert len(lines) == 1, err
    assert terminal_text(path.name) in lines[0], lines[0]


@pytest.mark.parametrize("name", ["deep-100000.geojson", "fifo.geojson", "name-8.geojson", "colour-0.geojson"])
def test_a_real_process_agrees(folder, name):
    """The same from the outside, for a few inputs: the exit code and one line on stderr."""
    item = next(i for i in CORPUS if i.name == name)
    result = subprocess.run(
        [sys.executable, "-m", "sovsplit.cli", "validate", str(folder / name)],
        capture_output=True,
        text=True,
        timeout=LIMIT_S,
        env={**os.environ, "PYTHONPATH": str(APP)},
    )
    assert "Traceback" not in result.stderr
    if item.accepted:
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode != 0 and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert name in result.stderr
