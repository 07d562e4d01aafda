"""The edit dialog: what it sends, what it refuses, and that nothing typed is lost."""

from __future__ import annotations

import asyncio
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, RadioButton, Select, Static, TextArea

from cliq_tui.api.errors import BadRequestError, NotFoundError
from cliq_tui.api.models import ScheduleStatus
from cliq_tui.storage.drafts import DraftStore
from cliq_tui.sync.triggers import TriggerMemory
from cliq_tui.ui.dialogs import EditDialog, EditRequest
from tests.support.dialogs import (
    ZONE,
    DialogHost,
    Recorder,
    fixed_now,
    make_chat,
    make_message,
    shown,
)

FILE_CONTENT = {"file_name": "q3.pdf", "file_size": "1.2 MB", "comment": "Numbers"}
FILE_MESSAGE = {"message": {"type": "file", "content": FILE_CONTENT}}


def edit_host(
    submit: Recorder,
    drafts: DraftStore | None = None,
    *,
    chat_type: str = "channel",
    **message_fields: Any,
) -> DialogHost:
    message = make_message(**message_fields)
    chat = make_chat(chat_type=chat_type)
    return DialogHost(lambda: EditDialog(message, chat, submit, drafts=drafts, now=fixed_now))


def dialog(host: DialogHost) -> EditDialog:
    assert isinstance(host.dialog, EditDialog)
    return host.dialog


async def set_input(pilot: Pilot[Any], host: DialogHost, selector: str, value: str) -> None:
    dialog(host).query_one(selector, Input).value = value
    await pilot.pause()


async def save(pilot: Pilot[Any]) -> None:
    """Press ctrl+s and let the dialog react."""
    await pilot.press("ctrl+s")
    await pilot.pause()


def choose_status(host: DialogHost, status: ScheduleStatus) -> None:
    """Switch the schedule to status mode with the given status."""
    dialog(host).query_one("#mode-status", RadioButton).value = True
    dialog(host).query_one("#status", Select).value = status


async def requests_after_typing(selector: str, value: str) -> list[Any]:
    """Type value into one input of a fresh dialog, save, and return what was submitted."""
    submit = Recorder()
    host = edit_host(submit)
    async with host.run_test() as pilot:
        await set_input(pilot, host, selector, value)
        await save(pilot)
    return submit.requests


async def assert_typed_value_refused(selector: str, value: str, notes: dict[str, str]) -> None:
    """Type value, try to save: each note selector must explain why, and nothing is sent."""
    submit = Recorder()
    host = edit_host(submit)
    async with host.run_test() as pilot:
        await set_input(pilot, host, selector, value)
        await save(pilot)
        for note, words in notes.items():
            assert words in shown(host, note)
    assert submit.requests == []


async def test_saving_new_text_sends_only_the_text() -> None:
    submit = Recorder()
    host = edit_host(submit)
    async with host.run_test() as pilot:
        await pilot.press("end", *"!!")
        await save(pilot)
    assert submit.requests == [EditRequest(text="Standup notes are in the doc!!")]
    assert host.results == [True]


async def test_counter_shows_characters_used() -> None:
    host = edit_host(Recorder())
    async with host.run_test():
        assert shown(host, "#text-count") == "28 / 5000"


async def test_text_over_the_limit_says_so_and_blocks_saving() -> None:
    submit = Recorder()
    host = edit_host(submit)
    async with host.run_test() as pilot:
        dialog(host).query_one("#text", TextArea).load_text("x" * 5003)
        await pilot.pause()
        await save(pilot)
        assert "3 characters over the limit" in shown(host, "#text-count")
        assert dialog(host).query_one("#save", Button).disabled
    assert submit.requests == []
    assert host.results == []


async def test_empty_text_is_refused_inline() -> None:
    submit = Recorder()
    host = edit_host(submit)
    async with host.run_test() as pilot:
        dialog(host).query_one("#text", TextArea).load_text("   ")
        await save(pilot)
        assert "cannot be empty" in shown(host, "#text-count")
    assert submit.requests == []


async def test_unparseable_time_is_explained_and_never_sent() -> None:
    await assert_typed_value_refused(
        "#when",
        "next blue moon",
        {"#when-preview": "Cannot read", "#form-error": "fix the fields"},
    )


async def test_past_time_is_refused() -> None:
    await assert_typed_value_refused("#when", "2026-11-24 08:00", {"#when-preview": "has passed"})


async def test_unknown_time_zone_is_refused() -> None:
    await assert_typed_value_refused("#zone", "Mars/Olympus", {"#zone-note": "Unknown time zone"})


CLIQ_REFUSAL = BadRequestError(
    "The check_in status trigger is not supported for this chat type (direct messages).",
    status_code=400,
    code="checkin_status_message_restricted",
    api_message="The check_in status trigger is not supported for this chat type.",
)


