"""Figure 12: a delivery on screen from its due time, and what polling spends of the list budget."""

from __future__ import annotations

import statistics

from benchmarks import report
from benchmarks.figures_traffic import CHANGES_PER_MINUTE
from benchmarks.plans import Plan
from benchmarks.report import Figure, at_most, measured

DELIVERED = (
    12,
    "delivery_seen_p95_s",
    "a delivery on screen after its due time, p95",
    at_most(3.0, "s"),
)
# Messages falling due over the run: two a minute, far more than a real account's 25 a day.
DUE_PER_MINUTE = 2.0


def delivery_figures(plan: Plan) -> list[Figure]:
    """Figure 12: deliveries and other changes while the engine polls on its own."""
    from benchmarks import deliveries

    seconds = plan.monitor_seconds
    due = round(DUE_PER_MINUTE * seconds / 60)
    r = deliveries.deliveries(
        plan.soak_messages, plan.soak_messages // 10, seconds, CHANGES_PER_MINUTE, due
    )
    if not r.seen:
        return [measured(DELIVERED, None, error="no delivery reached the engine")]
    fresh = report.percentile(r.freshness, 0.95) if r.freshness else None
    return [
        measured(
            DELIVERED,
            report.percentile(r.seen, 0.95),
            detail=f"{len(r.seen)} deliveries of {due} due in {seconds / 60:.0f} simulated min "
            f"({plan.soak_messages} messages, {CHANGES_PER_MINUTE:.0f} other changes a minute); "
            f"median {statistics.median(r.seen):.1f} s, max {max(r.seen):.1f} s, {r.missed} "
            f"not seen; polling spent {r.share:.0%} of the list budget ({r.list_requests} "
            f"list requests); other changes' freshness p95 "
            + (f"{fresh:.2f} s" if fresh is not None else "n/a")
            + f"; {r.throttled} throttled",
            extra={
                "samples": len(r.seen),
                "missed": r.missed,
                "list_share": round(r.share, 3),
                "list_requests": r.list_requests,
                "freshness_p95": fresh,
                "throttled": r.throttled,
            },
        )
    ]
