"""List items the client could not read: kept for the status bar, the log and stderr.

One odd item (a number where text belongs, a time that is no time) must never hide the rest of
the queue; it is reported by id and field until a full listing no longer has it.
"""

from __future__ import annotations

import logging

from cliq_tui.api.models import ScheduledMessageList, UnreadableItem

log = logging.getLogger(__name__)

EXTRA_KEY = "unreadable"


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

    def summary(self) -> str | None:
        """One line for the status bar: how many, and the first one's id and field."""
        if not self._items:
            return None
        first = next(iter(self._items.values()))
        who = first.id or "no id"
        more = f" and {len(self._items) - 1} more" if len(self._items) > 1 else ""
        count = len(self._items)
        noun = "message" if count == 1 else "messages"
        return f"{count} {noun} unreadable ({who}: {first.field}{more})"

    def to_extra(self, extra: dict[str, str]) -> None:
        """Put the summary into a sync state's ``extra`` (or take it out)."""
        summary = self.summary()
        if summary:
            extra[EXTRA_KEY] = summary
        else:
            extra.pop(EXTRA_KEY, None)
