"""What the sync layer tells its listeners: deltas of the queue and the state of freshness."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from cliq_tui.api.models import Chat, ScheduledMessage


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


@dataclass(frozen=True)
class SyncState:
    """A snapshot of freshness for the status bar."""

    status: SyncStatus = SyncStatus.STARTING
    last_synced: datetime | None = None
    offline_since: datetime | None = None
    locked_until: datetime | None = None
    next_poll_in: float | None = None
    error: str | None = None
    unresolved_chats: int = 0
    extra: dict[str, str] = field(default_factory=dict)
