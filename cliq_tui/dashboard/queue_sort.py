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
from functools import lru_cache
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

    def key(
        self,
        message: ScheduledMessage,
        due: fmt.SortKey,
        chat_name: Callable[[str], str | None],
    ) -> OrderKey:
        """The message's place in this order (``due``: its :func:`~cliq_tui.core.format.sort_key`;
        ``chat_name``: a chat id's name, when known)."""
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
        return (zone_key(zone, self.descending) if zone else (1,), *due)

    def _text(self, text: str) -> str:
        """``text`` as it sorts in this direction (any case)."""
        return text_key(text, self.descending)


@lru_cache(maxsize=1024)
def zone_key(zone: str, descending: bool) -> tuple[int, str, str]:
    """A zone as it sorts: by its city as the Zone column shows it, the full name breaking ties
    (a message without a zone sorts as ``(1,)``, after every zone)."""
    return (0, text_key(fmt.short_zone(zone), descending), zone)


@lru_cache(maxsize=4096)
def text_key(text: str, descending: bool) -> str:
    """A chat name or zone as it sorts (any case), either way; the same few hundred names come
    back for thousands of messages, so each is worked out once."""
    folded = text.casefold()
    return descending_text(folded) if descending else folded


def descending_text(text: str) -> str:
    """A key that sorts texts the other way round: "b" before "a", "ab" before "a"."""
    # Each character mirrored in the code point range, then the highest one: a text sorts before
    # its prefix. Strings compare in C, far faster than tuples of numbers.
    return "".join([chr(_TOP - ord(ch)) for ch in text]) + chr(_TOP)


_TOP = 0x10FFFF  # the highest code point

DUE_ORDER = QueueSort()
"""The default: soonest first."""
