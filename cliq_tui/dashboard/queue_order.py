"""The rows the queue shows, in order: each shown message's sort key in one sorted list, so that
adding, moving or dropping a row costs only that row (bisect), and a view learns the first row
that may hold another message now.

A key is a tuple whose last item is the message's id: keys are unique, and comparing two of them
never looks past the id.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from typing import Any

from cliq_tui.dashboard.queue_change import QueueChange, first_of

OrderKey = tuple[Any, ...]
"""A row's place in the order; its last item is the message id."""

# Above this many rows at once (a filter keystroke), one pass over the order beats row by row.
BULK = 64


class RowOrder:
    """The shown messages' keys, sorted; and each shown message's key, by id."""

    def __init__(self) -> None:
        self._order: list[OrderKey] = []
        self._shown: dict[str, OrderKey] = {}

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, message_id: object) -> bool:
        return message_id in self._shown

    @property
    def shown(self) -> Mapping[str, OrderKey]:
        """Each shown message's key, by id (do not change it)."""
        return self._shown

    def ids(self, start: int = 0, stop: int | None = None) -> list[str]:
        """Ids of the rows from ``start`` up to ``stop`` (default: every row), top to bottom."""
        return [key[-1] for key in self._order[start:stop]]

    def id_at(self, index: int) -> str:
        """Id of the message at row ``index`` (which must exist)."""
        message_id: str = self._order[index][-1]
        return message_id

    def index_of(self, message_id: str) -> int | None:
        """The row showing the message, or None when it is not shown."""
        key = self._shown.get(message_id)
        return bisect_left(self._order, key) if key is not None else None

    def reset(self, keys: Mapping[str, OrderKey], message_ids: Iterable[str]) -> None:
        """Show exactly these messages, each at its key in ``keys``."""
        self._shown = {mid: keys[mid] for mid in message_ids}
        self._order = sorted(self._shown.values())

    def apply(
        self, remove: Iterable[str], show: Iterable[str], keys: Mapping[str, OrderKey]
    ) -> QueueChange:
        """The one batch path: drop rows, add or move rows (by id, each to its key in ``keys``);
        say which rows changed."""
        order = self._order
        first: int | None = None
        remove = [mid for mid in remove if mid in self._shown]
        removed = frozenset(remove)
        if len(remove) > BULK:
            first = bisect_left(order, min(self._shown[mid] for mid in remove))
            order[:] = [key for key in order if key[-1] not in removed]
        for message_id in remove:
            sort_key = self._shown.pop(message_id)
            if len(remove) <= BULK:
                index = bisect_left(order, sort_key)
                first = first_of(first, index)
                del order[index]
        inserted: list[str] = []
        changed: list[str] = []
        fresh: list[OrderKey] = []
        shown = self._shown
        for message_id in show:
            sort_key = keys[message_id]
            old_key = shown.get(message_id)
            if old_key is None:
                # A new row (thousands at once when the filter widens: keep this path short).
                inserted.append(message_id)
                fresh.append(sort_key)
                shown[message_id] = sort_key
                continue
            changed.append(message_id)
            if old_key != sort_key:
                index = bisect_left(order, old_key)
                first = first_of(first, index)
                del order[index]
                fresh.append(sort_key)
                shown[message_id] = sort_key
        if len(fresh) > BULK:
            order.extend(fresh)
            order.sort()
            first = first_of(first, bisect_left(order, min(fresh)))
        else:
            for sort_key in fresh:
                index = bisect_left(order, sort_key)
                first = first_of(first, index)
                order.insert(index, sort_key)
        return QueueChange(
            inserted=frozenset(inserted),
            removed=removed,
            changed=frozenset(changed),
            first_moved=first,
        )
