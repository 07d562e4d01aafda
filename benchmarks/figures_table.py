"""Figures 3 and 4: a delta and a filter keystroke at 5,000 rows, through the app's handlers,
each timed to the painted screen."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from typing import TYPE_CHECKING

from benchmarks import report
from benchmarks.plans import Plan
from benchmarks.report import Figure, at_most

if TYPE_CHECKING:
    from benchmarks.table import TableResult

DELTA = (
    3,
    "delta_ms",
    "apply a 10-message delta to 5,000 rows, painted",
    at_most(10, "ms"),
)
KEYSTROKE = (
    4,
    "filter_keystroke_p95_ms",
    "one filter keystroke at 5,000 rows, painted, p95",
    at_most(20, "ms"),
)
# The real account size (Cliq's cap is 25 scheduled messages per user).
SMALL = (25, 12)


def _rounded(values: Iterable[float]) -> list[float]:
    return [round(v, 2) for v in values]


def _measure(plan: Plan, messages: int, chats: int) -> tuple[TableResult, str | None]:
    # The app (and Textual) load only when these figures run.
    from benchmarks import table

    try:
        result = table.run(
            messages, chats, deltas=plan.deltas, rebuilds=plan.rebuilds, queries=plan.queries
        )
    except table.TableError as exc:
        return exc.result, str(exc)
    return result, None


def table_figures(plan: Plan) -> list[Figure]:
    """Figures 3 and 4 at the plan's size, with the same run at the real account size beside."""
    result, error = _measure(plan, plan.table_messages, plan.table_chats)
    small, _ = _measure(plan, *SMALL)
    at_small = (
        f" At {small.rows} messages: delta {small.delta_median:.1f} ms median, keystroke "
        f"{small.keystroke_p95:.1f} ms p95."
        if small.delta and small.keystroke
        else ""
    )
    figures = []
    number, key, title, target = DELTA
    if result.delta and result.rebuild:
        # Net of the probe, a delta can come out at 0 ms on a loaded machine: no division by 0.
        speedup = result.rebuild_median / max(result.delta_median, 0.01)
        figures.append(
            Figure(
                number,
                key,
                title,
                result.delta_median,
                target,
                detail=f"median of {len(result.delta)} deltas (4 edits, 3 new, 3 removed) through "
                f"the app's handler (MainScreen.apply_delta), from the call until every widget "
                f"has handled it and the screen has painted what changed; full rebuild "
                f"(MainScreen.engine_ready) timed the same way: median "
                f"{result.rebuild_median:.1f} ms, {speedup:.1f}x a delta (both painted now, and "
                f"a rebuild draws only the visible rows: a comparison, no longer a target). Both "
                f"net of the probe, an empty action timed the same way ({result.probe_ms:.1f} "
                f"ms). Moving the cursor one row, painted: median {result.cursor_ms:.1f} ms. CPU "
                f"time of a delta (the figure on a machine with a core free): median "
                f"{statistics.median(result.cpu_ms(result.delta)):.1f} ms.{at_small}",
                extra={
                    "rows": result.rows,
                    "delta_ms": _rounded(result.delta_ms),
                    "delta_cpu_ms": _rounded(result.cpu_ms(result.delta)),
                    "probe_ms": result.probe_ms,
                    "delta_work_ms": _rounded(t.work for t in result.delta),
                    "delta_paint_ms": _rounded(t.paint for t in result.delta),
                    "rebuild_ms": _rounded(result.rebuild_ms),
                    "cursor_ms": result.cursor_ms,
                    "speedup": speedup,
                    "small_rows": small.rows,
                    "small_delta_ms": _rounded(small.delta_ms),
                },
            )
        )
    else:
        figures.append(Figure(number, key, title, None, target, error=error or "no timings"))
    number, key, title, target = KEYSTROKE
    if result.keystroke:
        figures.append(
            Figure(
                number,
                key,
                title,
                result.keystroke_p95,
                target,
                detail=f"{len(result.keystroke)} keystrokes typing and deleting "
                f"{', '.join(repr(q) for q in plan.queries)}, from the key event until every "
                f"widget has handled it (filter applied, rows redrawn; there is no debounce to "
                f"subtract) and the screen has painted it, net of the {result.probe_ms:.1f} ms "
                f"probe; median {statistics.median(result.keystroke_ms):.1f} ms, gross p95 "
                f"{report.percentile([t.total for t in result.keystroke], 0.95):.1f} ms. CPU "
                f"time of a keystroke (the figure on a machine with a core free): p95 "
                f"{report.percentile(result.cpu_ms(result.keystroke), 0.95):.1f} ms, median "
                f"{statistics.median(result.cpu_ms(result.keystroke)):.1f} ms.{at_small}",
                extra={
                    "keystroke_ms": _rounded(result.keystroke_ms),
                    "keystroke_paint_ms": _rounded(t.paint for t in result.keystroke),
                    "keystroke_cpu_ms": _rounded(result.cpu_ms(result.keystroke)),
                    "rows_shown": result.filtered_rows,
                    "small_keystroke_ms": _rounded(small.keystroke_ms),
                },
            )
        )
    else:
        figures.append(Figure(number, key, title, None, target, error=error or "no timings"))
    return figures
