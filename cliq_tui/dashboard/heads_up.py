"""Heads-up before delivery, without Textual: which pending messages to announce, and when.

A heads-up is due when a time-based message still in the queue is at most one lead time away
(``[ui] heads_up``, default 5 minutes; several are allowed, e.g. 5 minutes and 1 minute). Each
message is announced once per lead time and due time: a message rescheduled to another time is
announced again for that time; a message that left the queue (delivered, deleted, sent) never
is, and its notice is withdrawn. When several lead times have already passed (the dashboard
started 30 s before a delivery), one heads-up is given, for the shortest of them.

The clock is the caller's (``now`` on each check), so tests pin it. What has been announced can
be written down and given back (:meth:`HeadsUpPlanner.announced`), so a restart within the
window does not announce the same message again. Checked every second, it reads only the
messages due within the longest lead time, from a queue kept in due order
(:meth:`HeadsUpPlanner.check_queue`), not every pending message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Protocol

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.core import format as fmt
from cliq_tui.core.leadtime import lead_label
from cliq_tui.core.timeparse import format_in_zone

__all__ = [
    "DEFAULT_LEADS",
    "NO_ANNOUNCEMENT",
    "Announced",
    "DueSoon",
    "HeadsUp",
    "HeadsUpPlanner",
    "describe",
    "lead_words",
]

DEFAULT_LEADS = (timedelta(minutes=5),)
# Why the heads-up's edit key does nothing now.
NO_ANNOUNCEMENT = "No message is announced right now."

# What has been announced: (message id, due time in epoch ms, lead time in seconds).
Announced = tuple[str, int, int]


@dataclass(frozen=True)
class HeadsUp:
    """One announcement: this message goes out at ``due``; ``lead`` is the lead time reached."""

    message_id: str
    chat_id: str | None
    due: datetime
    lead: timedelta

    def still_due(self, messages: Mapping[str, ScheduledMessage]) -> bool:
        """Whether the message is still pending at the announced time (not delivered, deleted,
        sent or moved)."""
        message = messages.get(self.message_id)
        return message is not None and message.time == self.due


class DueSoon(Protocol):
    """A queue that can list its messages due in a span of time without walking the rest
    (:class:`cliq_tui.dashboard.due_order.DueQueueModel`)."""

    def due_between(self, after_ms: int, until_ms: int) -> Sequence[ScheduledMessage]:
        """The pending messages due after ``after_ms`` up to ``until_ms`` (epoch ms)."""
        ...


class HeadsUpPlanner:
    """Decides which messages to announce; remembers what it announced."""

    def __init__(
        self, leads: Sequence[timedelta] = DEFAULT_LEADS, announced: Iterable[Announced] = ()
    ) -> None:
        # Longest first; no lead time twice; none of zero or less.
        self.leads = tuple(sorted({lead for lead in leads if lead > timedelta(0)}, reverse=True))
        self._announced: set[Announced] = set(announced)

    @property
    def enabled(self) -> bool:
        """False when no lead time is set (``heads_up = []``)."""
        return bool(self.leads)

    def announced(self) -> set[Announced]:
        """What has been announced and is not yet due (to carry over a restart)."""
        return set(self._announced)

    def window(self, now: datetime) -> tuple[int, int]:
        """The due times (epoch ms) a check at ``now`` looks at: after now, up to now plus the
        longest lead time (an empty span when no lead time is set)."""
        now_ms = int(now.timestamp() * 1000)
        longest = self.leads[0] if self.leads else timedelta(0)
        return now_ms, now_ms + int(longest.total_seconds() * 1000)

    def check_queue(self, queue: DueSoon, now: datetime) -> list[HeadsUp]:
        """:meth:`check` over the queue's messages due within the longest lead time: reads
        those, not the whole queue."""
        if not self.leads:
            return []
        return self.check(queue.due_between(*self.window(now)), now)

    def check(self, messages: Iterable[ScheduledMessage], now: datetime) -> list[HeadsUp]:
        """The heads-ups to give now among ``messages``, soonest first; each is given once."""
        if not self.leads:
            return []
        now_ms, horizon_ms = self.window(now)
        found: list[HeadsUp] = []
        for message in messages:
            due_ms = message.due_epoch_ms
            if due_ms is None or not now_ms < due_ms <= horizon_ms:
                continue
            left_ms = due_ms - now_ms
            reached = [lead for lead in self.leads if left_ms <= lead.total_seconds() * 1000]
            keys = {(message.id, due_ms, int(lead.total_seconds())) for lead in reached}
            shortest = reached[-1]
            if (message.id, due_ms, int(shortest.total_seconds())) in self._announced:
                continue
            self._announced |= keys
            assert message.time is not None
            found.append(HeadsUp(message.id, fmt.message_chat_id(message), message.time, shortest))
        # Forget what is due: it is delivered or late, and never announced again at that time.
        self._announced = {key for key in self._announced if key[1] > now_ms}
        return sorted(found, key=lambda h: (h.due, h.message_id))


def describe(
    heads_up: HeadsUp, message: ScheduledMessage, chat: str, now: datetime, tz: tzinfo | None
) -> str:
    """One line for the notice: "in 4:59 (09:05) to Marketing: “Launch post…”", terminal-safe
    (``chat`` is a label made safe by :func:`cliq_tui.core.format.chat_label`)."""
    left = (heads_up.due - now).total_seconds()
    when = f"in {fmt.countdown(left)}" if left > 0 else "due now"
    at = format_in_zone(heads_up.due, tz, "%H:%M")
    return f"{when} ({at}) to {chat}: {fmt.quoted(message.preview, 48)}"


def lead_words(heads_up: HeadsUp) -> str:
    """ "5 min heads-up"."""
    return f"{lead_label(heads_up.lead)} heads-up"