async def test_check_in_in_a_dm_is_sent_and_cliq_refusal_shown_with_the_text_kept() -> None:
    submit = Recorder(CLIQ_REFUSAL)
    host = edit_host(submit, chat_type="direct_message")
    async with host.run_test() as pilot:
        choose_status(host, ScheduleStatus.CHECK_IN)
        await pilot.pause()
        await save(pilot)
        assert host.dialog is not None and host.dialog.is_attached  # still open
        assert "not supported for this chat type" in str(
            dialog(host).query_one("#form-error", Static).render()
        )
    assert [r.status for r in submit.requests] == [ScheduleStatus.CHECK_IN]


async def test_what_cliq_said_before_is_shown_for_that_kind_of_chat() -> None:
    memory = TriggerMemory(None)
    memory.record(
        "DM",
        "check_in",
        accepted=False,
        words="The check_in status trigger is not supported for this chat type.",
        at=fixed_now(),
    )
    host = edit_host(Recorder(), chat_type="dm")  # the v2 spelling of a direct message
    host.engine = SimpleNamespace(triggers=memory)  # type: ignore[attr-defined]
    async with host.run_test() as pilot:
        choose_status(host, ScheduleStatus.CHECK_IN)
        await pilot.pause()
        note = shown(host, "#status-note")
        assert "Cliq refused on check-in in DMs on" in note and "not supported" in note
        labels = [str(p) for p, _ in dialog(host).query_one("#status", Select)._options]
        assert "On check-in (refused in DM before)" in labels


async def test_live_preview_shows_the_parsed_time() -> None:
    host = edit_host(Recorder())
    async with host.run_test() as pilot:
        await set_input(pilot, host, "#when", "+2h")
        assert shown(host, "#when-preview") == "→ Tue 24 Nov 21:30 IST — in 2h"


async def test_new_time_sends_schedule_time_only() -> None:
    [request] = await requests_after_typing("#when", "2026-11-25 10:15")
    assert request.schedule_time == datetime.fromisoformat("2026-11-25T10:15:00+05:30")
    assert (request.text, request.timezone, request.status) == (None, None, None)


async def test_new_zone_sends_time_and_zone() -> None:
    [request] = await requests_after_typing("#zone", "Europe/Berlin")
    assert request.timezone == "Europe/Berlin"
    assert request.schedule_time == datetime.fromisoformat("2026-11-25T09:00:00+01:00")


async def test_quick_pick_fills_the_time() -> None:
    submit = Recorder()
    host = edit_host(submit)
    async with host.run_test() as pilot:
        monday = next(
            b for b in dialog(host).query(".quick-pick").results(Button) if b.label == "Monday 9 AM"
        )
        monday.press()
        await pilot.pause()
        assert dialog(host).query_one("#when", Input).value == "2026-11-30 09:00"
        await save(pilot)
    assert submit.requests[0].schedule_time == datetime.fromisoformat("2026-11-30T09:00+05:30")


async def test_switching_to_a_status_sends_the_status() -> None:
    submit = Recorder()
    host = edit_host(submit)
    async with host.run_test() as pilot:
        choose_status(host, ScheduleStatus.USER_AVAILABLE)
        await pilot.pause()
        await save(pilot)
    assert submit.requests == [EditRequest(status=ScheduleStatus.USER_AVAILABLE)]


async def test_file_message_offers_file_removal_instead_of_text() -> None:
    submit = Recorder()
    host = edit_host(submit, **FILE_MESSAGE)
    async with host.run_test() as pilot:
        assert not dialog(host).query("#text")
        assert "q3.pdf (1.2 MB)" in shown(host, "#file-info")
        dialog(host).query_one("#remove-file", Checkbox).value = True
        await pilot.pause()
        await save(pilot)
    assert submit.requests == [EditRequest(remove_file=True)]


async def test_nothing_changed_closes_without_sending() -> None:
    submit = Recorder()
    host = edit_host(submit)
    async with host.run_test() as pilot:
        await save(pilot)
    assert submit.requests == []
    assert host.results == [False]


async def test_failed_save_stays_open_with_the_error_and_the_text(drafts: DraftStore) -> None:
    submit = Recorder(NotFoundError("That message is gone.", status_code=404))
    host = edit_host(submit, drafts)
    async with host.run_test() as pilot:
        dialog(host).query_one("#text", TextArea).load_text("My careful rewrite")
        await pilot.pause()
        await save(pilot)
        await pilot.pause()
        assert host.screen is host.dialog
        assert shown(host, "#form-error") == "✗ Not found: That message is gone."
        assert dialog(host).query_one("#text", TextArea).text == "My careful rewrite"
        assert not dialog(host).query_one("#save", Button).disabled
    assert host.results == []
    assert drafts.load("edit:1001")["fields"]["text"] == "My careful rewrite"


async def test_success_discards_the_draft(drafts: DraftStore) -> None:
    host = edit_host(Recorder(), drafts)
    async with host.run_test() as pilot:
        dialog(host).query_one("#text", TextArea).load_text("Final words")
        await save(pilot)
    assert host.results == [True]
    assert drafts.load("edit:1001") is None


