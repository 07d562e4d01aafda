"""Choosing a chat by name: the entries a picker offers, ranked by a fuzzy search.

The create dialog offers every chat of the user (pending or not); the jump prompt (``:``)
offers the chats of the chat pane. Names come from the server, so every name is made
terminal-safe here, once, before it is matched or shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from cliq_tui.api.errors import InputError
from cliq_tui.api.models import Chat
from cliq_tui.api.validation import check_id
from cliq_tui.base.textsafe import visible
from cliq_tui.core.format import one_line
from cliq_tui.core.fuzzy import FuzzyMatch, fuzzy_rank

# How long a name may be (longer ones are cut): the picker shows one line per chat.
NAME_LIMIT = 80


@dataclass(frozen=True)
class ChatEntry:
    """One chat a picker offers: its id, its name and kind as shown (terminal-safe), how many
    messages are pending in it, and when it was last active (None: not known)."""

    id: str
    name: str
    kind: str = ""
    pending: int = 0
    active: datetime | None = None


@dataclass
class ChatTarget:
    """The chat a new message goes to; the create dialog changes it when another is picked,
    and the create flow sends to whatever it holds when Save is pressed."""

    chat_id: str


def entry_for(chat: Chat, pending: int = 0) -> ChatEntry:
    """A chat as a picker shows it."""
    name = one_line(chat.name or chat.chat_id, NAME_LIMIT)
    return ChatEntry(chat.chat_id, name, visible(chat.kind), pending, chat.last_modified_time)


def usable(chat_id: str) -> bool:
    """True when a request can name the chat (an id such as ``..`` never leaves as a path)."""
    try:
        check_id(chat_id, field="chat_id")
    except InputError:
        return False
    return True


def chat_entries(chats: Mapping[str, Chat], pending: Mapping[str | None, int]) -> list[ChatEntry]:
    """Every known chat a message can be sent to; ``pending`` counts messages per chat id."""
    return [
        entry_for(chat, pending.get(chat_id, 0))
        for chat_id, chat in chats.items()
        if usable(chat_id)
    ]


def _active_key(entry: ChatEntry) -> float:
    return -entry.active.timestamp() if entry.active is not None else 0.0


def ordered(entries: Iterable[ChatEntry], current: str | None = None) -> list[ChatEntry]:
    """The order with nothing typed: the current chat, the chats with pending messages by name,
    then the others, most recently active first."""
    return sorted(
        entries,
        key=lambda e: (
            e.id != current,
            e.pending == 0,
            _active_key(e) if e.pending == 0 else 0.0,
            e.name.casefold(),
            e.id,
        ),
    )


def rank(
    entries: Iterable[ChatEntry],
    query: str,
    current: str | None = None,
    *,
    keep_order: bool = False,
) -> list[tuple[ChatEntry, FuzzyMatch]]:
    """The entries whose name matches ``query``, best first; ties in :func:`ordered`'s order,
    or (``keep_order``) in the order given."""
    items = list(entries) if keep_order else ordered(entries, current)
    return fuzzy_rank(query, items, key=lambda e: e.name)
