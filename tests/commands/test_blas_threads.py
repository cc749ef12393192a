"""Light commands start numpy without OpenBLAS's thread pool (its busy threads slowed a 2-core machine's
`sovsplit stats`); a user's own setting and the heavy commands keep theirs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sovsplit

APP = str(Path(sovsplit.__file__).resolve().parents[1])

_RUN = """
import contextlib, io, os, sys
from sovsplit.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print(os.environ.get("OPENBLAS_NUM_THREADS"))
"""


def _threads_after(tmp_path: Path, *argv: str, setting: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    env.update(PYTHONPATH=APP, XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_STATE_HOME=str(tmp_path / "state"))
    if setting is not None:
        env["OPENBLAS_NUM_THREADS"] = setting
    out = subprocess.run([sys.executable, "-c", _RUN, *argv], capture_output=True, text=True, env=env, check=True)
    return out.stdout.split()[-1]


def test_stats_runs_with_one_blas_thread_unless_the_user_chose(tmp_path):
    assert _threads_after(tmp_path, "stats", "--format", "json") == "1"
    assert _threads_after(tmp_path, "stats", "--format", "json", setting="2") == "2"


def test_the_solver_keeps_the_blas_threads(tmp_path):
    assert _threads_after(tmp_path, "solve", "--help") == "None"
