"""The create dialog: a new text message at a time or on a trigger, its draft kept per chat."""

from __future__ import annotations

from datetime import datetime

from textual.widgets import Input, RadioButton, Select, Static, TextArea

from cliq_tui.api.errors import BadRequestError
from cliq_tui.api.models import ScheduleStatus
from cliq_tui.storage.drafts import DraftStore
from cliq_tui.ui.dialogs import CreateDialog, CreateRequest
from cliq_tui.ui.dialogs.confirm import ConfirmDialog
from tests.support.dialogs import ZONE, DialogHost, Recorder, fixed_now, make_chat


def create_host(submit: Recorder, drafts: DraftStore | None = None) -> DialogHost:
    chat = make_chat()
    return DialogHost(lambda: CreateDialog(chat, submit, drafts=drafts, now=fixed_now))


def dialog(host: DialogHost) -> CreateDialog:
    assert isinstance(host.dialog, CreateDialog)
    return host.dialog


def shown(host: DialogHost, selector: str) -> str:
    return str(dialog(host).query_one(selector, Static).render())


async def test_creating_at_a_time_sends_text_time_and_zone() -> None:
    submit = Recorder()
    host = create_host(submit)
    async with host.run_test() as pilot:
        await pilot.press(*"Ship it")
        dialog(host).query_one("#when", Input).value = "tomorrow 17:30"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert submit.requests == [
        CreateRequest("Ship it", datetime.fromisoformat("2026-11-25T17:30:00+05:30"), ZONE, None)
    ]
    assert host.results == [True]


async def test_creating_on_a_status_sends_the_trigger() -> None:
    submit = Recorder()
    host = create_host(submit)
    async with host.run_test() as pilot:
        await pilot.press(*"Ping me")
        dialog(host).query_one("#mode-status", RadioButton).value = True
        dialog(host).query_one("#status", Select).value = ScheduleStatus.CHECK_IN
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert submit.requests == [CreateRequest("Ping me", None, None, ScheduleStatus.CHECK_IN)]


async def test_create_limit_is_4096_characters() -> None:
    submit = Recorder()
    host = create_host(submit)
    async with host.run_test() as pilot:
        dialog(host).query_one("#text", TextArea).load_text("y" * 4097)
        dialog(host).query_one("#when", Input).value = "+1h"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "1 characters over the limit" in shown(host, "#text-count")
    assert submit.requests == []


async def test_a_time_or_a_trigger_is_required() -> None:
    submit = Recorder()
    host = create_host(submit)
    async with host.run_test() as pilot:
        await pilot.press(*"No time yet")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Enter a time" in shown(host, "#when-preview")
        dialog(host).query_one("#mode-status", RadioButton).value = True
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Pick a trigger" in shown(host, "#status-note")
    assert submit.requests == []


async def test_server_refusal_keeps_the_dialog_and_the_draft(drafts: DraftStore) -> None:
    submit = Recorder(BadRequestError("A value is not allowed.", status_code=400))
    host = create_host(submit, drafts)
    async with host.run_test() as pilot:
        await pilot.press(*"Keep me")
        dialog(host).query_one("#when", Input).value = "+1h"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert shown(host, "#form-error") == "✗ Request refused: A value is not allowed."
        assert dialog(host).query_one("#text", TextArea).text == "Keep me"
    assert drafts.load("create:CT_1")["fields"]["text"] == "Keep me"


async def test_draft_is_kept_per_chat_and_restored(drafts: DraftStore) -> None:
    host = create_host(Recorder(), drafts)
    async with host.run_test() as pilot:
        await pilot.press(*"Later")
        await pilot.press("escape")
        await pilot.pause()
        host.open()
        await pilot.pause()
        assert dialog(host).query_one("#text", TextArea).text == "Later"
        assert "Restored your unsent draft" in shown(host, "#draft-note")
    assert drafts.keys() == ["create:CT_1"]


async def test_untouched_dialog_leaves_no_draft(drafts: DraftStore) -> None:
    host = create_host(Recorder(), drafts)
    async with host.run_test() as pilot:
        await pilot.press("escape")
    assert host.results == [False]
    assert drafts.keys() == []


async def test_draft_is_written_while_typing(drafts: DraftStore) -> None:
    host = create_host(Recorder(), drafts)
    async with host.run_test() as pilot:
        await pilot.press(*"Typed")
        # The write is debounced: wait for the whole text on disk (a loaded machine may write
        # a first draft after the first keystrokes, before the rest is typed).
        for _ in range(400):
            draft = drafts.load("create:CT_1")
            if draft is not None and draft["fields"]["text"] == "Typed":
                break
            await pilot.pause(0.05)
        assert host.screen is host.dialog
    assert drafts.load("create:CT_1")["fields"]["text"] == "Typed"


async def test_the_dialog_asks_before_scheduling_more_than_a_year_ahead() -> None:
    submit = Recorder()
    host = DialogHost(lambda: CreateDialog(make_chat(), submit, now=fixed_now))
    async with host.run_test() as pilot:
        await pilot.press(*"Far away")
        dialog = host.dialog
        assert isinstance(dialog, CreateDialog)
        dialog.query_one("#when", Input).value = "2031-01-01 09:00"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(host.screen, ConfirmDialog)
        assert submit.requests == []  # nothing sent before the answer
        await pilot.press("n")
        await pilot.pause()
        assert submit.requests == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
    assert len(submit.requests) == 1
    assert submit.requests[0].schedule_time.year == 2031
