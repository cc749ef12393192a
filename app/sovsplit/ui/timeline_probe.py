"""Run inside a fresh process by benchmarks/timeline.py: time moving the time bar's slider and print JSON."""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

from sovsplit.benchmarks.timing import median_ms

EXAMPLE = "east-ussr-timeline"


def main(width: int, height: int, repeats: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from sovsplit.model.io.scenario_io import load_scenario
    from sovsplit.model.io.shipped_scenarios import resolve_scenario
    from sovsplit.model.timeline.io import load_scenario_at
    from sovsplit.ui.app import make_application
    from sovsplit.ui.window.main_window import MainWindow

    app = make_application()
    window = MainWindow(load_scenario(resolve_scenario(EXAMPLE)))
    window.resize(width, height)
    window.show()
    app.processEvents()
    window.document.wait()
    bar, canvas = window.time_bar, window.canvas
    count = len(bar.timeline.states)

    def step() -> None:
        # What one slider move costs until the map is repainted (the statistics follow on a worker).
        bar.slider.setValue((bar.slider.value() + 1) % count)
        canvas.repaint()

    for _ in range(count):  # every state drawn once: its paths are cached from then on
        step()
        window.document.wait()
    ours = median_ms(step, repeats * count, warmup=0)
    # The GUI thread's own CPU for the same steps: on a shared machine the wall time also counts other processes.
    cpu = []
    for _ in range(repeats * count):
        start = time.thread_time()
        step()
        cpu.append((time.thread_time() - start) * 1000.0)
    window.document.wait()
    days = [s.start.isoformat() for s in bar.timeline.states]
    turn = iter(range(10**9))

    def scratch() -> None:
        # The baseline: the state opened afresh as its own scenario (new geometries, nothing cached) and drawn.
        scenario, _ = load_scenario_at(f"{EXAMPLE}@{days[next(turn) % count]}", window.document.scenario.regions)
        window.document.replace_scenario(scenario, confirm=False, keep_history=True)
        canvas.repaint()

    baseline = median_ms(scratch, max(3, repeats), warmup=1)
    window.document.wait()
    return {
        "timeline_slider_redraw_ms": round(ours, 2),
        "timeline_slider_redraw_cpu_ms": round(statistics.median(cpu), 2),
        "timeline_open_state_redraw_baseline_ms": round(baseline, 2),
    }


if __name__ == "__main__":
    w, h, n = (int(a) for a in sys.argv[1:4])
    print(json.dumps(main(w, h, n)))
