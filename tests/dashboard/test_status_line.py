"""What the status bar keeps when room is short: a lock and the sync state always, then the
selection and the result line (cut, not dropped), budgets only when low."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rich.cells import cell_len

from cliq_tui.api.budget import BudgetStatus
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.dashboard.status_line import (
    SEPARATOR,
    fit,
    is_low,
    status_parts,
)
from cliq_tui.sync.types import Resolving, Role, SyncState, SyncStatus, Unreadable

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
LOCKED = SyncState(status=SyncStatus.LOCKED, locked_until=NOW + timedelta(seconds=581))
SYNCED = SyncState(
    status=SyncStatus.SYNCED,
    last_synced=NOW - timedelta(seconds=4),
    role=Role.FOLLOWING,
    unreadable=Unreadable(3, "m7", "text"),
    resolving=Resolving(12, 40),
)


def budget(endpoint: Endpoint, used: int, *, locked_for: float | None = None) -> BudgetStatus:
    limit = endpoint.spec.per_minute
    until = NOW + timedelta(seconds=locked_for) if locked_for is not None else None
    remaining = 0 if until else max(0, limit - used)
    return BudgetStatus(endpoint, limit, used, remaining, until)


def line(state: SyncState, budgets: list[BudgetStatus], width: int | None, **kw: object) -> str:
    parts = status_parts(state, budgets, NOW, UTC, **kw)  # type: ignore[arg-type]
    return SEPARATOR.join(words for words, _ in fit(parts, width))


def test_a_budget_is_named_only_when_low() -> None:
    plenty = budget(Endpoint.LIST_ALL, 12)  # 8/20 left: polling's own share
    low = budget(Endpoint.EDIT, 16)  # 4/20 left
    unused = budget(Endpoint.CREATE, 0)
    assert [is_low(b) for b in (plenty, low, unused)] == [False, True, False]
    text = line(SYNCED, [plenty, low, unused], None)
    assert "budget low: edit 4/20" in text
    assert "list all" not in text and "create" not in text


def test_every_lock_is_on_the_bar_at_any_width() -> None:
    locks = [
        budget(Endpoint.LIST_ALL, 20, locked_for=581),
        budget(Endpoint.LIST_CHATS, 3, locked_for=300),
        budget(Endpoint.EDIT, 16),
    ]
    wide = line(LOCKED, locks, 200, selected=2, result="Deleted 2 messages", pending=20)
    assert "locked: polling resumes in 9:41" in wide
    assert "locked: list all 9:41, list chats 5:00" in wide
    assert "budget low: edit 4/20" in wide
    for width in (78, 60, 50):
        narrow = line(LOCKED, locks, width, selected=2, result="Deleted 2 messages", pending=20)
        assert "list all 9:41" in narrow, narrow
        assert "+1 more" in narrow or "list chats 5:00" in narrow, narrow
        assert cell_len(narrow) <= width, narrow


def test_at_78_cells_the_selection_and_the_result_stay_and_the_rest_goes_first() -> None:
    result = "Edited 'Shift handover: 3 P1 tickets open, details in the escalation board.'"
    text = line(SYNCED, [], 78, selected=1, unmapped=5, pending=23, result=result)
    assert cell_len(text) <= 78
    assert text.startswith("synced 4 s ago │ 1 selected │ » Edited 'Shift handover")
    # The result is cut (to 24 cells, not dropped) before the unreadable warning goes; the
    # least important parts go first.
    assert "» Edited 'Shift handover: … │ ⚠ 3 unreadable (i)" in text
    assert "resolving" not in text and "follows" not in text and "23/25" not in text
    wide = line(SYNCED, [], 300, selected=1, unmapped=5, pending=23, result=result)
    assert wide.endswith(
        "23/25 scheduled │ follows another window │ resolving chats: 12 of 40 chats checked "
        "(5 messages not yet mapped)"
    )
    assert result in wide


def test_short_forms_come_before_anything_is_left_out() -> None:
    text = line(SYNCED, [], 70, pending=23)
    # 78 cells would fit everything in full; 70 takes the short forms, least important first.
    assert "⚠ 3 messages unreadable" in text or "⚠ 3 unreadable" in text
    assert "23/25" in text
    assert cell_len(text) <= 70


def test_a_locked_bar_at_80_columns_keeps_the_lock_the_selection_and_the_result() -> None:
    locks = [budget(Endpoint.LIST_ALL, 20, locked_for=581)]
    # 80 columns, less the padding and the DEMO marker.
    text = line(LOCKED, locks, 71, selected=1, result="Queue refreshed at 15:31:13.")
    assert text.startswith("locked │ locked: list all 9:41 │ 1 selected │ » Queue")
    assert cell_len(text) <= 71


def test_two_locks_at_80_columns_still_leave_room_for_the_result() -> None:
    locks = [
        budget(Endpoint.LIST_ALL, 20, locked_for=581),
        budget(Endpoint.LIST_CHAT, 20, locked_for=581),
    ]
    text = line(LOCKED, locks, 71, selected=1, result="Copied the text (61 characters).")
    assert text.startswith("locked │ locked: list all 9:41 +1 more (i) │ 1 selected │ » Cop")
    assert cell_len(text) <= 71


def test_a_long_sync_error_is_cut_and_points_to_the_details() -> None:
    state = SyncState(status=SyncStatus.ERROR, error="Zoho refused the OAuth credentials " * 3)
    text = line(state, [], 60)
    assert text.startswith("sync error: Zoho refused") and "(i)" in text
    assert cell_len(text) <= 60


def test_a_full_queue_stays_on_a_narrow_bar_longer_than_a_low_budget() -> None:
    low = [budget(Endpoint.EDIT, 16)]
    full = line(SYNCED, low, 60, pending=25)
    assert "25/25" in full and "budget low" not in full, full
    roomy = line(SYNCED, low, 60, pending=10)
    assert "10/25" not in roomy, roomy


def test_a_sync_error_and_locks_fit_a_demo_bar_at_80_columns() -> None:
    """A sync error (a 500 on the list) while other endpoints are locked: the two parts that are
    never left out used to need 80 cells, so the bar's right edge cut the lock's countdown."""
    error = SyncState(
        status=SyncStatus.ERROR,
        error="The server answered 500 Internal Server Error: the list could not be read today",
    )
    locks = [budget(endpoint, 20, locked_for=581) for endpoint in Endpoint]
    for room in (80 - 1 - len(" DEMO  "), 80 - 1 - len(" DEMO   READ-ONLY  ")):
        for held in (locks[:1], locks[:3], locks):
            text = line(error, held, room, selected=25, result="Edited 25 messages.", pending=25)
            assert cell_len(text) <= room, (room, text)
            assert text.startswith("sync error")
            assert "9:41" in text  # the countdown, whole


def test_a_less_important_part_takes_its_short_form_before_the_result_line_is_cut() -> None:
    """At 160 columns an unreadable item's long id kept its full words while the result line,
    which matters more, was cut to 24 cells: "» Queue refreshed at 16:53…"."""
    state = SyncState(
        status=SyncStatus.SYNCED,
        last_synced=NOW,
        role=Role.POLLING,
        unreadable=Unreadable(2, "92276658-1e27-41c0-8a6a-63ec24ede6a4", "time"),
        resolving=Resolving(5, 5),
    )
    result = "Queue refreshed at 16:53:40, and the chat list is up to date."
    text = line(state, [], 158, unmapped=1, pending=16, result=result)
    assert f"» {result}" in text, text
    assert "⚠ 2 unreadable (i)" in text
    assert cell_len(text) <= 158
