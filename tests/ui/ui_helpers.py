"""Helpers for the dashboard tests (waiting on the app without timed assertions); the ones the
reliability tests need too live in :mod:`cliq_tui.ui.testing`."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.testing import START_MS, SteppingClock, settle, wait_for_queue, wait_until
from cliq_tui.ui.testing import demo_server as fake_server

__all__ = [
    "START_MS",
    "SteppingClock",
    "fake_server",
    "plain",
    "refresh",
    "settle",
    "wait_for_queue",
    "wait_until",
]


async def refresh(pilot: Pilot[Any], seconds: float = 5.0) -> None:
    """Let some time pass on both clocks (a refresh right after a listing is coalesced), then
    press r."""
    app = pilot.app
    assert isinstance(app, CliqApp) and isinstance(app.clock, SteppingClock)
    app.clock.advance(seconds)
    fake_server(app).state.advance(seconds)
    await pilot.press("r")


def plain(widget: Static) -> str:
    """What a Static shows, as plain text (rendered by Rich at a fixed width)."""
    console = Console(width=150, record=True, file=io.StringIO(), color_system=None)
    console.print(widget.content)
    return console.export_text()
