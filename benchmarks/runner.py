"""Runs every figure (each on its own, so one failure never hides the others) and reports."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from functools import partial

from benchmarks import report
from benchmarks.figures_fresh import DELIVERED, delivery_figures
from benchmarks.figures_startup import CACHE, DEMO, RSS, cache_figures, demo_figures
from benchmarks.figures_table import DELTA, KEYSTROKE, table_figures
from benchmarks.figures_traffic import (
    BYTES,
    FRESH,
    LOCKS,
    REQUESTS,
    RESOLVE,
    SEVERAL,
    WINDOWS,
    monitor_figures,
    resolution_figures,
    several_figures,
    soak_figures,
    windows_figures,
)
from benchmarks.plans import FULL, QUICK, Plan
from benchmarks.report import Figure, Spec, failed


def _guarded(make: Callable[[], list[Figure]], fallbacks: list[Spec]) -> list[Figure]:
    """The figures ``make`` measures, or each fallback marked as an error when it raises."""
    try:
        return make()
    except Exception as error:
        return [failed(n, key, title, target, error) for n, key, title, target in fallbacks]


SECTIONS: list[tuple[Callable[[Plan], list[Figure]], list[Spec]]] = [
    (demo_figures, [DEMO]),
    (cache_figures, [CACHE, RSS]),
    (table_figures, [DELTA, KEYSTROKE]),
    (monitor_figures, [REQUESTS, BYTES]),
    (soak_figures, [LOCKS, FRESH]),
    (resolution_figures, [RESOLVE]),
    (several_figures, [SEVERAL]),
    (windows_figures, [WINDOWS]),
    (delivery_figures, [DELIVERED]),
]


def run(plan: Plan, progress: Callable[[str], None]) -> list[Figure]:
    """Every section in turn; figures sorted by number."""
    figures: list[Figure] = []
    for section, fallbacks in SECTIONS:
        name = section.__name__.removesuffix("_figures")
        started = time.perf_counter()
        progress(f"{name} ...")
        figures += _guarded(partial(section, plan), fallbacks)
        progress(f"{name}: {time.perf_counter() - started:.1f} s")
    return sorted(figures, key=lambda f: f.number)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 0 when every figure meets its target, 1 otherwise."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    started = time.perf_counter()

    def progress(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    info = report.machine()
    figures = run(plan, progress)
    elapsed = time.perf_counter() - started
    render = report.render_json if args.json else report.render_text
    print(render(figures, info, elapsed, plan.name))
    return 0 if all(f.verdict is report.Verdict.PASS for f in figures) else 1
