"""`sovsplit bench`: the project's benchmark; medians with a baseline measured in the same run."""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys

from sovsplit.benchmarks import BENCHMARKS


def add_parser(sub) -> None:
    p = sub.add_parser("bench", help="measure speed (medians) against baselines run in the same process")
    p.add_argument("--json", action="store_true", help="print one JSON object: metric name -> value")
    p.add_argument("--quick", action="store_true", help="fewer repeats (for smoke tests)")
    p.add_argument("--only", action="append", choices=BENCHMARKS, help="run only these areas")


def run(args) -> int:
    results: dict[str, float] = {}
    for name in args.only or BENCHMARKS:
        if importlib.util.find_spec(f"sovsplit.benchmarks.{name}") is None:
            continue
        if not args.json:
            print(f"measuring {name} …", file=sys.stderr, flush=True)
        module = importlib.import_module(f"sovsplit.benchmarks.{name}")
        results.update(module.measure(args.quick))
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        width = max(map(len, results), default=10)
        for key, value in results.items():
            print(f"{key.ljust(width)}  {value:,.2f}" if isinstance(value, float) else f"{key.ljust(width)}  {value}")
    return 0
