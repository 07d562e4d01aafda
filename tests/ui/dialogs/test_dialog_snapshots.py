"""Snapshots of every dialog, with a fixed clock, zone and data built here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from cliq_tui.api.errors import NotFoundError
from cliq_tui.storage.drafts import DraftStore
from cliq_tui.ui.dialogs import (
    BatchDialog,
    ConfirmDialog,
    CreateDialog,
    EditDialog,
    RescheduleDialog,
)
from cliq_tui.ui.dialogs.base import SubmitDialog
from tests.support.dialogs import DialogHost, Recorder, fixed_now, make_chat, make_message
from tests.support.pilot import wait_until

SIZE = (100, 46)
# What a case does before the picture is taken.
RunBefore = Callable[[Pilot[Any]], Awaitable[None]]
FILE_MESSAGE = make_message(
    "2002",
    time=None,
    schedule_status="check_out",
    message={
        "type": "file",
        "content": {"file_name": "q3-report.pdf", "file_size": "1.2 MB", "comment": "Numbers"},
    },
)


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers and debounced refreshes finish before the picture is taken."""
    await pilot.pause()
    await pilot.pause()


async def saved(pilot: Pilot[Any], host: DialogHost) -> None:
    """Press ctrl+s and wait for the form to come to rest: the request over, the focus back on
    the first field and the form's scroll to it finished (it animates, so on a loaded machine
    it may or may not have ended after a fixed number of pauses)."""
    dialog = host.dialog
    assert isinstance(dialog, SubmitDialog)
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: not dialog.saving, "the save to end")
    for _ in range(3):  # the focus moves, then the scroll is scheduled after a refresh
        await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await settle(pilot)


def edit_case() -> tuple[DialogHost, RunBefore]:
    """A text message as it opens."""
    host = DialogHost(lambda: EditDialog(make_message(), make_chat(), Recorder(), now=fixed_now))
    return host, settle


def edit_file_case() -> tuple[DialogHost, RunBefore]:
    """A file message on a trigger, in a direct message."""
    chat = make_chat("CT_2", "Priya Raman", "direct_message")
    host = DialogHost(lambda: EditDialog(FILE_MESSAGE, chat, Recorder(), now=fixed_now))
    return host, settle


def edit_errors_case() -> tuple[DialogHost, RunBefore]:
    """Too long a text, an unreadable time and an unknown zone, saved: each says why inline."""
    host = DialogHost(lambda: EditDialog(make_message(), make_chat(), Recorder(), now=fixed_now))

    async def break_fields(pilot: Pilot[Any]) -> None:
        assert host.dialog is not None
        host.dialog.query_one("#text", TextArea).load_text("z" * 5010)
        host.dialog.query_one("#when", Input).value = "yesterday-ish"
        host.dialog.query_one("#zone", Input).value = "Mars/Base"
        await pilot.pause()
        await saved(pilot, host)

    return host, break_fields


def edit_server_error_case() -> tuple[DialogHost, RunBefore]:
    """A save the server refuses: the reason under the form, the input kept."""
    submit = Recorder(NotFoundError("That scheduled message no longer exists.", status_code=404))
    host = DialogHost(lambda: EditDialog(make_message(), make_chat(), submit, now=fixed_now))

    async def save(pilot: Pilot[Any]) -> None:
        assert host.dialog is not None
        host.dialog.query_one("#when", Input).value = "+2h"
        await pilot.pause()
        await saved(pilot, host)

    return host, save


def test_edit_dialog(snap_compare: Any) -> None:
    host, run_before = edit_case()
    assert snap_compare(host, terminal_size=SIZE, run_before=run_before)


def test_edit_dialog_file_message_in_a_dm(snap_compare: Any) -> None:
    host, run_before = edit_file_case()
    assert snap_compare(host, terminal_size=SIZE, run_before=run_before)


def test_edit_dialog_with_inline_errors(snap_compare: Any) -> None:
    host, run_before = edit_errors_case()
    assert snap_compare(host, terminal_size=SIZE, run_before=run_before)


def test_edit_dialog_after_a_server_error(snap_compare: Any) -> None:
    host, run_before = edit_server_error_case()
    assert snap_compare(host, terminal_size=SIZE, run_before=run_before)


def create_draft_case(folder: Path) -> tuple[DialogHost, RunBefore]:
    """A new message in a chat with a draft saved in ``folder``: the draft comes back, said so."""
    drafts = DraftStore(folder)
    drafts.save(
        "create:CT_1",
        {
            "version": 1,
            "saved_at": "2026-11-24T13:32:00+00:00",
            "fields": {"text": "Reminder: demo at 5", "mode": "time", "when": "tomorrow 17:00"},
        },
    )
    host = DialogHost(lambda: CreateDialog(make_chat(), Recorder(), drafts=drafts, now=fixed_now))
    return host, settle


def test_create_dialog_with_a_restored_draft(snap_compare: Any, tmp_path: Path) -> None:
    host, run_before = create_draft_case(tmp_path)
    assert snap_compare(host, terminal_size=SIZE, run_before=run_before)


def reschedule_case() -> tuple[DialogHost, RunBefore]:
    """Four messages (one due on arrival) rescheduled to a typed time."""
    messages = [
        make_message("1"),
        make_message("2"),
        make_message("3", time="2026-11-26T10:00:00+05:30"),
        make_message("4", time=None, schedule_status="check_out"),
    ]
    host = DialogHost(lambda: RescheduleDialog(make_chat(), messages, Recorder(), now=fixed_now))

    async def pick_time(pilot: Pilot[Any]) -> None:
        assert host.dialog is not None
        host.dialog.query_one("#when", Input).value = "monday 10:00"
        await settle(pilot)

    return host, pick_time


def confirm_case() -> tuple[DialogHost, RunBefore]:
    """A dangerous question: focus on Cancel."""
    host = DialogHost(
        lambda: ConfirmDialog(
            "Delete 3 messages in #marketing?",
            "They will not be delivered, and a file message cannot be restored.",
            "Delete 3",
            danger=True,
        )
    )
    return host, settle


def batch_case() -> tuple[DialogHost, RunBefore]:
    """Three sends, the second refused by the server, run to the end."""
    messages = [
        make_message("1", message={"type": "text", "content": {"text": "Standup at 10"}}),
        make_message("2", message={"type": "text", "content": {"text": "Ship the release"}}),
        make_message("3", message={"type": "text", "content": {"text": "Retro notes"}}),
    ]

    async def action(message: Any) -> None:
        if message.id == "2":
            raise NotFoundError("That scheduled message no longer exists.", status_code=404)

    host = DialogHost(
        lambda: BatchDialog("Send 3 messages now", messages, action, done_label="sent")
    )

    async def finish(pilot: Pilot[Any]) -> None:
        assert isinstance(host.dialog, BatchDialog)
        for _ in range(200):
            if host.dialog.finished:
                break
            await pilot.pause()
        await settle(pilot)

    return host, finish


def test_reschedule_dialog(snap_compare: Any) -> None:
    host, run_before = reschedule_case()
    assert snap_compare(host, terminal_size=SIZE, run_before=run_before)


def test_confirm_dialog_danger(snap_compare: Any) -> None:
    host, run_before = confirm_case()
    assert snap_compare(host, terminal_size=SIZE, run_before=run_before)


def test_batch_dialog_finished(snap_compare: Any) -> None:
    host, run_before = batch_case()
    assert snap_compare(host, terminal_size=SIZE, run_before=run_before)
