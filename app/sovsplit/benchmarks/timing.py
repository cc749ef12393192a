"""Median timing helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(func: Callable[[], object], repeats: int = 7, warmup: int = 1) -> float:
    """Median wall time of `func` in milliseconds over `repeats` runs after `warmup` runs."""
    for _ in range(warmup):
        func()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(samples)


def ratio(baseline_ms: float, ours_ms: float) -> float:
    """How many times faster we are than the baseline."""
    return round(baseline_ms / ours_ms, 2) if ours_ms > 0 else float("inf")


def spread(name: str, samples: list[float], unit: str) -> dict[str, float]:
    """`name_UNIT` (the median) with `name_min_UNIT` and `name_max_UNIT`, rounded for reading."""
    return {
        f"{name}_{unit}": round(statistics.median(samples), 1),
        f"{name}_min_{unit}": round(min(samples), 1),
        f"{name}_max_{unit}": round(max(samples), 1),
    }
