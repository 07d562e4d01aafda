"""Which action may run now, on what, and why not: the rules behind the footer's enabled keys,
the palette's notes and the line a blocked key shows (no Textual here)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.core import format as fmt
from cliq_tui.dashboard.ports import EnginePort
from cliq_tui.dashboard.queue_model import UNRESOLVED_SCOPE
from cliq_tui.dashboard.undo import NOTHING_TO_UNDO, UndoRecord

READ_ONLY_REASON = "Read-only mode: changes are turned off (--read-only or ui.read_only)."
CONNECTING_REASON = "Still connecting to Cliq; try again in a moment."
NO_MESSAGE = "No message selected."
CHOOSE_A_CHAT = "Choose a chat first (in the chat list, or a message of it)."
NOTHING_PENDING = "There are no pending messages in this chat."
CHAT_NOT_KNOWN = "chat not yet known: resolving which chat this message belongs to"

# Actions that change data on the server: disabled in read-only mode.
MUTATING_ACTIONS = frozenset(
    {"edit", "reschedule", "send_now", "send_all", "delete", "delete_all", "create", "undo"}
)
# Actions on the message under the cursor (or on every selected message).
MESSAGE_ACTIONS = frozenset({"edit", "send_now", "delete"})
# Actions on the message under the cursor only.
CURSOR_ACTIONS = frozenset({"copy_text", "copy_id"})
# Actions on a whole chat: the chat chosen in the list, else the current message's chat.
CHAT_ACTIONS = frozenset({"send_all", "delete_all", "reschedule", "create"})
# Actions that need the engine (they wait until it is connected).
ENGINE_ACTIONS = tuple(sorted(MUTATING_ACTIONS | {"refresh", "toggle_pause"}))


class QueueState(Protocol):
    """The queue as the user sees it: the cursor, the selection, the chat shown."""

    @property
    def current(self) -> ScheduledMessage | None: ...

    @property
    def scope(self) -> str | None: ...

    def targets(self) -> list[ScheduledMessage]: ...

    def messages_in_chat(self, chat_id: str | None) -> list[ScheduledMessage]: ...

    def visible_messages(self) -> list[ScheduledMessage]: ...


class ActionRules:
    """What each action applies to now, and why it cannot run (None: it can)."""

    def __init__(
        self,
        queue: QueueState,
        *,
        engine: Callable[[], EnginePort | None],
        undo_record: Callable[[], UndoRecord | None],
        read_only: bool = False,
    ) -> None:
        self.queue = queue
        self._engine = engine
        self._undo_record = undo_record
        self.read_only = read_only

    def targets(self) -> list[ScheduledMessage]:
        """The selected messages, or else the one under the cursor."""
        return self.queue.targets()

    def unresolved_reason(self, message: ScheduledMessage) -> str | None:
        """Why the message's chat cannot be acted on yet, or None when it is known."""
        if fmt.message_chat_id(message):
            return None
        engine = self._engine()
        reason = engine.unresolved(message.id) if engine is not None else None
        return reason or CHAT_NOT_KNOWN

    def target_chat(self) -> tuple[str | None, str | None]:
        """The chat a chat-wide action applies to, or None with the reason."""
        scope = self.queue.scope
        if scope is not None and scope != UNRESOLVED_SCOPE:
            return scope, None
        current = self.queue.current
        if current is None:
            return None, CHOOSE_A_CHAT
        reason = self.unresolved_reason(current)
        if reason:
            return None, reason
        return fmt.message_chat_id(current), None

    def chat_id(self) -> str:
        """The chat a chat-wide action applies to (only asked once it is not blocked)."""
        chat_id, reason = self.target_chat()
        assert chat_id is not None, reason
        return chat_id

    def blocked_reason(self, action: str) -> str | None:
        """Why ``action`` cannot run now, or None when it can."""
        if action in MUTATING_ACTIONS and self.read_only:
            return READ_ONLY_REASON
        if action in ENGINE_ACTIONS and self._engine() is None:
            return CONNECTING_REASON
        if action == "undo" and self._undo_record() is None:
            return NOTHING_TO_UNDO
        if action in CURSOR_ACTIONS and self.queue.current is None:
            return NO_MESSAGE
        if action in MESSAGE_ACTIONS:
            targets = self.targets()
            if not targets:
                return NO_MESSAGE
            if len(targets) == 1:
                return self.unresolved_reason(targets[0])
        if action in CHAT_ACTIONS:
            chat_id, reason = self.target_chat()
            if chat_id is None:
                return reason
            if action != "create" and not self.queue.messages_in_chat(chat_id):
                return NOTHING_PENDING
        return None
