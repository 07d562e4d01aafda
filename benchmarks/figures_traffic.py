"""Figures 5, 6, 7, 9, 10 and 11: what the dashboard asks of the server (requests, bytes,
throttling), how fresh its screen stays, and how it shares one account with other processes."""

from __future__ import annotations

import statistics

from benchmarks import report
from benchmarks.plans import Plan
from benchmarks.report import Figure, at_least, at_most, measured

CHANGES_PER_MINUTE = 10.0


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
    requests = measured(
        REQUESTS,
        m.naive_requests / max(1, m.app_requests),
        detail=f"app {m.app_requests} vs naive {m.naive_requests} requests; {common}",
        extra=extra,
    )
    size = measured(
        BYTES,
        m.naive_bytes / max(1, m.app_bytes),
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
    locks = measured(
        LOCKS,
        float(s.throttled + s.locks),
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
    if s.freshness:
        p95 = report.percentile(s.freshness, 0.95)
        fresh = measured(
            FRESH,
            p95,
            detail=f"{len(s.freshness)} server-side changes to the engine's delta (what the "
            f"app's handler gets) during the soak; median {statistics.median(s.freshness):.1f}"
            f" s, max {max(s.freshness):.1f} s; {s.missed} not seen by the end",
            extra={"samples": len(s.freshness), "missed": s.missed, "max": max(s.freshness)},
        )
    else:
        fresh = measured(FRESH, None, error="no change reached the engine")
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
    peaks = ", ".join(f"{name} {r.peaks[name]}/{r.limits[name]}" for name in r.peaks)
    return [
        measured(
            SEVERAL,
            float(r.throttled),
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
    seen = [w for w in r.windows if w.freshness]
    if not seen:
        return [measured(WINDOWS, None, error="no change reached a window")]
    each = {w.name: round(report.percentile(w.freshness, 0.95), 2) for w in seen}
    words = "; ".join(
        f"{w.name}: p95 {each[w.name]:.1f} s over {len(w.freshness)} changes, {w.polls} list "
        f"requests, ends {w.role}"
        for w in seen
    )
    return [
        measured(
            WINDOWS,
            max(each.values()),
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
