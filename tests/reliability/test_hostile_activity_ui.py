"""An activity log with hostile lines opens in the dashboard: the good entries show, the file
is moved aside and the screen says so in one line naming it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Static

from cliq_tui.storage.activity import ActivityLog
from cliq_tui.ui.dialogs import ConfirmDialog
from cliq_tui.ui.screens.activity import ActivityScreen
from tests.support.app import demo_app
from tests.support.pilot import SIZE, demo_server, toasts, wait_for_queue, wait_until

GOOD = {"at": "2026-06-01T08:00:00+00:00", "action": "edit", "result": "ok", "chat_id": "CT_9"}


async def test_the_activity_screen_opens_on_a_log_with_year_0001_and_junk(tmp_path: Path) -> None:
    path = tmp_path / "activity.jsonl"
    lines = [
        json.dumps(GOOD),
        json.dumps({**GOOD, "at": "0001-01-01T00:00:00+00:00"}),
        json.dumps({**GOOD, "at": "9999-12-31T23:59:59-12:00"}),
        json.dumps({**GOOD, "at": None, "action": None}),
        json.dumps({**GOOD, "message_ids": "not a list"}),
    ]
    path.write_bytes("\n".join(lines).encode() + b"\n\x00\xff junk\n")
    app = demo_app(tmp_path / "drafts")
    app.activity = ActivityLog(path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, ActivityScreen), "the log")
        screen = app.screen
        summary = str(screen.query_one("#activity-summary", Static).render())
        assert f"The activity log {path} was damaged" in summary
        assert "moved it aside to activity.jsonl.corrupt" in summary
        assert screen.query_one("#activity-table", DataTable).row_count == 1
        await pilot.press("escape")
        await pilot.press("L")  # again: no crash, no second warning about the same lines
        await wait_until(pilot, lambda: isinstance(app.screen, ActivityScreen), "the log again")
    assert (tmp_path / "activity.jsonl.corrupt").exists()


class BrokenLog(ActivityLog):
    """A log whose every write fails in a way no disk error does."""

    def record(self, *args: object, **kwargs: object) -> Any:
        raise RuntimeError("the log is broken")


async def test_an_action_succeeds_and_says_so_when_the_activity_log_fails(
    tmp_path: Path,
) -> None:
    app = demo_app(tmp_path / "drafts")
    app.activity = BrokenLog(None)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        server = demo_server(app)
        message = app.main.queue.visible_messages()[0]
        assert app.main.queue.move_to(message.id)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        await pilot.press("y")
        await wait_until(pilot, lambda: app.main.queue.message(message.id) is None, "the send")
        await wait_until(pilot, lambda: any("Sent 1" in m for _, m in toasts(app)), "done")
        assert [d["id"] for d in server.state.deliveries()] == [message.id]
        assert not [t for t, _ in toasts(app) if t == "Unexpected error"]
