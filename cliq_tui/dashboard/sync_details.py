"""The sync details view's content, in words: where the sync stands, the queue against Cliq's
cap, every endpoint's rate budget with its window and lock, the cache and unreadable items.

Built from what the app already holds (the engine's state, the budgets' snapshot, the queue's
counts): opening or ticking the view sends no request. No credential is ever part of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path

from cliq_tui.api.budget import BudgetStatus
from cliq_tui.base.textsafe import visible
from cliq_tui.core.format import countdown, plural
from cliq_tui.dashboard.status_line import (
    ROLE_WORDS,
    ago,
    is_low,
    label,
    lock_left,
    resolving_text,
    sync_text,
)
from cliq_tui.sync.cap import MESSAGE_CAP, cap_count
from cliq_tui.sync.types import SyncState, SyncStatus

# The budgets table's columns, and what the short ones mean.
BUDGET_COLUMNS = ("Endpoint", "Used", "Left", "Next", "Resets", "Lock")
BUDGET_LEGEND = (
    "Used of the limit in the last minute; Next: when one more request fits; "
    "Resets: when the minute's window is empty again."
)


@dataclass(frozen=True)
class BudgetRow:
    """One endpoint's budget in words (one row of the table)."""

    endpoint: str
    used: str
    left: str
    next_slot: str
    clears: str
    lock: str
    locked: bool = False
    low: bool = False

    def cells(self) -> tuple[str, ...]:
        """The row's cells, in :data:`BUDGET_COLUMNS` order."""
        return (self.endpoint, self.used, self.left, self.next_slot, self.clears, self.lock)


@dataclass(frozen=True)
class SyncDetails:
    """Everything the view shows: labelled facts in two groups, the budgets, unreadable items."""

    sync: list[tuple[str, str]] = field(default_factory=list)
    queue: list[tuple[str, str]] = field(default_factory=list)
    budgets: list[BudgetRow] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


def _in(when: datetime | None, now: datetime) -> str | None:
    if when is None or when <= now:
        return None
    return countdown((when - now).total_seconds())


def budget_row(budget: BudgetStatus, now: datetime) -> BudgetRow:
    """One endpoint: used/limit, what is left, when the next request fits, when the window is
    empty again, and the lock's countdown."""
    left = lock_left(budget, now)
    if left:
        next_slot = f"in {left}"
    elif budget.remaining > 0:
        next_slot = "now"
    else:
        next_slot = f"in {_in(budget.frees_at, now) or '0:01'}"
    clears = _in(budget.clears_at, now)
    return BudgetRow(
        endpoint=label(budget),
        used=f"{budget.used}/{budget.limit}",
        left=str(budget.remaining),
        next_slot=next_slot,
        clears=f"in {clears}" if clears else "empty",
        lock=f"locked {left}" if left else "—",
        locked=bool(left),
        low=is_low(budget),
    )


def _when(moment: datetime, now: datetime, tz: tzinfo | None) -> str:
    return f"{moment.astimezone(tz):%H:%M:%S} ({ago((now - moment).total_seconds())})"


def _sync_rows(
    state: SyncState, now: datetime, tz: tzinfo | None, cache: Path | None, demo: bool
) -> list[tuple[str, str]]:
    rows = [("State", sync_text(state, now, tz))]
    last = state.last_synced
    rows.append(("Last sync", _when(last, now, tz) if last is not None else "not yet"))
    if state.status is SyncStatus.LOCKED and state.locked_until is not None:
        rows.append(("Polling resumes", f"at {state.locked_until.astimezone(tz):%H:%M:%S}"))
    if state.status is SyncStatus.OFFLINE and state.offline_since is not None:
        rows.append(("Offline since", _when(state.offline_since, now, tz)))
    if state.error:
        rows.append(("Error", visible(state.error)))
    if state.role is not None:
        rows.append(("Role", ROLE_WORDS[state.role]))
    else:
        rows.append(("Role", "this window polls (not shared with other windows)"))
    if cache is not None:
        rows.append(("Cache", visible(str(cache))))
    else:
        rows.append(("Cache", "none: the queue is kept in memory" + (" (demo)" if demo else "")))
    if state.cache_warning:
        rows.append(("Cache warning", visible(state.cache_warning)))
    if state.budget_warning:
        rows.append(("Budget warning", visible(state.budget_warning)))
    return rows


def _queue_rows(state: SyncState, pending: int | None) -> list[tuple[str, str]]:
    if pending is None:
        rows = [("Scheduled", f"not listed yet (Cliq allows {MESSAGE_CAP} per user)")]
    else:
        rows = [("Scheduled", f"{cap_count(pending)} (Cliq allows {MESSAGE_CAP} per user)")]
    if state.unresolved_messages or state.unresolved_chats:
        words = f"{plural(state.unresolved_messages)} not yet mapped to a chat"
        if state.resolving is not None:
            words += f"; {resolving_text(state.resolving)}"
        rows.append(("Chats", words))
    if state.uncertain_creates:
        rows.append(
            ("Unknown outcome", f"{plural(len(state.uncertain_creates), 'create')} to settle")
        )
    count = state.unreadable.count if state.unreadable is not None else 0
    rows.append(("Unreadable", plural(count, "list item") if count else "none"))
    return rows


def sync_details(
    state: SyncState,
    budgets: Iterable[BudgetStatus],
    now: datetime,
    tz: tzinfo | None,
    *,
    pending: int | None,
    unreadable: Sequence[str] = (),
    cache: Path | None = None,
    demo: bool = False,
) -> SyncDetails:
    """The view's content from the app's state now."""
    return SyncDetails(
        sync=_sync_rows(state, now, tz, cache, demo),
        queue=_queue_rows(state, pending),
        budgets=[budget_row(b, now) for b in budgets],
        unreadable=[visible(line) for line in unreadable],
    )
