"""Snapshots of the time choices at the small and middle terminal sizes, on a pinned clock: a
typed wall time said to mean tomorrow (80x24), and a reschedule refusing a passed time (120x40)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from cliq_tui.ui.dialogs import CreateDialog, RescheduleDialog
from tests.support.clock import FakeClock
from tests.support.dialogs import DialogHost, Recorder, make_chat, make_message

# Tue 24 Nov 2026 01:00 UTC: 10:00 in Tokyo (9 AM has passed there), 06:30 in Kolkata.
MORNING = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)
# The dialogs' clock, standing at MORNING.
morning = FakeClock(MORNING).now


async def type_in(pilot: Pilot[Any], host: DialogHost, **fields: str) -> None:
    """Fill the time fields and leave the focus (and the scroll) on the time field."""
    assert host.dialog is not None
    for name, value in fields.items():
        host.dialog.query_one(f"#{name}", Input).value = value
    host.dialog.query_one("#when", Input).focus()
    await pilot.pause()
    await pilot.pause()


def test_create_dialog_at_80x24_says_a_passed_time_means_tomorrow(snap_compare: Any) -> None:
    host = DialogHost(lambda: CreateDialog(make_chat(), Recorder(), now=morning))

    async def fill(pilot: Pilot[Any]) -> None:
        await type_in(pilot, host, zone="Asia/Tokyo", when="08:00")

    assert snap_compare(host, terminal_size=(80, 24), run_before=fill)


def test_reschedule_dialog_at_120x40_refuses_a_passed_time(snap_compare: Any) -> None:
    messages = [make_message("1"), make_message("2")]
    host = DialogHost(lambda: RescheduleDialog(make_chat(), messages, Recorder(), now=morning))

    async def fill(pilot: Pilot[Any]) -> None:
        await type_in(pilot, host, zone="Asia/Tokyo", when="today 8:00")

    assert snap_compare(host, terminal_size=(120, 40), run_before=fill)
