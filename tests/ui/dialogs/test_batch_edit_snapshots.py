"""Snapshots of the batch edit dialog at the three terminal sizes, with a zone typed so that the
per-message changes show (a fixed clock and zone, data built here)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.ui.dialogs import BatchEditDialog
from tests.support.dialogs import DialogHost, fixed_now, make_message

SIZES = [(80, 24), (120, 40), (160, 48)]


def selection() -> list[ScheduledMessage]:
    """Three selected messages: London and Kolkata times, and a file message on a trigger."""
    return [
        make_message("1001", timezone="Europe/London", time="2026-11-25T09:00:00+00:00"),
        make_message(
            "1002",
            time="2026-11-26T17:30:00+05:30",
            message={"type": "text", "content": {"text": "Quarterly numbers go out today"}},
        ),
        make_message(
            "1003",
            time=None,
            schedule_status="check_in",
            message={"type": "file", "content": {"file_name": "q3.pdf", "file_size": "1.2 MB"}},
        ),
    ]


def batch_host() -> DialogHost:
    names = {"1001": "#marketing", "1002": "#marketing", "1003": "Priya Raman (DM)"}
    return DialogHost(
        lambda: BatchEditDialog(selection(), names, now=fixed_now, local_zone="Asia/Kolkata")
    )


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_batch_edit_dialog_with_a_zone_typed(snap_compare: Any, size: tuple[int, int]) -> None:
    host = batch_host()

    async def type_zone(pilot: Pilot[Any]) -> None:
        assert host.dialog is not None
        host.dialog.query_one("#batch-zone", Input).value = "Asia/Tokyo"
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(host, terminal_size=size, run_before=type_zone)


def test_batch_edit_dialog_refusing_a_past_time_at_80x24(snap_compare: Any) -> None:
    host = batch_host()

    async def refuse(pilot: Pilot[Any]) -> None:
        assert host.dialog is not None
        host.dialog.query_one("#batch-when", Input).value = "2026-11-24 10:00"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(host, terminal_size=(80, 24), run_before=refuse)
