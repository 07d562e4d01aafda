"""List items the client could not read: kept for the status bar, the log and stderr.

One odd item (a number where text belongs, a time that is no time) must never hide the rest of
the queue; it is reported by id and field until a full listing no longer has it.
"""

from __future__ import annotations

import logging

from cliq_tui.api.models import ScheduledMessageList, UnreadableItem
from cliq_tui.sync.types import Unreadable

log = logging.getLogger(__name__)


class UnreadableItems:
    """The unreadable items of the latest listings, keyed by (id, field)."""

    def __init__(self) -> None:
        self._items: dict[tuple[str | None, str], UnreadableItem] = {}

    def note(self, listing: ScheduledMessageList, *, full: bool) -> None:
        """A full listing replaces what is known; an incremental one adds to it."""
        if full:
            self._items.clear()
        for item in listing.unreadable:
            key = (item.id, item.field)
            if key not in self._items:
                log.info("listing: %s", item.describe())
            self._items[key] = item

    def items(self) -> list[UnreadableItem]:
        """The unreadable items themselves (id and field)."""
        return list(self._items.values())

    def lines(self) -> list[str]:
        """One sentence per unreadable item."""
        return [item.describe() for item in self._items.values()]

    def summary(self) -> Unreadable | None:
        """For the status bar: how many, and the first one's id and field (None: none)."""
        if not self._items:
            return None
        first = next(iter(self._items.values()))
        return Unreadable(len(self._items), first.id, first.field)
