"""The status bar: freshness, API budget, lock countdowns, and the DEMO / READ-ONLY markers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo

from rich.text import Text
from textual.widgets import Static

from cliq_tui.api.budget import BudgetStatus
from cliq_tui.base.textsafe import visible
from cliq_tui.core.format import countdown
from cliq_tui.sync.cap import cap_count
from cliq_tui.sync.types import Resolving, Role, SyncState, SyncStatus, Unreadable

# The budgets worth a glance: the list budget drives polling; the others matter once used.
_ALWAYS_SHOWN = {"list all"}


def _ago(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds} s ago"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    return f"{seconds // 3600} h ago"


# Several windows on one account: which one polls.
ROLE_WORDS = {
    Role.POLLING: "this window polls",
    Role.FOLLOWING: "follows another window",
    Role.ALONE: "polls alone (shared cache not writable)",
}


def unreadable_text(unreadable: Unreadable) -> str:
    """ "2 messages unreadable (m7: text and 1 more)": how many, and the first one."""
    count = unreadable.count
    who = unreadable.first_id or "no id"
    more = f" and {count - 1} more" if count > 1 else ""
    noun = "message" if count == 1 else "messages"
    return f"{count} {noun} unreadable ({who}: {unreadable.first_field}{more})"


def resolving_text(resolving: Resolving) -> str:
    """ "12 of 40 chats checked"."""
    return f"{resolving.checked} of {resolving.total} chats checked"


def _label(budget: BudgetStatus) -> str:
    return budget.endpoint.spec.label or str(budget.endpoint)


def sync_text(state: SyncState, now: datetime, tz: tzinfo | None) -> str:
    """The freshness of the queue in words: "synced 4 s ago", "offline since 14:02", ..."""
    status = state.status
    if status is SyncStatus.SYNCED and state.last_synced is not None:
        return f"synced {_ago((now - state.last_synced).total_seconds())}"
    if status is SyncStatus.PAUSED:
        if state.last_synced is not None:
            return f"paused (synced {_ago((now - state.last_synced).total_seconds())})"
        return "paused"
    if status is SyncStatus.OFFLINE:
        since = state.offline_since.astimezone(tz).strftime("%H:%M") if state.offline_since else "?"
        return f"offline since {since}, retrying"
    if status is SyncStatus.LOCKED:
        if state.locked_until is not None:
            left = (state.locked_until - now).total_seconds()
            return f"locked: polling resumes in {countdown(left)}"
        return "locked"
    if status is SyncStatus.ERROR:
        return f"sync error: {visible(state.error or 'unknown')}"
    if status is SyncStatus.SYNCING:
        return "syncing…"
    return "starting…"


def budget_text(budgets: Iterable[BudgetStatus], now: datetime) -> list[str]:
    """ "list 17/20" for the list budget and any endpoint in use; "locked: edit 9:41 left"."""
    parts: list[str] = []
    for budget in budgets:
        label = _label(budget)
        locked_until = budget.locked_until
        if locked_until is not None and locked_until > now:
            parts.append(f"locked: {label} {countdown((locked_until - now).total_seconds())} left")
        elif label in _ALWAYS_SHOWN or budget.used:
            parts.append(f"{label} {budget.remaining}/{budget.limit}")
    return parts


def status_parts(
    state: SyncState,
    budgets: Iterable[BudgetStatus],
    now: datetime,
    *,
    selected: int = 0,
    unmapped: int = 0,
    pending: int | None = None,
) -> list[str]:
    """The parts after the freshness, in the order shown: the selection, role, unreadable
    items, the cap, budgets, chat resolution (what matters most first: a narrow bar cuts the
    end)."""
    extras = budget_text(budgets, now)
    if pending is not None:  # the queue against Cliq's cap of 25 per user
        extras.insert(0, cap_count(pending))
    if state.unreadable is not None:
        # First after the sync state: on a narrow screen it must not be cut off.
        extras.insert(0, f"⚠ {visible(unreadable_text(state.unreadable))}")
    if state.role is not None:  # several windows on one account: which one polls
        extras.insert(0, ROLE_WORDS[state.role])
    if unmapped:
        progress = state.resolving
        where = f": {resolving_text(progress)}" if progress else ""
        extras.append(f"resolving chats{where} ({unmapped} messages not yet mapped)")
    if selected:
        extras.insert(0, f"{selected} selected")
    return extras


class StatusBar(Static):
    """One line at the bottom; every state in words (never colour alone)."""

    def __init__(self, *, demo: bool, read_only: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self.demo = demo
        self.read_only = read_only
        # A narrow bar leaves out the budgets that are not locked (the help lists them).
        self.show_budgets = True
        self._shown: Text | None = None
        # What the last action did (or why it failed): stays until the next action's result.
        self.result: str | None = None

    def show(
        self,
        state: SyncState,
        budgets: Iterable[BudgetStatus],
        *,
        now: datetime,
        tz: tzinfo | None,
        selected: int = 0,
        unmapped: int = 0,
        pending: int | None = None,
    ) -> None:
        """Render the bar from the engine's state and the client's budgets."""
        text = Text()
        if self.demo:
            text.append(" DEMO ", style="bold reverse")
            text.append(" ")
        if self.read_only:
            text.append(" READ-ONLY ", style="bold reverse")
            text.append(" ")
        text.append(sync_text(state, now, tz))
        if self.result:  # next to the sync state, where a narrow screen does not cut it off
            text.append(" │ ", style="dim")
            text.append(f"» {visible(self.result)}", style="bold")
        if not self.show_budgets:
            budgets = [b for b in budgets if b.locked_until is not None and b.locked_until > now]
        extras = status_parts(
            state, budgets, now, selected=selected, unmapped=unmapped, pending=pending
        )
        for part in extras:
            text.append(" │ ", style="dim")
            text.append(part)
        # Every delta and keystroke asks again: an unchanged line is not laid out and painted.
        if text != self._shown:
            self._shown = text
            self.update(text)
