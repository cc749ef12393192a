"""Benchmark of moving between the states of a timeline: each state's statistics from parcel statistics the
states share, against counting the state from scratch (a fresh StatsEngine), on the shipped example."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

from sovsplit.benchmarks.timing import ratio

EXAMPLE = "east-ussr-timeline"


def _timeline():
    from sovsplit.model.io.shipped_scenarios import resolve_scenario
    from sovsplit.model.timeline.io import load_timeline

    return load_timeline(resolve_scenario(EXAMPLE))


def _switch_samples(timeline, stats, rounds: int) -> list[float]:
    """A slider moving through every state, back and forth: each step is one state's full report."""
    order = list(range(len(timeline.states)))
    samples = []
    for _ in range(rounds):
        for index in order + order[::-1]:
            start = time.perf_counter()
            stats.report(index)
            samples.append((time.perf_counter() - start) * 1000.0)
    return samples


def _scratch_samples(timeline, rounds: int) -> list[float]:
    """The baseline: every step counts the state anew (region table on disk, ports and pieces recounted)."""
    from sovsplit.model.report import scenario_report
    from sovsplit.model.stats import StatsEngine

    source = StatsEngine(timeline.states[0].scenario).arable_source
    samples = []
    for _ in range(rounds):
        for state in timeline.states:
            start = time.perf_counter()
            scenario_report(state.scenario, StatsEngine(state.scenario, source))
            samples.append((time.perf_counter() - start) * 1000.0)
    return samples


def _first_visit_ms(timeline) -> float:
    """Opening the timeline and visiting each state once (engines seeded from the states already counted)."""
    from sovsplit.model.timeline.stats import TimelineStats

    stats = TimelineStats(timeline)
    start = time.perf_counter()
    for index in range(len(timeline.states)):
        stats.report(index)
    return (time.perf_counter() - start) * 1000.0 / len(timeline.states)


def _window_switch(repeats: int) -> dict:
    """The time bar in a fresh offscreen window (ui/timeline_probe.py): slider move to repainted map."""
    import tempfile

    # A private state folder: no recovery prompt from another session's autosave can block the window.
    private = tempfile.mkdtemp(prefix="sovsplit-bench-")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=private, XDG_CONFIG_HOME=private)
    env["XDG_CACHE_HOME"] = private  # entries signed with the private key would replace the user's own
    app_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = app_root + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run(
        [sys.executable, "-m", "sovsplit.ui.timeline_probe", "1600", "1000", str(repeats)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    if out.returncode != 0:
        raise RuntimeError(f"timeline probe failed: {out.stderr[-600:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(quick: bool) -> dict:
    from sovsplit.model.timeline.stats import TimelineStats

    timeline = _timeline()
    rounds = 2 if quick else 6
    first = _first_visit_ms(timeline)
    stats = TimelineStats(timeline)
    _switch_samples(timeline, stats, 1)  # warm: every state's engine has counted its parcels once
    ours = statistics.median(_switch_samples(timeline, stats, rounds))
    baseline = statistics.median(_scratch_samples(timeline, rounds))
    window = _window_switch(2 if quick else 5)
    return {
        **window,
        "timeline_slider_vs_open_ratio": ratio(
            window["timeline_open_state_redraw_baseline_ms"], window["timeline_slider_redraw_ms"]
        ),
        "timeline_first_visit_per_state_ms": round(first, 2),
        "timeline_switch_state_stats_ms": round(ours, 2),
        "timeline_switch_from_scratch_baseline_ms": round(baseline, 2),
        "timeline_switch_vs_scratch_ratio": ratio(baseline, ours),
    }


if __name__ == "__main__":
    t = time.perf_counter()
    print(measure(True), time.perf_counter() - t)
