"""No lost input: a failed edit or create keeps the dialog open with the error and the text, the
draft is on disk and comes back after a restart, and nothing is deleted without confirmation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.fake import FakeServer
from cliq_tui.storage.drafts import DraftStore
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.dialogs import ConfirmDialog, CreateDialog, EditDialog
from tests.support.app import demo_app
from tests.support.pilot import SIZE, demo_server, settle, wait_for_queue, wait_until

TYPED = "Moved to Thursday, see notes"


def far_text_message(app: CliqApp) -> ScheduledMessage:
    """A text message due more than a day ahead (so moving the server clock does not send it)."""
    now_ms = int(app.clock() * 1000)
    candidates = [
        m
        for m in app.main.queue.visible_messages()
        if not m.is_file and m.due_epoch_ms is not None and m.due_epoch_ms > now_ms + 86_400_000
    ]
    return candidates[0]


async def open_edit(pilot: Pilot[Any], app: CliqApp, message: ScheduledMessage) -> EditDialog:
    assert app.main.queue.move_to(message.id)
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(app.screen, EditDialog), "the edit dialog")
    assert isinstance(app.screen, EditDialog)
    return app.screen


async def type_text(pilot: Pilot[Any], dialog: EditDialog | CreateDialog, text: str) -> None:
    area = dialog.query_one("#text", TextArea)
    area.clear()
    area.focus()
    await pilot.press(*text)


def form_error(dialog: EditDialog | CreateDialog) -> str:
    error = dialog.query_one("#form-error", Static)
    return str(error.render()) if error.display else ""


def server_goes_away(server: FakeServer) -> None:
    server.stop()


def server_throttles(server: FakeServer) -> None:
    server.state.set_faults(throttle_all=True)


def server_clock_moves_past_the_new_time(server: FakeServer) -> None:
    # The app asks for "+3h"; on the server's clock that is already in the past.
    server.state.advance(4 * 3600)


FAILURES: dict[str, tuple[Callable[[FakeServer], None], str]] = {
    "network": (server_goes_away, "Offline: Could not connect to Cliq (edit); nothing was sent."),
    "throttling": (server_throttles, "Rate limited: The API's rate limit was exceeded"),
    "server-validation": (
        server_clock_moves_past_the_new_time,
        "Request refused: The schedule_time is in the past: pick a future time.",
    ),
}


@pytest.mark.parametrize("failure", list(FAILURES))
async def test_a_failed_edit_keeps_the_dialog_the_error_the_text_and_a_draft(
    tmp_path: Path, failure: str
) -> None:
    breaks, says = FAILURES[failure]
    app = demo_app(tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        message = far_text_message(app)
        dialog = await open_edit(pilot, app, message)
        await type_text(pilot, dialog, TYPED)
        dialog.query_one("#when", Input).value = "+3h"
        await settle(pilot)
        breaks(demo_server(app))

        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: form_error(dialog), "the error in the dialog")

        assert dialog.is_current  # still open
        assert says in form_error(dialog)
        assert dialog.query_one("#text", TextArea).text == TYPED
        assert dialog.query_one("#when", Input).value == "+3h"
        drafts = DraftStore(tmp_path / "drafts")
        await wait_until(pilot, lambda: drafts.load(f"edit:{message.id}"), "the draft on disk")
        assert drafts.load(f"edit:{message.id}")["fields"]["text"] == TYPED  # type: ignore[index]


async def test_a_failed_create_keeps_the_dialog_the_error_and_the_text(tmp_path: Path) -> None:
    app = demo_app(tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        chat_id = app.main.queue.visible_messages()[0].chat_id
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateDialog), "the create dialog")
        dialog = app.screen
        assert isinstance(dialog, CreateDialog)
        await type_text(pilot, dialog, TYPED)
        dialog.query_one("#when", Input).value = "+3h"
        await settle(pilot)
        server_throttles(demo_server(app))

        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: form_error(dialog), "the error in the dialog")

        assert dialog.is_current
        assert "Rate limited" in form_error(dialog)
        assert dialog.query_one("#text", TextArea).text == TYPED
        drafts = DraftStore(tmp_path / "drafts")
        await wait_until(pilot, lambda: drafts.load(f"create:{chat_id}"), "the draft on disk")


async def test_the_draft_of_a_failed_edit_is_restored_after_a_restart(tmp_path: Path) -> None:
    first = demo_app(tmp_path / "drafts")
    async with first.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        message = far_text_message(first)
        dialog = await open_edit(pilot, first, message)
        await type_text(pilot, dialog, TYPED)
        server_goes_away(demo_server(first))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: form_error(dialog), "the error in the dialog")
        drafts = DraftStore(tmp_path / "drafts")
        await wait_until(pilot, lambda: drafts.load(f"edit:{message.id}"), "the draft on disk")
        first.exit()  # quit with the dialog still open

    # A new run of the same demo (the same message ids) with the same drafts directory.
    second = demo_app(tmp_path / "drafts")
    async with second.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        dialog = await open_edit(pilot, second, message)
        await settle(pilot)

        assert dialog.query_one("#text", TextArea).text == TYPED
        note = dialog.query_one("#draft-note", Static)
        assert note.display and "Restored your unsent draft" in str(note.render())
        assert demo_server(second).state.message(message.id)["message"]["content"]["text"] != TYPED  # type: ignore[index]


def deletes_seen(server: FakeServer) -> int:
    return sum(1 for r in server.state.requests() if r["method"] == "DELETE")


@pytest.mark.parametrize("key", ["d", "D"])
async def test_delete_then_escape_sends_no_delete(tmp_path: Path, key: str) -> None:
    app = demo_app(tmp_path / "drafts")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        server = demo_server(app)
        pending = {m["id"] for m in server.state.messages()}

        await pilot.press(key)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main, "the dialog to close")
        await settle(pilot)

        assert deletes_seen(server) == 0
        stats = server.state.stats()["endpoints"]
        assert not any(name.startswith("delete") for name in stats)
        assert {m["id"] for m in server.state.messages()} == pending
        assert app.main.queue.row_count == len(pending)
