"""Runs every figure (each on its own, so one failure never hides the others) and reports."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from functools import partial

from benchmarks import report
from benchmarks.plans import FULL, QUICK, Plan
from benchmarks.report import Figure, Target, at_least, at_most, failed

CHANGES_PER_MINUTE = 10.0


def _guarded(
    make: Callable[[], list[Figure]], fallbacks: list[tuple[int, str, str, Target]]
) -> list[Figure]:
    """The figures ``make`` measures, or each fallback marked as an error when it raises."""
    try:
        return make()
    except Exception as error:
        return [failed(n, key, title, target, error) for n, key, title, target in fallbacks]


# --- figures 1, 2 and 8 ---------------------------------------------------------------------

DEMO = (1, "demo_cold_start_s", "start to first painted queue, demo, cold", at_most(1.0, "s"))
CACHE = (
    2,
    "cache_start_s",
    "start to first painted queue, 5,000 from cache",
    at_most(1.0, "s"),
)
RSS = (8, "peak_rss_mb", "peak RSS with 5,000 messages", at_most(150, "MB"))


def _startup_figure(
    spec: tuple[int, str, str, Target], seconds: list[float], failures: list[str], what: str
) -> Figure:
    number, key, title, target = spec
    if not seconds:
        return Figure(
            number, key, title, None, target, error=f"never painted: {' | '.join(failures)[:300]}"
        )
    median, worst = report.median_and_max(seconds)
    detail = f"median of {len(seconds)} runs, max {worst:.2f} s; {what}"
    if failures:
        detail += f"; {len(failures)} run(s) never painted"
    return Figure(
        number,
        key,
        title,
        median,
        target,
        detail=detail,
        extra={"runs": [round(s, 3) for s in seconds], "max": worst, "failed_runs": len(failures)},
    )


def demo_figures(plan: Plan) -> list[Figure]:
    """Figure 1."""
    from benchmarks import startup

    result = startup.demo_cold(plan.demo_runs)
    return [
        _startup_figure(
            DEMO,
            result.seconds,
            result.failures,
            "spawn of `python -m cliq_tui --demo` on a 160x48 pty to a demo row on screen",
        )
    ]


def cache_figures(plan: Plan) -> list[Figure]:
    """Figures 2 and 8."""
    from benchmarks import startup

    result = startup.from_cache(
        plan.cache_runs, plan.cache_messages, plan.cache_chats, plan.rss_settle
    )
    cached = result.extra.get("cached_messages")
    paint = _startup_figure(
        CACHE,
        result.seconds,
        result.failures,
        f"{cached} messages in {plan.cache_chats} chats cached; fake server in its own process",
    )
    paint.extra.update(result.extra)
    number, key, title, target = RSS
    if result.rss_mb:
        rss = Figure(
            number,
            key,
            title,
            max(result.rss_mb),
            target,
            detail=f"VmHWM of the app process of figure 2, {plan.rss_settle:.1f} s after its "
            f"status bar said synced ({result.extra.get('synced_runs')} of {len(result.rss_mb)} "
            f"runs synced); worst run",
            extra={"runs": [round(r, 1) for r in result.rss_mb], "messages": cached},
        )
    else:
        rss = Figure(number, key, title, None, target, error="no run painted")
    return [paint, rss]


# --- figures 3 and 4 ------------------------------------------------------------------------

DELTA = (3, "delta_ms", "apply a 10-message delta to 5,000 rows", at_most(16, "ms"))
KEYSTROKE = (
    4,
    "filter_keystroke_p95_ms",
    "one filter keystroke at 5,000 rows, p95",
    at_most(50, "ms"),
)


def table_figures(plan: Plan) -> list[Figure]:
    """Figures 3 and 4."""
    from benchmarks import table

    error: str | None = None
    try:
        result = table.run(
            plan.table_messages,
            plan.table_chats,
            deltas=plan.deltas,
            rebuilds=plan.rebuilds,
            queries=plan.queries,
        )
    except table.TableError as exc:
        result, error = exc.result, str(exc)
    figures = []
    number, key, title, target = DELTA
    if result.delta and result.rebuild:
        # Net of the probe, a delta can come out at 0 ms on a loaded machine: no division by 0.
        speedup = result.rebuild_median / max(result.delta_median, 0.01)
        paint = statistics.median(t.paint for t in result.delta)
        figures.append(
            Figure(
                number,
                key,
                title,
                result.delta_median,
                target,
                also=[("speed-up vs rebuild", speedup, at_least(20, "x"))],
                detail=f"median of {len(result.delta)} deltas (4 edits, 3 new, 3 removed) through "
                f"the app's handler (MainScreen.apply_delta) until every widget has handled it; "
                f"full rebuild (MainScreen.engine_ready) median {result.rebuild_median:.1f} ms. "
                f"Both net of the probe that waits for every widget ({result.probe_ms:.1f} ms, "
                f"an empty action timed the same way; gross delta "
                f"{statistics.median(t.work for t in result.delta):.1f} ms). "
                f"Then painting the visible screen: median {paint:.1f} ms after a delta, "
                f"{result.cursor_paint:.1f} ms after moving the cursor one row (which redraws "
                f"only the table's visible rows)",
                extra={
                    "rows": result.rows,
                    "delta_ms": _rounded(result.delta_ms),
                    "probe_ms": result.probe_ms,
                    "delta_gross_ms": _rounded(t.work for t in result.delta),
                    "delta_paint_ms": _rounded(t.paint for t in result.delta),
                    "rebuild_ms": _rounded(result.rebuild_ms),
                    "rebuild_paint_ms": _rounded(t.paint for t in result.rebuild),
                    "cursor_paint_ms": result.cursor_paint,
                    "speedup": speedup,
                },
            )
        )
    else:
        figures.append(Figure(number, key, title, None, target, error=error or "no timings"))
    number, key, title, target = KEYSTROKE
    if result.keystroke:
        totals = [t.total for t in result.keystroke]
        figures.append(
            Figure(
                number,
                key,
                title,
                result.keystroke_p95,
                target,
                detail=f"{len(result.keystroke)} keystrokes typing and deleting "
                f"{', '.join(repr(q) for q in plan.queries)}, from the key event until every "
                f"widget has handled it (filter applied, table rows updated; there is no "
                f"debounce to subtract), net of the {result.probe_ms:.1f} ms probe (gross p95 "
                f"{report.percentile([t.work for t in result.keystroke], 0.95):.1f} ms); median "
                f"{statistics.median(result.keystroke_ms):.1f} ms. "
                f"With the paint of the visible screen (gross): p95 "
                f"{report.percentile(totals, 0.95):.1f} ms, median "
                f"{statistics.median(totals):.1f} ms",
                extra={
                    "keystroke_ms": _rounded(result.keystroke_ms),
                    "keystroke_paint_ms": _rounded(t.paint for t in result.keystroke),
                    "p95_with_paint_ms": report.percentile(totals, 0.95),
                    "rows_shown": result.filtered_rows,
                },
            )
        )
    else:
        figures.append(Figure(number, key, title, None, target, error=error or "no timings"))
    return figures


def _rounded(values: Iterable[float]) -> list[float]:
    return [round(v, 2) for v in values]


# --- figures 5, 6 and 7 ---------------------------------------------------------------------

REQUESTS = (
    5,
    "monitoring_requests_fewer_x",
    "10 min monitoring, requests vs re-listing all",
    at_least(20, "x fewer"),
)
BYTES = (
    5,
    "monitoring_bytes_fewer_x",
    "10 min monitoring, bytes vs re-listing all",
    at_least(20, "x fewer"),
)
LOCKS = (6, "soak_429s_and_locks", "429s or locks in a 30 min soak", at_most(0, ""))
FRESH = (7, "freshness_p95_s", "freshness, server change to screen, p95", at_most(5.0, "s"))


def monitor_figures(plan: Plan) -> list[Figure]:
    """Figure 5 (requests and bytes)."""
    from benchmarks import traffic

    m = traffic.monitor(
        plan.monitor_messages, plan.monitor_messages // 10, plan.monitor_seconds, CHANGES_PER_MINUTE
    )
    minutes = plan.monitor_seconds / 60
    common = (
        f"{m.messages} messages, {m.changes} server-side changes in {minutes:.0f} simulated min; "
        f"app {m.app_polls} polls ({m.app_endpoints}); naive re-lists all pages every "
        f"{m.naive_interval:.1f} s (the app's mean poll interval), {m.naive_polls} times"
    )
    extra = {
        "app_requests": m.app_requests,
        "app_bytes": m.app_bytes,
        "naive_requests": m.naive_requests,
        "naive_bytes": m.naive_bytes,
        "app_polls": m.app_polls,
        "naive_refreshes": m.naive_polls,
        "changes": m.changes,
        "app_endpoints": m.app_endpoints,
    }
    number, key, title, target = REQUESTS
    requests = Figure(
        number,
        key,
        title,
        m.naive_requests / max(1, m.app_requests),
        target,
        detail=f"app {m.app_requests} vs naive {m.naive_requests} requests; {common}",
        extra=extra,
    )
    number, key, title, target = BYTES
    size = Figure(
        number,
        key,
        title,
        m.naive_bytes / max(1, m.app_bytes),
        target,
        detail=f"app {m.app_bytes / 1e3:.1f} kB vs naive {m.naive_bytes / 1e6:.1f} MB received",
        extra=extra,
    )
    return [requests, size]


def soak_figures(plan: Plan) -> list[Figure]:
    """Figures 6 and 7."""
    from benchmarks import soak

    s = soak.soak(
        plan.soak_messages, plan.soak_messages // 10, plan.soak_seconds, CHANGES_PER_MINUTE
    )
    acted = sum(s.actions.values())
    number, key, title, target = LOCKS
    locks = Figure(
        number,
        key,
        title,
        float(s.throttled + s.locks),
        target,
        detail=f"{s.throttled} throttled responses, {s.locks} endpoints locked, over "
        f"{s.requests} requests ({s.endpoints}); user: {acted} actions {s.actions}, "
        f"{s.refreshes} manual refreshes in bursts; actions that failed: {s.refused}",
        extra={
            "throttled": s.throttled,
            "locked_endpoints": s.locks,
            "requests": s.requests,
            "endpoints": s.endpoints,
            "actions": s.actions,
            "refused": s.refused,
            "refreshes": s.refreshes,
        },
    )
    number, key, title, target = FRESH
    if s.freshness:
        p95 = report.percentile(s.freshness, 0.95)
        fresh = Figure(
            number,
            key,
            title,
            p95,
            target,
            detail=f"{len(s.freshness)} server-side changes to the engine's delta (what the "
            f"app's handler gets) during the soak; median {statistics.median(s.freshness):.1f}"
            f" s, max {max(s.freshness):.1f} s; {s.missed} not seen by the end",
            extra={"samples": len(s.freshness), "missed": s.missed, "max": max(s.freshness)},
        )
    else:
        fresh = Figure(number, key, title, None, target, error="no change reached the engine")
    return [locks, fresh]


# --- figure 9 ---------------------------------------------------------------------------------

RESOLVE = (
    9,
    "realistic_resolution_s",
    "real-sized account, cold start to every message mapped",
    at_most(60, "s"),
)


def resolution_figures(plan: Plan) -> list[Figure]:
    """Figure 9: 25 messages in 12 of 300 chats, cold and from the cache."""
    from benchmarks import resolution

    return [resolution.figure(RESOLVE)]


# --- figure 10 --------------------------------------------------------------------------------

SEVERAL = (
    10,
    "several_processes_throttled",
    "several processes on one account: throttled responses",
    at_most(0, ""),
)


def several_figures(plan: Plan) -> list[Figure]:
    """Figure 10: two dashboards (one killed and restarted) and CLI loops on one account."""
    from benchmarks import several

    r = several.several_processes(plan.several_seconds)
    number, key, title, target = SEVERAL
    peaks = ", ".join(f"{name} {r.peaks[name]}/{r.limits[name]}" for name in r.peaks)
    return [
        Figure(
            number,
            key,
            title,
            float(r.throttled),
            target,
            also=[("peak requests per 60 s, share of the limit", r.worst_share(), at_most(1, "x"))],
            detail=f"{r.seconds:.0f} s of real time: 2 dashboards (sync engine and shared budget, "
            f"no screen; one killed with SIGKILL halfway and started again) and 2 workers running "
            f"`cliq-tui list --chat C` / `cliq-tui list` back to back ({r.cli}); "
            f"peak requests in any 60 s window per endpoint: {peaks}; requests {r.requests}",
            extra={
                "throttled": r.throttled,
                "peaks": r.peaks,
                "limits": r.limits,
                "requests": r.requests,
                "cli": r.cli,
                "cli_failures": r.cli_failures,
                "dashboards": r.dashboards,
            },
        )
    ]


# --- figure 11 --------------------------------------------------------------------------------

WINDOWS = (
    11,
    "several_windows_freshness_p95_s",
    "several dashboards on one account: freshness of each, p95 (worst)",
    at_most(5.0, "s"),
)


def windows_figures(plan: Plan) -> list[Figure]:
    """Figure 11: three dashboards on one account, the polling one quitting and restarting."""
    from benchmarks import freshness

    r = freshness.several_windows(
        plan.soak_messages, plan.soak_messages // 10, plan.monitor_seconds, CHANGES_PER_MINUTE
    )
    number, key, title, target = WINDOWS
    measured = [w for w in r.windows if w.freshness]
    if not measured:
        return [Figure(number, key, title, None, target, error="no change reached a window")]
    each = {w.name: round(report.percentile(w.freshness, 0.95), 2) for w in measured}
    words = "; ".join(
        f"{w.name}: p95 {each[w.name]:.1f} s over {len(w.freshness)} changes, {w.polls} list "
        f"requests, ends {w.role}"
        for w in measured
    )
    return [
        Figure(
            number,
            key,
            title,
            max(each.values()),
            target,
            detail=f"{plan.soak_messages} messages, {r.changes} server-side changes in "
            f"{plan.monitor_seconds / 60:.0f} simulated min; 3 dashboards on one shared cache "
            f"and budget, the polling one quits a third of the way in and starts again 10 s "
            f"later; {words}; {r.throttled} throttled; peak requests per 60 s {r.peaks}",
            extra={
                "p95": each,
                "missed": {w.name: w.missed for w in r.windows},
                "list_requests": {w.name: w.polls for w in r.windows},
                "throttled": r.throttled,
                "peaks": r.peaks,
            },
        )
    ]


SECTIONS: list[tuple[Callable[[Plan], list[Figure]], list[tuple[int, str, str, Target]]]] = [
    (demo_figures, [DEMO]),
    (cache_figures, [CACHE, RSS]),
    (table_figures, [DELTA, KEYSTROKE]),
    (monitor_figures, [REQUESTS, BYTES]),
    (soak_figures, [LOCKS, FRESH]),
    (resolution_figures, [RESOLVE]),
    (several_figures, [SEVERAL]),
    (windows_figures, [WINDOWS]),
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
