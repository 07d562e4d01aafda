"""The time choices of the create, edit and reschedule dialogs on a clock the test moves: quick
picks in the zone chosen, a passed wall time said to mean tomorrow, relative times that keep
counting while the dialog is open, and a reschedule that refuses a time that has passed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, TextArea

from cliq_tui.core.requests import CreateRequest
from cliq_tui.ui.dialogs import CreateDialog, EditDialog, RescheduleDialog
from tests.support.clock import FakeClock
from tests.support.dialogs import (
    NOW,
    DialogHost,
    Recorder,
    fixed_now,
    make_chat,
    make_message,
    shown,
)
from tests.support.pilot import wait_until

# Tue 24 Nov 2026 01:00 UTC: 06:30 in Asia/Kolkata (the tests' local zone), 10:00 in Tokyo.
MORNING = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)


async def enter(pilot: Pilot[Any], host: DialogHost, field: str, value: str) -> None:
    """Put ``value`` in the Input ``#field`` and let the dialog react."""
    assert host.dialog is not None
    host.dialog.query_one(f"#{field}", Input).value = value
    await pilot.pause()


def offered(host: DialogHost) -> list[str]:
    """The quick picks on screen, in order."""
    assert host.dialog is not None
    buttons = host.dialog.query(".quick-pick").results(Button)
    return [str(button.label) for button in buttons if button.display]


async def test_quick_picks_are_those_still_ahead_in_the_zone_chosen() -> None:
    submit = Recorder()
    clock = FakeClock(MORNING)
    host = DialogHost(lambda: CreateDialog(make_chat(), submit, now=clock.now))
    async with host.run_test() as pilot:
        assert host.dialog is not None
        assert offered(host) == ["Today 9 AM", "Tomorrow 9 AM", "Monday 9 AM"]
        assert shown(host, "#picks-zone") == "in Asia/Kolkata"
        await enter(pilot, host, "zone", "Asia/Tokyo")
        # 9 AM has passed in Tokyo: it is not offered there.
        assert offered(host) == ["Tomorrow 9 AM", "Monday 9 AM"]
        assert shown(host, "#picks-zone") == "in Asia/Tokyo"
        host.dialog.query_one("#pick-0", Button).press()
        await pilot.pause()
        assert host.dialog.query_one("#when", Input).value == "2026-11-25 09:00"
        assert shown(host, "#when-preview") == "→ Wed 25 Nov 09:00 JST — in 23h"
        host.dialog.query_one("#text", TextArea).load_text("Standup")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: host.results, "the dialog to close")
    assert submit.requests == [
        CreateRequest(
            "Standup", datetime.fromisoformat("2026-11-25T09:00:00+09:00"), "Asia/Tokyo", None
        )
    ]


async def test_today_9am_is_withdrawn_when_9am_passes_while_the_dialog_is_open() -> None:
    # 08:59 in Asia/Kolkata.
    clock = FakeClock(datetime(2026, 11, 24, 3, 29, tzinfo=UTC))
    host = DialogHost(lambda: CreateDialog(make_chat(), Recorder(), now=clock.now))
    async with host.run_test() as pilot:
        assert offered(host)[0] == "Today 9 AM"
        clock.advance(120)
        await wait_until(pilot, lambda: "Today 9 AM" not in offered(host), "the picks to tick")
        assert offered(host) == ["Tomorrow 9 AM", "Monday 9 AM"]


async def test_a_wall_time_that_has_passed_today_is_said_to_mean_tomorrow() -> None:
    message = make_message(timezone="Asia/Tokyo", time="2026-11-25T09:00:00+09:00")
    clock = FakeClock(MORNING)
    host = DialogHost(lambda: EditDialog(message, make_chat(), Recorder(), now=clock.now))
    async with host.run_test() as pilot:
        assert host.dialog is not None
        await enter(pilot, host, "when", "08:00")
        assert shown(host, "#when-preview") == (
            "→ 08:00 has passed today in Asia/Tokyo: tomorrow, Wed 25 Nov 08:00 JST (in 22h)"
        )
        # In a zone where 08:00 is still ahead today, it means today.
        await enter(pilot, host, "zone", "Asia/Kolkata")
        assert shown(host, "#when-preview") == "→ Tue 24 Nov 08:00 IST — in 1h 30m"


async def test_relative_times_count_down_without_touching_focus_or_input() -> None:
    clock = FakeClock(NOW)
    host = DialogHost(lambda: EditDialog(make_message(), make_chat(), Recorder(), now=clock.now))
    async with host.run_test() as pilot:
        assert host.dialog is not None
        assert "due Wed 25 Nov 09:00 IST — in 13h 30m" in shown(host, "#subtitle")
        when = host.dialog.query_one("#when", Input)
        when.focus()
        when.value = ""
        await pilot.press(*"2026-11-24 20:00")
        await pilot.press("left", "left")
        await pilot.pause()
        assert shown(host, "#when-preview") == "→ Tue 24 Nov 20:00 IST — in 30m"
        cursor = when.cursor_position
        clock.advance(60)
        await wait_until(pilot, lambda: "in 13h 29m" in shown(host, "#subtitle"), "a tick")
        await wait_until(pilot, lambda: shown(host, "#when-preview").endswith("in 29m"), "a tick")
        assert host.dialog.focused is when
        assert when.value == "2026-11-24 20:00"
        assert when.cursor_position == cursor


async def test_reschedule_refuses_a_new_time_that_has_passed_and_says_which() -> None:
    submit = Recorder()
    messages = [make_message("1"), make_message("2")]
    host = DialogHost(lambda: RescheduleDialog(make_chat(), messages, submit, now=fixed_now))
    async with host.run_test() as pilot:
        assert host.dialog is not None
        await enter(pilot, host, "when", "today 8:00")
        assert shown(host, "#summary") == (
            "2 messages cannot move to Tue 24 Nov 08:00 IST: that time passed 11h 30m ago. "
            "Pick a time in the future."
        )
        apply = host.dialog.query_one("#apply", Button)
        assert apply.disabled and str(apply.label) == "Reschedule"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert submit.requests == []
    assert host.results == []


async def test_reschedule_notices_when_the_time_given_passes_while_open() -> None:
    submit = Recorder()
    messages = [
        make_message("1"),
        make_message("2"),
        make_message("3", time="2026-11-26T10:00:00+05:30"),
    ]
    clock = FakeClock(NOW)
    host = DialogHost(lambda: RescheduleDialog(make_chat(), messages, submit, now=clock.now))
    async with host.run_test() as pilot:
        assert host.dialog is not None
        existing = host.dialog.query_one("#existing-time", Select)
        second = list(host.dialog.due_times)[1]  # type: ignore[attr-defined]
        existing.value = second
        await enter(pilot, host, "when", "2026-11-24 19:31")
        assert shown(host, "#summary") == "1 message will move to Tue 24 Nov 19:31 IST."
        apply = host.dialog.query_one("#apply", Button)
        assert not apply.disabled and str(apply.label) == "Reschedule 1 message"
        clock.advance(120)
        await wait_until(
            pilot, lambda: shown(host, "#summary").startswith("1 message cannot move"), "a tick"
        )
        assert apply.disabled
        # The listed due times count down too, and the one chosen stays chosen.
        labels = [str(prompt) for prompt, _value in existing._options]
        assert "Wed 25 Nov 09:00 IST — in 13h 28m (2 messages)" in labels
        assert existing.value == second
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert submit.requests == []
