"""Shared builders for the dialog tests: a fixed clock and zone, chats, messages, a host app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from textual.app import App
from textual.screen import Screen
from textual.widgets import Static

from cliq_tui.api.models import Chat, ScheduledMessage

from .clock import FakeClock

# Tue 24 Nov 2026 14:00 UTC = 19:30 in Asia/Kolkata, the zone every test runs in.
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
ZONE = "Asia/Kolkata"


# The dialogs' clock: it stands still at NOW (no dialog test moves it).
fixed_now = FakeClock(NOW).now


def make_chat(chat_id: str = "CT_1", name: str = "#marketing", chat_type: str = "channel") -> Chat:
    """A chat."""
    return Chat(chat_id=chat_id, name=name, chat_type=chat_type)


def make_message(message_id: str = "1001", **fields: Any) -> ScheduledMessage:
    """A time-based text message due Wed 25 Nov 09:00 IST unless fields say otherwise."""
    data: dict[str, Any] = {
        "id": message_id,
        "timezone": ZONE,
        "time": "2026-11-25T09:00:00+05:30",
        "message": {"type": "text", "content": {"text": "Standup notes are in the doc"}},
        "chat_id": "CT_1",
    }
    data.update(fields)
    return ScheduledMessage.model_validate(data)


class Recorder:
    """A ``submit`` stand-in that records requests and can be told to fail."""

    def __init__(self, error: Exception | None = None) -> None:
        self.requests: list[Any] = []
        self.error = error

    async def __call__(self, request: Any) -> None:
        self.requests.append(request)
        if self.error is not None:
            raise self.error


class DialogHost(App[None]):
    """A bare app that opens one dialog and records what it returns."""

    def __init__(self, make_dialog: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make_dialog = make_dialog
        self.results: list[Any] = []
        self.dialog: Screen[Any] | None = None

    def on_mount(self) -> None:
        self.open()

    def open(self) -> None:
        """Push a fresh dialog."""
        self.dialog = self.make_dialog()
        self.push_screen(self.dialog, callback=self.results.append)


def shown(host: DialogHost, selector: str) -> str:
    """What the Static ``selector`` of the host's open dialog shows."""
    assert host.dialog is not None
    return str(host.dialog.query_one(selector, Static).render())
