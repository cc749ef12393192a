"""Benchmark of the map's questions: a sweep of all 97 regions against recounting the report and verdicts after
every move, and the three-condition solve against brute force on a reduced instance (14 free regions)."""

from __future__ import annotations

import time

from sovsplit.benchmarks.timing import median_ms, ratio

CONDITIONS = ("pacific-rail-port", "contiguous", "capital-distance>=400")
# The East and the regions around it: 2^14 assignments for the brute force (the full 97 would be 2^97).
REDUCED = (
    "RUMAG",
    "RUCHU",
    "RUKAM",
    "RUKHA",
    "RUPRI",
    "RUAMU",
    "RUYEV",
    "RUZAB",
    "RUIRK",
    "RUSAK",
    "RUKYA",
    "RUBU",
    "RUTY",
    "RUKHM",
)


def _scenario():
    from sovsplit.model.io.scenario_io import load_scenario
    from sovsplit.model.report import scenario_report
    from sovsplit.model.stats import StatsEngine

    scenario = load_scenario(None)
    engine = StatsEngine(scenario)
    scenario_report(scenario, engine)  # every whole region's statistics, once, as when the window opens
    return scenario, engine


def _from_scratch_sweep(scenario) -> None:
    """What a sweep costs without the incremental engine: a new report and the full verdicts after each move."""
    from sovsplit.model.annotations.arguments import assess
    from sovsplit.model.editing.edits import reassign_regions
    from sovsplit.model.report import scenario_report

    for rid in scenario.regions.ids:
        target = "west" if scenario.owner_of_region(rid) == "east" else "east"
        edit = reassign_regions(scenario, [rid], target)
        edit.apply(scenario)
        try:
            assess(scenario, scenario_report(scenario))
        finally:
            edit.revert(scenario)


def _sweep_metrics(scenario, engine, quick: bool) -> dict:
    from sovsplit.model.solve.sweep import sweep

    start = time.perf_counter()
    sweep(scenario, "east", all_regions=True, engine=engine)  # first sweep: capital distances, adjacency
    first_ms = (time.perf_counter() - start) * 1000.0
    ours = median_ms(lambda: sweep(scenario, "east", all_regions=True, engine=engine), 3 if quick else 7)
    baseline = median_ms(lambda: _from_scratch_sweep(scenario), 1 if quick else 3, warmup=0)
    return {
        "sweep_all_regions_first_ms": round(first_ms, 1),
        "sweep_all_regions_ms": round(ours, 1),
        "sweep_from_scratch_baseline_ms": round(baseline, 1),
        "sweep_vs_from_scratch_ratio": ratio(baseline, ours),
    }


def _solve_metrics(scenario, quick: bool) -> dict:
    from sovsplit.model.solve.brute import brute_force
    from sovsplit.model.solve.conditions import parse_condition
    from sovsplit.model.solve.instance import build_instance
    from sovsplit.model.solve.solver import Question, solve

    conditions = tuple(parse_condition(c, scenario, "east") for c in CONDITIONS)
    question = Question(conditions, "area", 1, 60.0)
    start = time.perf_counter()
    instance = build_instance(scenario, "east")
    build_ms = (time.perf_counter() - start) * 1000.0

    def full():
        result = solve(instance, question)
        if result.status != "optimal":
            raise RuntimeError(f"the benchmark question was not solved to optimality: {result.status}")

    full_ms = median_ms(full, 3 if quick else 5)
    reduced = build_instance(scenario, "east", free=frozenset(REDUCED))
    reduced_ms = median_ms(lambda: solve(reduced, question), 3 if quick else 5)
    brute_ms = median_ms(lambda: brute_force(reduced, conditions, "area"), 1 if quick else 3, warmup=0)
    return {
        "solve_instance_build_ms": round(build_ms, 1),
        "solve_three_conditions_ms": round(full_ms, 1),
        "solve_reduced_ms": round(reduced_ms, 1),
        "solve_brute_force_reduced_ms": round(brute_ms, 1),
        "solve_vs_brute_force_ratio": ratio(brute_ms, reduced_ms),
    }


def measure(quick: bool) -> dict:
    scenario, engine = _scenario()
    return _sweep_metrics(scenario, engine, quick) | _solve_metrics(scenario, quick)


if __name__ == "__main__":
    print(measure(True))
