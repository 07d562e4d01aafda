"""What the sync layer tells its listeners: deltas of the queue and the state of freshness.

The state carries facts (counts, times, roles, outcomes), never sentences: the status bar words
them. Only the cache's and the budget's warnings and a sync error are text, as those layers
said them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypedDict

from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.sync.uncertain import CreateOutcome


@dataclass(frozen=True)
class Delta:
    """A change to the local queue: rows to add, rows to update in place, ids to remove.

    ``chats`` holds chats that are new or whose details changed. The UI applies a delta row by
    row, keyed by message id; it never rebuilds from a snapshot.
    """

    added: tuple[ScheduledMessage, ...] = ()
    changed: tuple[ScheduledMessage, ...] = ()
    removed: tuple[str, ...] = ()
    chats: tuple[Chat, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.chats)

    def merge(self, later: Delta) -> Delta:
        """One delta with the effect of ``self`` followed by ``later``."""
        added = {m.id: m for m in self.added}
        changed = {m.id: m for m in self.changed}
        removed = dict.fromkeys(self.removed)
        for m in later.added:
            removed.pop(m.id, None)
            added[m.id] = m
        for m in later.changed:
            if m.id in added:
                added[m.id] = m
            else:
                changed[m.id] = m
        for mid in later.removed:
            if added.pop(mid, None) is None:
                removed[mid] = None
            changed.pop(mid, None)
        chats = {c.chat_id: c for c in (*self.chats, *later.chats)}
        return Delta(
            tuple(added.values()), tuple(changed.values()), tuple(removed), tuple(chats.values())
        )


class SyncStatus(StrEnum):
    """Where the sync engine stands."""

    STARTING = "starting"
    SYNCING = "syncing"
    SYNCED = "synced"
    PAUSED = "paused"
    OFFLINE = "offline"
    LOCKED = "locked"
    ERROR = "error"


class Role(StrEnum):
    """What a window does for its account (several windows on one account: one polls)."""

    POLLING = "polling"
    FOLLOWING = "following"
    ALONE = "alone"


@dataclass(frozen=True)
class Resolving:
    """How far chat resolution got for the messages that have no known chat yet."""

    checked: int
    total: int


@dataclass(frozen=True)
class Unreadable:
    """List items the last listings could not read: how many, and the first one's id and
    field (the rest of the queue is shown)."""

    count: int
    first_id: str | None
    first_field: str


@dataclass(frozen=True)
class SyncState:
    """A snapshot of freshness for the status bar.

    ``unresolved_chats`` and ``unresolved_messages`` count what chat resolution has left;
    ``resolving`` is its progress (None when nothing is left, or in a window that follows
    another: the polling one checks the chats). ``role`` is None unless several windows share
    the account. ``cache_warning`` and ``budget_warning`` say, once said, that the cache or the
    shared rate budget was set aside or is off. ``uncertain_creates`` is where every create
    with an unknown outcome stands (a dialog waiting for one learns of its settling).
    """

    status: SyncStatus = SyncStatus.STARTING
    last_synced: datetime | None = None
    offline_since: datetime | None = None
    locked_until: datetime | None = None
    next_poll_in: float | None = None
    error: str | None = None
    unresolved_chats: int = 0
    unresolved_messages: int = 0
    resolving: Resolving | None = None
    role: Role | None = None
    unreadable: Unreadable | None = None
    cache_warning: str | None = None
    budget_warning: str | None = None
    uncertain_creates: tuple[CreateOutcome, ...] = ()


class StateChange(TypedDict, total=False):
    """Fields of :class:`SyncState` to change (what ``dataclasses.replace`` takes)."""

    status: SyncStatus
    last_synced: datetime | None
    offline_since: datetime | None
    locked_until: datetime | None
    next_poll_in: float | None
    error: str | None
    unresolved_chats: int
    unresolved_messages: int
    resolving: Resolving | None
    role: Role | None
    unreadable: Unreadable | None
    cache_warning: str | None
    budget_warning: str | None
    uncertain_creates: tuple[CreateOutcome, ...]
