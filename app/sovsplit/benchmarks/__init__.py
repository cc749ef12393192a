"""Benchmarks for `sovsplit bench`: one module per area, each with `measure(quick) -> dict` of metrics.

Metric names carry their unit (`_ms`, `_mb`, `_s`) or are ratios (`_ratio`, baseline time / our time). Every
module measures its own baseline in the same run, so ratios stay meaningful on a noisy machine.
"""

# Modules in the order they run; a missing module is skipped so areas can be added one at a time.
BENCHMARKS = ["stats", "cli", "viewer", "frames", "overlay", "editing", "export", "solve", "trace", "timeline"]
