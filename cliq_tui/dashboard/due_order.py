"""Every time-based pending message in due order, shown or filtered out: what the heads-up reads
each second (the messages due within its longest lead time) without walking the whole queue.

The queue model keeps the rows *shown*, in the order the user chose (due time, chat, zone, ...),
so it cannot say what is due in the next five minutes among the messages a filter or a chat
hides. :class:`DueOrder` keeps that, one message at a time as deltas come (bisect), and
:class:`DueQueueModel` is the queue model keeping one beside its rows, fed by the same rebuild
and deltas: the model stays the one subscriber to the engine's deltas.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.dashboard.queue_change import QueueChange
from cliq_tui.dashboard.queue_model import QueueModel
from cliq_tui.sync.types import Delta

__all__ = ["DueOrder", "DueQueueModel"]


class DueOrder:
    """Ids of the time-based messages, sorted by due time (then id)."""

    def __init__(self) -> None:
        self._order: list[tuple[int, str]] = []
        self._due: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._order)

    def reset(self, messages: Iterable[ScheduledMessage]) -> None:
        """Hold exactly these messages."""
        self._due = {m.id: due for m in messages if (due := m.due_epoch_ms) is not None}
        self._order = sorted((due, mid) for mid, due in self._due.items())

    def put(self, message: ScheduledMessage) -> None:
        """Add the message, or move it to its new time (a message without one is dropped)."""
        due = message.due_epoch_ms
        if self._due.get(message.id) == due:
            return
        self.drop(message.id)
        if due is not None:
            self._due[message.id] = due
            order = self._order
            order.insert(bisect_left(order, (due, message.id)), (due, message.id))

    def drop(self, message_id: str) -> None:
        """Forget the message (nothing happens when it is not held)."""
        due = self._due.pop(message_id, None)
        if due is not None:
            order = self._order
            del order[bisect_left(order, (due, message_id))]

    def between(self, after_ms: int, until_ms: int) -> list[str]:
        """Ids of the messages due after ``after_ms`` up to ``until_ms`` (epoch ms), soonest
        first."""
        order = self._order
        start = bisect_left(order, (after_ms + 1, ""))
        stop = bisect_left(order, (until_ms + 1, ""), start)
        return [mid for _, mid in order[start:stop]]


class DueQueueModel(QueueModel):
    """The queue model, plus its messages in due order whatever the filter, scope and sort."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._due_order = DueOrder()

    def rebuild(self, messages: Iterable[ScheduledMessage]) -> QueueChange:
        """Replace every message (see :meth:`QueueModel.rebuild`)."""
        messages = list(messages)
        self._due_order.reset(messages)
        return super().rebuild(messages)

    def apply_delta(self, delta: Delta) -> QueueChange:
        """Apply a delta (see :meth:`QueueModel.apply_delta`): removals first, then the rest."""
        for message_id in delta.removed:
            self._due_order.drop(message_id)
        for message in (*delta.added, *delta.changed):
            self._due_order.put(message)
        return super().apply_delta(delta)

    def due_between(self, after_ms: int, until_ms: int) -> list[ScheduledMessage]:
        """The pending messages due after ``after_ms`` up to ``until_ms`` (epoch ms), soonest
        first, shown or not; reads only those."""
        found = (self.message(mid) for mid in self._due_order.between(after_ms, until_ms))
        return [message for message in found if message is not None]
