"""Figures 3 and 4: a delta and a filter keystroke at 5,000 rows, through the app's handlers."""

from __future__ import annotations

import statistics
from collections.abc import Iterable

from benchmarks import report
from benchmarks.plans import Plan
from benchmarks.report import Figure, at_least, at_most

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
