"""The history screen (L): a change made on another device shows beside this app's actions,
by kind, by text, for the message under the cursor, and exported."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from cliq_tui.storage.activity import ActivityLog
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.screens.activity import ActivityScreen
from tests.support.app import refresh, run_from_palette
from tests.support.pilot import SIZE, demo_server, plain, wait_for_queue, wait_until
from tests.support.servers import by_due


def empty_note(app: CliqApp) -> str:
    """What the history says above an empty table ("" while the note is hidden)."""
    note = app.screen.query_one("#activity-empty", Static)
    return plain(note).strip() if note.display else ""


def rows(app: CliqApp) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_history_shows_a_delete_elsewhere_filters_it_and_exports_it(
    make_app: Callable[..., CliqApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cliq_tui.dashboard.history.export_folder", lambda: tmp_path)
    app = make_app()
    app.activity = ActivityLog(tmp_path / "activity.jsonl")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        server = demo_server(app)
        gone = str(by_due(server)[-1]["id"])
        kept = app.main.queue.current
        assert kept is not None and kept.id != gone
        server.state.delete_message(gone)  # another device
        await refresh(pilot)
        await wait_until(pilot, lambda: app.activity.timeline, "the observed change")
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, ActivityScreen), "the history")
        first = rows(app)[0]
        assert first[1:3] == ["deleted", "elsewhere"] and gone[:8] in first[6]
        assert "deleted elsewhere" in first[4]
        assert "1 observed" in plain(app.screen.query_one("#activity-summary", Static))
        for _ in range(4):  # all -> created -> edited -> rescheduled -> deleted
            await pilot.press("k")
        assert [r[1] for r in rows(app)] == ["deleted"]
        await pilot.press("k")  # delivered: none
        assert rows(app) == [] and "Nothing matches" in empty_note(app)
        await pilot.press("k", "k", "k")  # action, error, all
        await pilot.press("m")  # only the message under the dashboard's cursor: none yet
        assert rows(app) == [] and "Nothing matches" in empty_note(app)
        await pilot.press("m")
        await pilot.press("slash")
        await pilot.press(*"elsewhere")
        assert [r[1] for r in rows(app)] == ["deleted"]
        await pilot.press("escape")  # leaves the filter box, keeps the filter
        assert isinstance(app.screen, ActivityScreen)
        await pilot.press("x", "j")
        written = sorted(tmp_path.glob("cliq-history-*"))
        assert [p.suffix for p in written] == [".csv", ".json"]
        [row] = list(csv.DictReader(written[0].open()))
        assert (row["Kind"], row["Source"], row["message_ids"]) == ("deleted", "elsewhere", gone)
        assert row["Zone"] == "UTC" and row["When"].endswith("+00:00")
        assert json.loads(written[1].read_text())[0]["source"] == "elsewhere"
        assert "Exported 1 entries" in plain(app.screen.query_one("#activity-summary", Static))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main, "the history to close")


async def test_activity_log_lists_earlier_sessions_from_disk(
    make_app: Callable[..., CliqApp], tmp_path: Path
) -> None:
    path = tmp_path / "activity.jsonl"
    earlier = ActivityLog(path)
    earlier.record("send now", "ok", at=app_now(), chat_id="CT_1", message_ids=["m1"])
    app = make_app()
    app.activity = ActivityLog(path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, ActivityScreen), "the log")
        table = app.screen.query_one(DataTable)
        assert [str(c) for c in table.get_row_at(0)][1] == "send now"
        assert "1 earlier" in plain(app.screen.query_one("#activity-summary", Static))


def app_now():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime(2026, 5, 31, 9, 0, tzinfo=UTC)


async def test_the_palette_opens_the_activity_log(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await run_from_palette(pilot, app, "Activity log")
        await wait_until(pilot, lambda: isinstance(app.screen, ActivityScreen), "the log")


async def test_an_empty_log_says_so_in_full_at_80_columns(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_queue(pilot)
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, ActivityScreen), "the log")
        assert rows(app) == [] and empty_note(app) == "No actions yet"
        note = app.screen.query_one("#activity-empty", Static)
        assert note.region.width >= len("No actions yet")
