"""The bench's peak memory is the measured process's own, not its parent's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sovsplit
from sovsplit.benchmarks.memory import peak_rss_mb

_TOUCH = "held = bytearray({mb} * 2**20); held[::4096] = bytes(len(range(0, len(held), 4096)))\n"


def _in_child(code: str) -> list[float]:
    env = dict(os.environ, PYTHONPATH=str(Path(sovsplit.__file__).resolve().parents[1]))
    script = "from sovsplit.benchmarks.memory import peak_rss_mb\n" + code
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    return [float(word) for word in out.stdout.split()]


def test_a_child_of_a_large_parent_reports_its_own_small_peak():
    exec(_TOUCH.format(mb=400), {})  # this process touches 400 MB
    assert peak_rss_mb() > 400
    (child,) = _in_child("print(peak_rss_mb())")
    assert child < 150  # a bare interpreter; ru_maxrss would report the parent's 400 MB or more here


def test_the_peak_grows_with_what_the_process_touches():
    before, after = _in_child("print(peak_rss_mb())\n" + _TOUCH.format(mb=200) + "print(peak_rss_mb())")
    assert after - before > 190
