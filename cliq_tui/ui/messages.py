"""Messages the engine's callbacks post to the app (bursts coalesce), and the toasts shown."""

from __future__ import annotations

from typing import NamedTuple

from textual.message import Message

from cliq_tui.sync.types import SyncState


class QueueChanged(Message):
    """Deltas are waiting in the app's accumulator; one pending signal stands for many."""

    def can_replace(self, message: Message) -> bool:
        """A newer signal supersedes an unhandled older one (the deltas were merged)."""
        return isinstance(message, QueueChanged)


class SyncStateChanged(Message):
    """The engine's freshness changed; only the latest state matters."""

    def __init__(self, state: SyncState) -> None:
        super().__init__()
        self.state = state

    def can_replace(self, message: Message) -> bool:
        """A newer state supersedes an unhandled older one."""
        return isinstance(message, SyncStateChanged)


class EngineReady(Message):
    """The engine is built and connected: the screen may paint what it already holds."""


class Notice(NamedTuple):
    """A toast as it was shown (the app keeps the latest: ``CliqApp.notices``)."""

    title: str
    message: str
    severity: str
