"""Which action may run now, on what, and why not: the rules behind the footer's enabled keys,
the palette's notes and the line a blocked key shows (no Textual here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.core import format as fmt
from cliq_tui.dashboard.flows import ActionFlows
from cliq_tui.dashboard.ports import EnginePort, Flow
from cliq_tui.dashboard.queue_model import UNRESOLVED_SCOPE
from cliq_tui.dashboard.undo import NOTHING_TO_UNDO, UndoRecord

READ_ONLY_REASON = "Read-only mode: changes are turned off (--read-only or ui.read_only)."
CONNECTING_REASON = "Still connecting to Cliq; try again in a moment."
NO_MESSAGE = "No message selected."
CHOOSE_A_CHAT = "Choose a chat first (in the chat list, or a message of it)."
NOTHING_PENDING = "There are no pending messages in this chat."
CHAT_NOT_KNOWN = "chat not yet known: resolving which chat this message belongs to"


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
        """Why ``action`` cannot run now, or None when it can (or is not a flow)."""
        spec = ACTIONS.get(action)
        if spec is None:
            return None
        if spec.changes and self.read_only:
            return READ_ONLY_REASON
        if self._engine() is None:
            return CONNECTING_REASON
        target = spec.target
        if target == "undo" and self._undo_record() is None:
            return NOTHING_TO_UNDO
        if target == "cursor" and self.queue.current is None:
            return NO_MESSAGE
        if target == "messages":
            targets = self.targets()
            if not targets:
                return NO_MESSAGE
            if len(targets) == 1:
                return self.unresolved_reason(targets[0])
        if target == "chat":
            chat_id, reason = self.target_chat()
            if chat_id is None:
                return reason
            if not self.queue.messages_in_chat(chat_id):
                return NOTHING_PENDING
        return None

    def start(self, action: str, flows: ActionFlows) -> Flow | None:
        """Start ``action`` on what it applies to now (only once it is not blocked); what is
        left to do comes back as a flow to run in the background."""
        return ACTIONS[action].start(flows, self)


# What an action applies to: nothing; the last undo record; the message under the cursor; the
# selected messages (else the one under the cursor); the pending messages of the chat shown
# (else of the current message); a chat, even one with nothing pending (the one shown or of the
# current message, else one the user picks); the rows shown.
Target = Literal["nothing", "undo", "cursor", "messages", "chat", "new_in_chat", "shown"]
Start = Callable[[ActionFlows, ActionRules], Flow | None]


@dataclass(frozen=True)
class ActionSpec:
    """One action of the dashboard: what it applies to, whether it changes data on the server
    (read-only mode blocks it), and how it starts."""

    target: Target
    changes: bool
    start: Start


# Every action the flows run, by the name its key binding uses.
ACTIONS: dict[str, ActionSpec] = {
    "refresh": ActionSpec("nothing", False, lambda flows, _: flows.refresh()),
    "toggle_pause": ActionSpec("nothing", False, lambda flows, _: flows.toggle_pause()),
    "edit": ActionSpec("messages", True, lambda flows, rules: flows.edit(rules.targets())),
    "send_now": ActionSpec("messages", True, lambda flows, rules: flows.send_now(rules.targets())),
    "delete": ActionSpec("messages", True, lambda flows, rules: flows.delete(rules.targets())),
    "send_all": ActionSpec("chat", True, lambda flows, rules: flows.send_all(rules.chat_id())),
    "delete_all": ActionSpec("chat", True, lambda flows, rules: flows.delete_all(rules.chat_id())),
    "reschedule": ActionSpec("chat", True, lambda flows, rules: flows.reschedule(rules.chat_id())),
    "create": ActionSpec(
        "new_in_chat", True, lambda flows, rules: flows.create(rules.target_chat()[0])
    ),
    "undo": ActionSpec("undo", True, lambda flows, _: flows.undo()),
    "copy_text": ActionSpec(
        "cursor", False, lambda flows, rules: flows.copy_text(rules.queue.current)
    ),
    "copy_id": ActionSpec("cursor", False, lambda flows, rules: flows.copy_id(rules.queue.current)),
    "export": ActionSpec(
        "shown", False, lambda flows, rules: flows.export(rules.queue.visible_messages())
    ),
}
# Actions that change data on the server: disabled in read-only mode.
MUTATING_ACTIONS = frozenset(name for name, spec in ACTIONS.items() if spec.changes)
