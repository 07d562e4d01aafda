"""What every action flow shares: its ports, a few helpers, and the record undo takes back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, tzinfo

from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.core import format as fmt
from cliq_tui.dashboard.activity import ActivityRecorder
from cliq_tui.dashboard.ports import (
    BatchResult,
    Clipboard,
    Dialogs,
    EnginePort,
    Notifier,
    QueuePort,
)
from cliq_tui.dashboard.undo import UndoRecord
from cliq_tui.sync.types import Delta


class FlowContext:
    """The ports every flow uses, the helpers they share, and the one record undo (u) takes
    back."""

    def __init__(
        self,
        engine: EnginePort,
        *,
        dialogs: Dialogs,
        notifier: Notifier,
        clipboard: Clipboard,
        queue: QueuePort,
        activity: ActivityRecorder,
        now: Callable[[], datetime],
        tz: tzinfo | None = None,
        on_undo_change: Callable[[], None] = lambda: None,
    ) -> None:
        self.engine = engine
        self.dialogs = dialogs
        self.notifier = notifier
        self.clipboard = clipboard
        self.queue = queue
        self.activity = activity
        self.now = now
        self.tz = tz
        self._on_undo_change = on_undo_change
        self._undo_record: UndoRecord | None = None

    # --- what undo takes back -------------------------------------------------------------

    @property
    def undo_record(self) -> UndoRecord | None:
        """What undo (u) takes back: the last delete or edit of this session."""
        return self._undo_record

    def remember(self, record: UndoRecord | None) -> None:
        """Make ``record`` the one undo takes back (None: nothing)."""
        self._undo_record = record
        self._on_undo_change()

    # --- shared by the flows --------------------------------------------------------------

    def notify(self, message: str, *, title: str = "", timeout: float | None = None) -> None:
        """An information line."""
        self.notifier.notify(message, title=title, timeout=timeout)

    def chat(self, chat_id: str) -> Chat | None:
        """A known chat by id."""
        return self.engine.chats.get(chat_id)

    def chat_name(self, chat_id: str | None) -> str:
        """The chat's name as the queue shows it."""
        return fmt.chat_label(self.chat(chat_id) if chat_id else None, chat_id)

    def chat_for(self, chat_id: str) -> Chat:
        """The chat for a dialog; before its details arrive, a bare one with the id stands in."""
        return self.chat(chat_id) or Chat(chat_id=chat_id)

    async def batch(
        self,
        title: str,
        messages: list[ScheduledMessage],
        action: Callable[[ScheduledMessage], Awaitable[Delta]],
        done_label: str,
        log_as: str,
    ) -> BatchResult:
        """Run ``action`` on each message with progress; each one is logged as ``log_as``."""

        async def one(message: ScheduledMessage) -> Delta:
            chat_id = fmt.message_chat_id(message)
            return await self.activity.logged(
                log_as, chat_id, [message.id], lambda: action(message)
            )

        result = await self.dialogs.batch(title, messages, one, done_label)
        self.queue.clear_selection()
        return result
