"""The bulk reschedule dialog: it counts what will move, and sends one request for it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, Input, RadioButton, Select, Static

from cliq_tui.api.errors import RateLimitError
from cliq_tui.api.models import ScheduleStatus
from cliq_tui.ui.dialogs import RescheduleDialog, RescheduleRequest
from cliq_tui.ui.dialogs.confirm import ConfirmDialog
from tests.support.dialogs import NOW, DialogHost, Recorder, fixed_now, make_chat, make_message

NINE = datetime.fromisoformat("2026-11-25T09:00:00+05:30")
MESSAGES = [
    make_message("1"),
    make_message("2"),
    make_message("3", time="2026-11-26T10:00:00+05:30"),
    make_message("4", time=None, schedule_status="check_out"),
    make_message("5", time=None, schedule_status="check_out"),
    make_message("6", time=None, schedule_status="call_end"),
]


def reschedule_host(
    submit: Recorder, messages: list[Any] | None = None, chat_type: str = "channel"
) -> DialogHost:
    chat = make_chat(chat_type=chat_type)
    return DialogHost(lambda: RescheduleDialog(chat, messages or MESSAGES, submit, now=fixed_now))


def dialog(host: DialogHost) -> RescheduleDialog:
    assert isinstance(host.dialog, RescheduleDialog)
    return host.dialog


def summary(host: DialogHost) -> str:
    return str(dialog(host).query_one("#summary", Static).render())


async def choose_status_mode(pilot: Pilot[Any], host: DialogHost) -> None:
    dialog(host).query_one("#mode-status", RadioButton).value = True
    await pilot.pause()


async def save(pilot: Pilot[Any]) -> None:
    """Press ctrl+s and let the dialog react."""
    await pilot.press("ctrl+s")
    await pilot.pause()


async def assert_new_status_refused(
    new_status: ScheduleStatus, reason: str, chat_type: str = "channel"
) -> None:
    """Pick new_status in status mode and save: the summary gives the reason, nothing is sent."""
    submit = Recorder()
    host = reschedule_host(submit, chat_type=chat_type)
    async with host.run_test() as pilot:
        await choose_status_mode(pilot, host)
        dialog(host).query_one("#new-status", Select).value = new_status
        await pilot.pause()
        await save(pilot)
        assert reason in summary(host)
    assert submit.requests == []


async def test_existing_times_are_listed_with_counts() -> None:
    host = reschedule_host(Recorder())
    async with host.run_test():
        select = dialog(host).query_one("#existing-time", Select)
        labels = [str(prompt) for prompt, _value in select._options]
        assert labels == [
            "Wed 25 Nov 09:00 IST — in 13h 30m (2 messages)",
            "Thu 26 Nov 10:00 IST — in 1d 14h (1 message)",
        ]


async def test_summary_counts_the_messages_before_confirming() -> None:
    submit = Recorder()
    host = reschedule_host(submit)
    async with host.run_test() as pilot:
        dialog(host).query_one("#when", Input).value = "2026-11-27 11:00"
        await pilot.pause()
        assert summary(host) == "2 messages will move to Fri 27 Nov 11:00 IST."
        assert str(dialog(host).query_one("#apply", Button).label) == "Reschedule 2 messages"
    assert submit.requests == []


async def test_time_reschedule_sends_the_old_and_new_time() -> None:
    submit = Recorder()
    host = reschedule_host(submit)
    async with host.run_test() as pilot:
        dialog(host).query_one("#when", Input).value = "2026-11-27 11:00"
        dialog(host).query_one("#zone", Input).value = "Asia/Kolkata"
        await pilot.pause()
        await save(pilot)
    assert submit.requests == [
        RescheduleRequest(
            mode="time",
            time=NINE,
            new_time=datetime.fromisoformat("2026-11-27T11:00:00+05:30"),
            timezone="Asia/Kolkata",
        )
    ]
    assert host.results == [True]


async def test_quick_pick_fills_the_new_time() -> None:
    submit = Recorder()
    host = reschedule_host(submit)
    async with host.run_test() as pilot:
        monday = dialog(host).query_one("#pick-1", Button)
        assert str(monday.label) == "Monday 9 AM"
        monday.press()
        await pilot.pause()
        assert summary(host) == "2 messages will move to Mon 30 Nov 09:00 IST."


async def test_missing_new_time_is_explained_and_not_sent() -> None:
    submit = Recorder()
    host = reschedule_host(submit)
    async with host.run_test() as pilot:
        await save(pilot)
        assert "Enter a time" in str(dialog(host).query_one("#when-preview", Static).render())
    assert submit.requests == []


async def test_status_reschedule_counts_and_sends_the_triggers() -> None:
    submit = Recorder()
    host = reschedule_host(submit)
    async with host.run_test() as pilot:
        await choose_status_mode(pilot, host)
        dialog(host).query_one("#new-status", Select).value = ScheduleStatus.USER_AVAILABLE
        await pilot.pause()
        assert summary(host) == "2 messages will move from on check-out to when available."
        await save(pilot)
    assert submit.requests == [
        RescheduleRequest(
            mode="status",
            existing_status=ScheduleStatus.CHECK_OUT,
            new_status=ScheduleStatus.USER_AVAILABLE,
        )
    ]


async def test_same_trigger_is_refused() -> None:
    await assert_new_status_refused(ScheduleStatus.CHECK_OUT, "different trigger")


async def test_check_in_in_a_direct_message_is_left_for_cliq_to_judge() -> None:
    # Which chats accept check-in is disputed: the dialog sends, and Cliq's answer is shown.
    submit = Recorder()
    host = reschedule_host(submit, chat_type="direct_message")
    async with host.run_test() as pilot:
        await choose_status_mode(pilot, host)
        dialog(host).query_one("#new-status", Select).value = ScheduleStatus.CHECK_IN
        await pilot.pause()
        await save(pilot)
    assert [r.new_status for r in submit.requests] == [ScheduleStatus.CHECK_IN]


async def test_only_status_messages_opens_in_status_mode() -> None:
    host = reschedule_host(Recorder(), messages=MESSAGES[3:])
    async with host.run_test():
        assert dialog(host).mode == "status"


async def test_failure_stays_open_with_the_reason() -> None:
    error = RateLimitError("The endpoint is locked for 9 minutes.", locked_until=NOW)
    host = reschedule_host(Recorder(error))
    async with host.run_test() as pilot:
        dialog(host).query_one("#when", Input).value = "+1d"
        await pilot.pause()
        await save(pilot)
        await pilot.pause()
        error_text = str(dialog(host).query_one("#form-error", Static).render())
        assert error_text == "✗ Rate limited: The endpoint is locked for 9 minutes."
        assert dialog(host).query_one("#when", Input).value == "+1d"
    assert host.results == []


async def test_escape_cancels() -> None:
    submit = Recorder()
    host = reschedule_host(submit)
    async with host.run_test() as pilot:
        await pilot.press("escape")
    assert host.results == [False]
    assert submit.requests == []


async def test_a_new_time_more_than_a_year_ahead_is_confirmed_first() -> None:
    submit = Recorder()
    host = reschedule_host(submit)
    async with host.run_test() as pilot:
        dialog(host).query_one("#when", Input).value = "2062-11-27 11:00"
        dialog(host).query_one("#zone", Input).value = "Asia/Kolkata"
        await pilot.pause()
        await save(pilot)
        assert isinstance(host.screen, ConfirmDialog)
        assert submit.requests == []
        await pilot.press("n")
        await pilot.pause()
        assert submit.requests == []
        await save(pilot)
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
    assert [r.new_time.year for r in submit.requests] == [2062]
