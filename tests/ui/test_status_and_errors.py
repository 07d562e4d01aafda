"""What the status bar and the error toasts say, in words (never colour alone, never a secret)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cliq_tui.api.budget import BudgetStatus
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import (
    APIConnectionError,
    InputError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    ScopeError,
)
from cliq_tui.api.oauth_answers import token_limit_error
from cliq_tui.api.scopes import missing_scope_sentence
from cliq_tui.core.error_words import report_for
from cliq_tui.core.format import countdown
from cliq_tui.dashboard.status_line import budget_text, status_parts, sync_text
from cliq_tui.sync.types import Resolving, Role, SyncState, SyncStatus, Unreadable

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def test_synced_says_how_long_ago() -> None:
    state = SyncState(status=SyncStatus.SYNCED, last_synced=NOW - timedelta(seconds=4))
    assert sync_text(state, NOW, UTC) == "synced 4 s ago"


def test_offline_says_since_when() -> None:
    state = SyncState(status=SyncStatus.OFFLINE, offline_since=NOW - timedelta(minutes=3))
    assert sync_text(state, NOW, UTC).startswith("offline since 08:57")


def test_locked_counts_down_to_the_end_of_the_lock() -> None:
    state = SyncState(status=SyncStatus.LOCKED, locked_until=NOW + timedelta(seconds=581))
    assert sync_text(state, NOW, UTC) == "locked: polling resumes in 9:41"


def test_paused_is_said_in_words() -> None:
    assert sync_text(SyncState(status=SyncStatus.PAUSED), NOW, UTC) == "paused"


def test_budget_shows_any_lock_and_a_low_budget_only() -> None:
    budgets = [
        BudgetStatus(Endpoint.LIST_ALL, 20, 3, 17, None),
        BudgetStatus(Endpoint.EDIT, 20, 0, 20, None),
        BudgetStatus(Endpoint.DELETE_ONE, 20, 20, 0, NOW + timedelta(minutes=10)),
        BudgetStatus(Endpoint.LIST_CHATS, 30, 23, 7, None),
    ]
    assert budget_text(budgets, NOW) == ["locked: delete 10:00", "list chats 7/30 left"]


def test_the_sync_state_is_worded_by_the_status_bar() -> None:
    state = SyncState(
        status=SyncStatus.SYNCED,
        role=Role.FOLLOWING,
        unreadable=Unreadable(3, "m\x1b7", "text"),
        resolving=Resolving(12, 40),
        unresolved_messages=5,
    )
    parts = [p.text for p in status_parts(state, [], NOW, selected=2, unmapped=5, pending=4)]
    assert parts == [
        "starting…",
        "2 selected",  # before the rest: what matters most first
        "⚠ 3 messages unreadable (m␛7: text and 2 more)",  # the escape made visible
        "4/25 scheduled",
        "follows another window",
        "resolving chats: 12 of 40 chats checked (5 messages not yet mapped)",
    ]


def test_one_unreadable_item_and_every_role_in_words() -> None:
    one = SyncState(unreadable=Unreadable(1, None, "schedule_time"))
    assert [p.text for p in status_parts(one, [], NOW)][1:] == [
        "⚠ 1 message unreadable (no id: schedule_time)"
    ]
    words = [status_parts(SyncState(role=role), [], NOW)[1].text for role in Role]
    assert words == [
        "this window polls",
        "follows another window",
        "polls alone (shared cache not writable)",
    ]
    assert status_parts(SyncState(), [], NOW, unmapped=3)[1].text == (
        "resolving chats (3 messages not yet mapped)"
    )


def test_countdown_rounds_up_and_shows_hours() -> None:
    assert countdown(0.2) == "0:01"
    assert countdown(3723) == "1:02:03"


def test_rate_limit_toast_says_when_to_try_again() -> None:
    error = RateLimitError(
        "The API's rate limit was exceeded.",
        locked_until=datetime.now(UTC) + timedelta(minutes=5),
        endpoint="edit",
    )
    report = report_for(error)
    assert report.title == "Rate limited"
    assert "try again in 4:5" in report.message or "try again in 5:00" in report.message


def test_the_token_limit_toast_blames_neither_cliq_nor_the_credentials() -> None:
    now = datetime.now(UTC).timestamp()
    report = report_for(token_limit_error(now + 600, now, sent=True))
    assert (report.title, report.severity) == ("Token limit", "warning")
    assert report.message.startswith("Zoho allows 10 access tokens per 10 minutes")
    assert "Cliq locked" not in report.message and "check the client" not in report.message


def test_a_missing_scope_toast_names_the_scope() -> None:
    error = ScopeError(
        missing_scope_sentence(Endpoint.EDIT),
        scope="ZohoCliq.Messages.UPDATE",
        status_code=403,
        code="oauthtoken_scope_invalid",
    )
    report = report_for(error)
    assert report.title == "Missing scope"
    assert "ZohoCliq.Messages.UPDATE" in report.message and "auth login" in report.message


def test_unknown_outcome_says_it_was_not_repeated() -> None:
    report = report_for(OutcomeUnknownError("No answer to the send."))
    assert report.title == "Outcome unknown"
    assert "not repeated" in report.message


def test_each_error_kind_keeps_its_title() -> None:
    assert report_for(InputError("Too long.", field="text")).severity == "warning"
    assert report_for(APIConnectionError("Cannot reach Cliq.")).title == "Offline"
    not_found = NotFoundError("Gone.", status_code=404, code="scheduled_msg_not_found")
    assert report_for(not_found).message == "Gone. (scheduled_msg_not_found)"


def test_an_unexpected_error_shows_its_kind_but_not_its_text() -> None:
    report = report_for(RuntimeError("token=abc123 leaked in a bug"))
    assert "abc123" not in report.message
    assert "RuntimeError" in report.message
