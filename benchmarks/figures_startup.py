"""Figures 1, 2 and 8: start to the first painted queue (the demo, cold; 5,000 from the cache)
and the app's peak memory."""

from __future__ import annotations

from benchmarks import report
from benchmarks.plans import Plan
from benchmarks.report import Figure, Spec, at_most, measured

DEMO = (1, "demo_cold_start_s", "start to first painted queue, demo, cold", at_most(1.0, "s"))
CACHE = (
    2,
    "cache_start_s",
    "start to first painted queue, 5,000 from cache",
    at_most(1.0, "s"),
)
RSS = (8, "peak_rss_mb", "peak RSS with 5,000 messages", at_most(150, "MB"))


def _startup_figure(spec: Spec, seconds: list[float], failures: list[str], what: str) -> Figure:
    if not seconds:
        return measured(spec, None, error=f"never painted: {' | '.join(failures)[:300]}")
    median, worst = report.median_and_max(seconds)
    detail = f"median of {len(seconds)} runs, max {worst:.2f} s; {what}"
    if failures:
        detail += f"; {len(failures)} run(s) never painted"
    return measured(
        spec,
        median,
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
    if result.rss_mb:
        rss = measured(
            RSS,
            max(result.rss_mb),
            detail=f"VmHWM of the app process of figure 2, {plan.rss_settle:.1f} s after its "
            f"status bar said synced ({result.extra.get('synced_runs')} of {len(result.rss_mb)} "
            f"runs synced); worst run",
            extra={"runs": [round(r, 1) for r in result.rss_mb], "messages": cached},
        )
    else:
        rss = measured(RSS, None, error="no run painted")
    return [paint, rss]
