"""Widgets on their own under Pilot: a bare app that hosts one queue view on a fake clock."""

from __future__ import annotations

from datetime import UTC

from textual.app import App, ComposeResult

from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.ui.widgets.queue_table import QueueTable

from .clock import FakeClock
from .messages import NOW


class QueueHost(App[None]):
    """A queue view over ``messages`` (chats by id from ``chats``), times in UTC, on a clock that
    stands at :data:`~tests.support.messages.NOW` until the test moves it (``host.clock``)."""

    def __init__(
        self, messages: list[ScheduledMessage], chats: dict[str, Chat] | None = None
    ) -> None:
        super().__init__()
        self.clock = FakeClock(NOW)
        self.messages = messages
        self.chats = chats if chats is not None else {}

    def compose(self) -> ComposeResult:
        yield QueueTable(now=self.clock.now, tz=UTC, chat_of=self.chats.get, id="queue")

    def on_mount(self) -> None:
        self.query_one(QueueTable).rebuild(self.messages)
