"""The batch edit dialog: "Edit N messages", what changes for each message as the fields change,
what it answers with, and what it refuses; end to end on the demo server as well."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, RadioButton, Select, Static, TextArea

from cliq_tui.api.models import ScheduledMessage, ScheduleStatus
from cliq_tui.core.requests import EditRequest
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.dialogs import BatchDialog, BatchEditDialog, EditDialog
from cliq_tui.ui.dialogs.confirm import ConfirmDialog
from tests.support.dialogs import DialogHost, fixed_now, make_message, shown
from tests.support.pilot import (
    SIZE,
    demo_server,
    settle,
    status_text,
    toasts,
    wait_for_queue,
    wait_until,
)

pytestmark = pytest.mark.usefixtures("items_carry_chat_ids")

LONDON = make_message("1", timezone="Europe/London", time="2026-11-25T09:00:00+00:00")
KOLKATA = make_message("2", time="2026-11-26T17:30:00+05:30")
FILE = make_message(
    "3",
    time=None,
    schedule_status="check_in",
    message={"type": "file", "content": {"file_name": "q3.pdf"}},
)
NAMES = {"1": "#marketing", "2": "#marketing", "3": "Priya Raman (DM)"}


def host_for(*messages: ScheduledMessage) -> DialogHost:
    return DialogHost(
        lambda: BatchEditDialog(messages, NAMES, now=fixed_now, local_zone="Asia/Kolkata")
    )


def dialog(host: DialogHost) -> BatchEditDialog:
    assert isinstance(host.dialog, BatchEditDialog)
    return host.dialog


def plan_lines(host: DialogHost) -> list[str]:
    return [shown(host, f"#batch-line-{i}") for i in range(len(dialog(host).messages))]


async def set_field(pilot: Pilot[Any], host: DialogHost, selector: str, value: str) -> None:
    dialog(host).query_one(selector, Input).value = value
    await pilot.pause()


async def test_the_title_counts_the_messages_and_each_is_listed_as_it_stands() -> None:
    host = host_for(LONDON, KOLKATA, FILE)
    async with host.run_test() as pilot:
        await pilot.pause()
        assert str(dialog(host).query_one(".dialog-title", Label).render()) == "Edit 3 messages"
        assert shown(host, "#batch-subtitle").startswith("Across 2 chats")
        heads = [str(s.render()) for s in dialog(host).query(".batch-plan-head").results(Static)]
        assert heads == [
            "#marketing · Standup notes are in the doc",
            "#marketing · Standup notes are in the doc",
            "Priya Raman (DM) · [file] q3.pdf",
        ]
        assert plan_lines(host) == [
            "Wed 25 Nov 09:00 Europe/London · unchanged",
            "Thu 26 Nov 17:30 Asia/Kolkata · unchanged",
            "on check-in · unchanged",
        ]
        # The messages differ: every field starts blank, keeping each one's own value.
        assert dialog(host).query_one("#batch-when", Input).value == ""
        assert dialog(host).query_one("#batch-zone", Input).value == ""
        assert dialog(host).query_one("#batch-text", TextArea).text == ""


async def test_a_zone_typed_shows_and_answers_the_change_for_every_message() -> None:
    host = host_for(LONDON, KOLKATA, FILE)
    async with host.run_test() as pilot:
        await set_field(pilot, host, "#batch-zone", "Asia/Tokyo")
        assert plan_lines(host) == [
            "Wed 25 Nov 09:00 Europe/London → 09:00 Asia/Tokyo (in 10h)",
            "Thu 26 Nov 17:30 Asia/Kolkata → 17:30 Asia/Tokyo (in 1d 18h)",
            "on check-in · skipped: a zone alone changes timed messages only",
        ]
        assert "A zone alone keeps each message's date and time of day" in shown(
            host, "#batch-time-note"
        )
        assert shown(host, "#batch-plan-title").endswith("2 to change, 1 unchanged (skipped)")
        await pilot.press("ctrl+s")
        await pilot.pause()
    (plan,) = host.results
    assert [item.message.id for item in plan.to_send] == ["1", "2"]
    assert all(item.request.timezone == "Asia/Tokyo" for item in plan.to_send)
    assert all(item.request.text is None for item in plan.to_send)


async def test_a_time_more_than_a_year_ahead_is_confirmed_first() -> None:
    host = host_for(LONDON, KOLKATA)
    async with host.run_test() as pilot:
        await set_field(pilot, host, "#batch-when", "2062-11-27 11:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(host.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert host.results == [] and isinstance(host.screen, BatchEditDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    (plan,) = host.results
    times = [item.request.schedule_time for item in plan.to_send]
    assert [t.year for t in times if t is not None] == [2062, 2062]


async def test_a_past_time_is_refused_in_one_line_and_the_dialog_stays_open() -> None:
    host = host_for(LONDON, KOLKATA)
    async with host.run_test() as pilot:
        await set_field(pilot, host, "#batch-when", "2026-11-24 10:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = shown(host, "#form-error")
        assert error == (
            "✗ Not sent: “Standup notes are in th…” would move to Tue 24 Nov 10:00 "
            "Europe/London, which has passed (and 1 more)."
        )
        assert host.results == [] and isinstance(host.screen, BatchEditDialog)
        assert plan_lines(host)[0].startswith("✗ ")


async def test_a_field_that_cannot_be_read_is_marked_and_nothing_is_answered() -> None:
    host = host_for(LONDON, KOLKATA)
    async with host.run_test() as pilot:
        await set_field(pilot, host, "#batch-zone", "Mars/Base")
        assert shown(host, "#batch-time-note").startswith("✗ Unknown time zone 'Mars/Base'")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Mars/Base" in shown(host, "#form-error") and host.results == []


async def test_nothing_set_closes_without_a_plan_and_says_so() -> None:
    host = host_for(LONDON, KOLKATA)
    told: list[str] = []
    async with host.run_test() as pilot:
        host.notify = lambda message, **_: told.append(str(message))  # type: ignore[method-assign]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert host.results == [None]
        assert told == ["Nothing set, so nothing was sent."]


async def test_a_trigger_goes_to_every_message_not_already_on_it() -> None:
    host = host_for(LONDON, FILE)
    async with host.run_test() as pilot:
        dialog(host).query_one("#batch-mode-status", RadioButton).value = True
        await pilot.pause()
        assert not dialog(host).query_one("#batch-time-group").display
        dialog(host).query_one("#batch-status", Select).value = ScheduleStatus.CHECK_IN
        await pilot.pause()
        assert plan_lines(host) == [
            "Wed 25 Nov 09:00 Europe/London → on check-in",
            "on check-in · skipped: already as set",
        ]
        await pilot.press("ctrl+s")
        await pilot.pause()
    (plan,) = host.results
    assert [(i.message.id, i.request) for i in plan.to_send] == [
        ("1", EditRequest(status=ScheduleStatus.CHECK_IN))
    ]


async def test_a_zone_every_message_shares_starts_filled_and_changes_nothing_untouched() -> None:
    second = make_message("4", timezone="Europe/London", time="2026-11-27T08:00:00+00:00")
    host = host_for(LONDON, second)
    async with host.run_test() as pilot:
        await pilot.pause()
        assert dialog(host).query_one("#batch-zone", Input).value == "Europe/London"
        assert plan_lines(host)[0].endswith("· unchanged")
        await set_field(pilot, host, "#batch-when", "tomorrow 10:00")
        assert shown(host, "#batch-time-note").startswith("→ Wed 25 Nov 10:00 Europe/London")
        await pilot.press("ctrl+s")
        await pilot.pause()
    (plan,) = host.results
    # The zone was not changed: only the time is sent.
    assert [item.request.timezone for item in plan.to_send] == [None, None]


async def test_text_typed_goes_to_text_messages_and_the_file_message_says_why_not() -> None:
    host = host_for(LONDON, FILE)
    async with host.run_test() as pilot:
        dialog(host).query_one("#batch-text", TextArea).load_text("Moved to the new doc")
        await pilot.pause()
        assert plan_lines(host) == [
            "Wed 25 Nov 09:00 Europe/London · text → “Moved to the new doc”",
            "on check-in · file message: text cannot be edited · skipped",
        ]


# --- end to end: space, space, e on the demo server --------------------------------------------


async def open_batch_edit(pilot: Pilot[Any], app: CliqApp) -> list[ScheduledMessage]:
    """Select the first two rows with space, press e, wait for the batch edit dialog."""
    first, second = app.main.queue.visible_messages()[:2]
    await pilot.press("space", "space")
    assert app.main.queue.selected == {first.id, second.id}
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(app.screen, BatchEditDialog), "the dialog")
    await settle(pilot)
    return [first, second]


async def test_e_with_two_selected_edits_both_through_the_batch_dialog(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        first, second = await open_batch_edit(pilot, app)
        screen = app.screen
        assert str(screen.query_one(".dialog-title", Label).render()) == "Edit 2 messages"
        screen.query_one("#batch-zone", Input).value = "Europe/London"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BatchDialog), "the batch dialog")
        batch = app.screen
        assert isinstance(batch, BatchDialog) and batch.title_text == "Edit 2 messages"
        await wait_until(pilot, lambda: batch.finished, "both edits")
        assert sorted(batch.result.ok) == sorted([first.id, second.id])
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main, "the batch dialog to close")
        server = demo_server(app)
        london = ZoneInfo("Europe/London")
        for before in (first, second):
            after = ScheduledMessage.model_validate(server.state.message(before.id))
            assert after.timezone == "Europe/London" and after.text == before.text
            assert before.time is not None and after.time is not None
            # The same date and time of day, now in London.
            wall = before.time.astimezone(ZoneInfo(before.timezone or "UTC")).replace(tzinfo=None)
            assert after.time == wall.replace(tzinfo=london)
        assert not app.main.queue.selected
        assert [title for title, _ in toasts(app) if "rror" in title] == []
        assert "Edited 2 messages" in status_text(app)


async def test_e_with_one_row_still_opens_the_single_edit_dialog(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditDialog), "the edit dialog")


async def test_a_rate_limit_stops_the_batch_and_undo_holds_only_what_was_saved(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        first, second = await open_batch_edit(pilot, app)
        app.screen.query_one("#batch-zone", Input).value = "Europe/London"
        await settle(pilot)
        demo_server(app).state.set_faults(throttle_all=True)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BatchDialog), "the batch dialog")
        batch = app.screen
        assert isinstance(batch, BatchDialog)
        await wait_until(pilot, lambda: batch.finished, "the batch to stop")
        assert batch.result.ok == [] and list(batch.result.failed) == [first.id]
        assert batch.result.not_attempted == [second.id]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main, "the batch dialog to close")
        assert app.main.undo_record is None
        assert "Edited 0 messages across 2 chats (1 failed, 1 not attempted)." in status_text(app)
        server = demo_server(app)
        for before in (first, second):
            assert server.state.message(before.id)["timezone"] == before.timezone  # type: ignore[index]


async def test_an_undo_the_rate_limit_stops_says_nothing_was_undone_and_u_tries_again(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await open_batch_edit(pilot, app)
        app.screen.query_one("#batch-zone", Input).value = "Europe/London"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BatchDialog), "the batch dialog")
        batch = app.screen
        assert isinstance(batch, BatchDialog)
        await wait_until(pilot, lambda: batch.finished, "both edits")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main, "the batch dialog to close")
        demo_server(app).state.set_faults(throttle_all=True)
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, BatchDialog), "the undo batch")
        undo = app.screen
        assert isinstance(undo, BatchDialog)
        await wait_until(pilot, lambda: undo.finished, "the undo to stop")
        assert undo.result.ok == []
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main, "the undo batch to close")
        said = [body for title, body in toasts(app) if title == "Undo"]
        # Not "Undid the edit of 0 messages": nothing was undone, and u tries again.
        assert said and said[-1].startswith("Nothing was undone"), said
        assert "u tries them again" in said[-1]
        assert app.main.undo_record is not None