async def test_escape_cancels_and_keeps_the_draft(drafts: DraftStore) -> None:
    submit = Recorder()
    host = edit_host(submit, drafts)
    async with host.run_test() as pilot:
        dialog(host).query_one("#text", TextArea).load_text("Half a thought")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert host.results == [False]
    assert submit.requests == []
    assert drafts.load("edit:1001")["fields"]["text"] == "Half a thought"


async def test_reopening_restores_the_draft_with_a_note(drafts: DraftStore) -> None:
    host = edit_host(Recorder(), drafts)
    async with host.run_test() as pilot:
        dialog(host).query_one("#text", TextArea).load_text("Half a thought")
        await set_input(pilot, host, "#when", "+3h")
        await pilot.press("escape")
        await pilot.pause()
        host.open()
        await pilot.pause()
        assert dialog(host).query_one("#text", TextArea).text == "Half a thought"
        assert dialog(host).query_one("#when", Input).value == "+3h"
        assert shown(host, "#draft-note") == (
            "Restored your unsent draft from 19:30 — ctrl+d discards it"
        )


async def test_ctrl_d_discards_the_draft_and_resets_the_form(drafts: DraftStore) -> None:
    drafts.save(
        "edit:1001",
        {"version": 1, "saved_at": "2026-11-24T13:00:00+00:00", "fields": {"text": "Old draft"}},
    )
    host = edit_host(Recorder(), drafts)
    async with host.run_test() as pilot:
        assert dialog(host).query_one("#text", TextArea).text == "Old draft"
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert dialog(host).query_one("#text", TextArea).text == "Standup notes are in the doc"
    assert drafts.load("edit:1001") is None


async def test_draft_of_status_and_file_removal_round_trips(drafts: DraftStore) -> None:
    host = edit_host(Recorder(), drafts, **FILE_MESSAGE)
    async with host.run_test() as pilot:
        dialog(host).query_one("#remove-file", Checkbox).value = True
        choose_status(host, ScheduleStatus.CALL_END)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        host.open()
        await pilot.pause()
        assert dialog(host).query_one("#remove-file", Checkbox).value
        assert dialog(host).schedule.mode == "status"
        assert dialog(host).schedule.status is ScheduleStatus.CALL_END


async def test_zone_matches_complete_a_segment() -> None:
    host = edit_host(Recorder())
    async with host.run_test(size=(100, 50)) as pilot:
        dialog(host).query_one("#zone", Input).focus()
        await set_input(pilot, host, "#zone", "kolk")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert dialog(host).query_one("#zone", Input).value == ZONE


async def test_while_saving_the_dialog_says_so_and_blocks_a_second_save() -> None:
    gate = asyncio.Event()
    requests: list[EditRequest] = []

    async def slow_submit(request: EditRequest) -> None:
        requests.append(request)
        await gate.wait()

    message, chat = make_message(), make_chat()
    host = DialogHost(lambda: EditDialog(message, chat, slow_submit, now=fixed_now))
    async with host.run_test() as pilot:
        await pilot.press("end", "!")
        await save(pilot)
        assert shown(host, "#saving-note") == "Saving…"
        assert dialog(host).query_one("#save", Button).disabled
        await pilot.press("ctrl+s", "escape")
        await pilot.pause()
        assert host.screen is host.dialog
        gate.set()
        await pilot.pause()
        await pilot.pause()
    assert len(requests) == 1
    assert host.results == [True]


async def test_untouched_status_message_sends_nothing_and_keeps_no_draft(
    drafts: DraftStore,
) -> None:
    submit = Recorder()
    host = edit_host(submit, drafts, time=None, schedule_status="call_end")
    async with host.run_test() as pilot:
        assert dialog(host).schedule.mode == "status"
        await save(pilot)
    assert submit.requests == []
    assert host.results == [False]
    assert drafts.keys() == []


async def test_zone_typed_in_any_case_is_sent_by_its_proper_name() -> None:
    requests = await requests_after_typing("#zone", "europe/berlin")
    assert requests[0].timezone == "Europe/Berlin"


async def test_file_message_explains_there_is_no_text_for_the_editor() -> None:
    host = edit_host(Recorder(), **FILE_MESSAGE)
    async with host.run_test() as pilot:
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert "no text to edit" in shown(host, "#form-error")


async def test_chat_names_and_typed_times_are_never_read_as_markup() -> None:
    message, chat = make_message(), make_chat(name="[red]ops[/")
    host = DialogHost(lambda: EditDialog(message, chat, Recorder(), now=fixed_now))
    async with host.run_test() as pilot:
        await set_input(pilot, host, "#when", "[/bold")
        assert "[red]ops[/" in shown(host, ".dialog-subtitle")
        assert "'[/bold'" in shown(host, "#when-preview")
