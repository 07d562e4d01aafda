"""What one change of the queue model did to the rows shown (see :mod:`.queue_model`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QueueChange:
    """What a change did to the rows shown, for a view to repaint only that."""

    inserted: frozenset[str] = frozenset()
    """Ids of messages shown now that were not shown before."""
    removed: frozenset[str] = frozenset()
    """Ids of messages no longer shown."""
    changed: frozenset[str] = frozenset()
    """Ids of messages still shown that look different (new content or selection mark)."""
    first_moved: int | None = None
    """The first row that may hold another message now (rows above it are as they were);
    None when no row moved."""
    current_changed: bool = False
    """The message under the cursor is another one, or has new content, or there is none now."""
    selection_changed: bool = False
    """The multi-selection changed."""
    counts_changed: bool = False
    """The number of pending messages of some chat changed (or a chat got its name)."""

    def __bool__(self) -> bool:
        return bool(
            self.inserted
            or self.removed
            or self.changed
            or self.first_moved is not None
            or self.current_changed
            or self.selection_changed
            or self.counts_changed
        )


def first_of(*indexes: int | None) -> int | None:
    """The lowest of the row indexes given (None ones left out), or None."""
    known = [i for i in indexes if i is not None]
    return min(known) if known else None
