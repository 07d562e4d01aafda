"""Which column the queue is sorted by, and each message's place in that order.

Four columns sort: the due time (the default), the chat, the zone and the trigger. Every key ends
with the message's due-order key (:func:`cliq_tui.core.format.sort_key`: due time, then id), so
rows that tie on the column keep due order and the order is the same on every run.

Messages without a time ("on check-in") come after the timed ones in due order, grouped by
trigger, oldest created first. Reversing a sort (▼) reverses the column's values only: ties stay
in due order, and rows without a value (no time, no zone, a chat not known yet) stay last.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, get_args

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.core import format as fmt
from cliq_tui.dashboard.queue_order import OrderKey

SortColumn = Literal["due", "chat", "zone", "trigger"]
SORT_COLUMNS: tuple[SortColumn, ...] = get_args(SortColumn)
"""The columns ``o`` cycles through, in this order."""

# What the status line calls each column.
SORT_NAMES: dict[SortColumn, str] = {
    "due": "due time",
    "chat": "chat",
    "zone": "zone",
    "trigger": "trigger",
}
ASCENDING_MARK = "▲"
DESCENDING_MARK = "▼"


@dataclass(frozen=True)
class QueueSort:
    """A sort column and its direction."""

    column: SortColumn = "due"
    descending: bool = False

    @property
    def mark(self) -> str:
        """▲ (ascending) or ▼ (descending)."""
        return DESCENDING_MARK if self.descending else ASCENDING_MARK

    @property
    def label(self) -> str:
        """ "Sorted by chat ▲"."""
        return f"Sorted by {SORT_NAMES[self.column]} {self.mark}"

    def next_column(self) -> QueueSort:
        """The next column in :data:`SORT_COLUMNS` (after the last: the first), ascending."""
        index = SORT_COLUMNS.index(self.column)
        return QueueSort(SORT_COLUMNS[(index + 1) % len(SORT_COLUMNS)])

    def reversed(self) -> QueueSort:
        """The same column the other way round."""
        return QueueSort(self.column, not self.descending)

    def key(self, message: ScheduledMessage, chat_name: Callable[[str], str | None]) -> OrderKey:
        """The message's place in this order (``chat_name``: a chat id's name, when known)."""
        due = fmt.sort_key(message)
        column = self.column
        if column == "due":
            if self.descending and due[0] == 0:  # latest first; no time: still last
                return (0, -due[1], *due[2:])
            return due
        if column == "trigger":
            # The trigger column's values: "time" first, then each status trigger in turn.
            rank = 0 if due[0] == 0 else 1 + due[1]
            return (-rank if self.descending else rank, *due)
        if column == "chat":
            chat_id = fmt.message_chat_id(message)
            name = chat_name(chat_id) if chat_id else None
            # Named chats by name; then chats not known yet, by id (no name to sort by).
            if name:
                return ((0, self._text(name)), *due)
            return ((1, chat_id or ""), *due)
        zone = message.timezone
        # By the zone's city as the column shows it (the full name breaks ties); no zone: last.
        if zone:
            return ((0, self._text(fmt.short_zone(zone)), zone), *due)
        return ((1,), *due)

    def _text(self, text: str) -> str | tuple[int, ...]:
        """``text`` as it sorts in this direction (any case)."""
        folded = text.casefold()
        return descending_text(folded) if self.descending else folded


def descending_text(text: str) -> tuple[int, ...]:
    """A key that sorts texts the other way round: "b" before "a", "ab" before "a"."""
    # Each character negated, then one item above any of them: a text sorts before its prefix.
    return (*(-ord(ch) for ch in text), 1)


DUE_ORDER = QueueSort()
"""The default: soonest first."""
