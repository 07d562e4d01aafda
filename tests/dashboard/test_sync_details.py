"""The sync details view's content: every endpoint's budget with its window and lock, the role,
the cache, the cap and unreadable items, in words, escaped, and without a credential."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cliq_tui.api.budget import BudgetStatus
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.dashboard.status_line import SEPARATOR, fit, status_parts
from cliq_tui.dashboard.sync_details import budget_row, sync_details
from cliq_tui.sync.types import Role, SyncState, SyncStatus, Unreadable

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def test_a_budget_row_says_what_is_used_when_the_next_request_fits_and_the_lock() -> None:
    locked = BudgetStatus(
        Endpoint.LIST_ALL, 20, 20, 0, NOW + timedelta(seconds=581), NOW, NOW + timedelta(seconds=9)
    )
    assert budget_row(locked, NOW).cells() == (
        "list all",
        "20/20",
        "0",
        "in 9:41",
        "in 0:09",
        "locked 9:41",
    )
    full = BudgetStatus(
        Endpoint.EDIT, 20, 20, 0, None, NOW + timedelta(seconds=12), NOW + timedelta(seconds=50)
    )
    row = budget_row(full, NOW)
    assert (row.next_slot, row.clears, row.lock, row.low) == ("in 0:12", "in 0:50", "—", True)
    idle = budget_row(BudgetStatus(Endpoint.CREATE, 50, 0, 50, None), NOW)
    assert (idle.used, idle.next_slot, idle.clears, idle.low) == ("0/50", "now", "empty", False)


def test_the_details_name_the_role_the_cache_the_cap_and_each_unreadable_item() -> None:
    state = SyncState(
        status=SyncStatus.SYNCED,
        last_synced=NOW - timedelta(seconds=4),
        role=Role.FOLLOWING,
        unreadable=Unreadable(2, "m7", "time"),
        unresolved_messages=3,
        budget_warning="The rate budget file is not writable; this process keeps its own budget.",
    )
    details = sync_details(
        state,
        [BudgetStatus(ep, ep.spec.per_minute, 0, ep.spec.per_minute, None) for ep in Endpoint],
        NOW,
        UTC,
        pending=25,
        unreadable=["m7: field time could not be read (\x1b[31m)"],
        cache=Path("/home/u/.cache/cliq-tui/work.sqlite3"),
    )
    sync = dict(details.sync)
    assert sync["State"] == "synced 4 s ago"
    assert sync["Last sync"] == "08:59:56 (4 s ago)"
    assert sync["Role"] == "follows another window"
    assert sync["Cache"] == "/home/u/.cache/cliq-tui/work.sqlite3"
    assert "keeps its own budget" in sync["Budget warning"]
    queue = dict(details.queue)
    assert queue["Scheduled"].startswith("25/25 scheduled (full)")
    assert queue["Unreadable"] == "2 list items"
    assert "3 messages not yet mapped" in queue["Chats"]
    assert [row.endpoint for row in details.budgets] == [ep.spec.label for ep in Endpoint]
    assert details.unreadable == ["m7: field time could not be read (␛[31m)"]  # made visible


def test_the_demo_says_it_keeps_no_cache_and_nothing_is_listed_before_the_first_sync() -> None:
    details = sync_details(SyncState(), [], NOW, UTC, pending=None, demo=True)
    sync, queue = dict(details.sync), dict(details.queue)
    assert sync["Last sync"] == "not yet"
    assert sync["Cache"] == "none: the queue is kept in memory (demo)"
    assert sync["Role"].startswith("this window polls")
    assert queue["Scheduled"].startswith("not listed yet")


def test_one_of_each_is_counted_in_the_singular() -> None:
    """The hostile demo showed "1 messages not yet mapped to a chat" and "2 list items"."""
    state = SyncState(
        status=SyncStatus.SYNCED,
        last_synced=NOW,
        unreadable=Unreadable(1, "m7", "time"),
        unresolved_messages=1,
    )
    queue = dict(sync_details(state, [], NOW, UTC, pending=1).queue)
    assert queue["Chats"].startswith("1 message not yet mapped to a chat"), queue
    assert queue["Unreadable"] == "1 list item"
    bar = SEPARATOR.join(w for w, _ in fit(status_parts(state, [], NOW, UTC, unmapped=1), None))
    assert "(1 message not yet mapped)" in bar, bar
