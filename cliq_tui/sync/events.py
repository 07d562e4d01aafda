"""What happened to the queue, as typed events: created, edited, rescheduled, deleted, delivered.

The engine publishes deltas (rows added, changed, removed) and says which action of ours made
each one (:attr:`EngineCore.observers`). :class:`EventTracker` keeps the last state it saw of
every message (no text: a digest of the content) and turns each delta into events:

- a change an action of ours made is ``this-app``;
- a change a listing (or another process, through the shared cache) brought that no action of
  ours explains is ``elsewhere`` (another device, a colleague's bot);
- a message that left the queue without an action of ours is *delivered (observed)* when it is
  status-based (its trigger fired) or when it was time-based and the listing that found it gone
  came at or after its due time; a time-based message found gone before its due time was
  deleted elsewhere.

Nothing is claimed that was not observed: the events say between which two observations a
message left the queue (the last listing that had it, the one that lacked it), and the due time
it had. Everything here is pure (the clock is given), so it is tested with pinned clocks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.sync.types import Delta, SyncState

__all__ = [
    "DELIVERING_ACTIONS",
    "EventKind",
    "EventTracker",
    "QueueEvent",
    "Seen",
    "Source",
    "classify",
]

# The engine's actions (see sync/actions.py) that deliver what they remove; the others delete.
DELIVERING_ACTIONS = frozenset({"send now", "send all"})


class EventKind(StrEnum):
    """What happened to a message."""

    CREATED = "created"
    EDITED = "edited"
    RESCHEDULED = "rescheduled"
    DELETED = "deleted"
    DELIVERED = "delivered"


class Source(StrEnum):
    """Who did it: this app, someone elsewhere, or nobody we know of (a delivery we observed)."""

    THIS_APP = "this-app"
    ELSEWHERE = "elsewhere"
    OBSERVED = "observed"


@dataclass(frozen=True)
class Seen:
    """What the tracker remembers of a message: never its text, only a digest of its content."""

    chat_id: str | None
    due_ms: int | None
    status: str | None
    timezone: str | None
    digest: str

    @classmethod
    def of(cls, message: ScheduledMessage) -> Seen:
        """The remembered form of ``message``."""
        content = json.dumps(message.message.model_dump(mode="json"), sort_keys=True)
        return cls(
            chat_id=message.chat_id,
            due_ms=message.due_epoch_ms,
            status=message.schedule_status.value if message.schedule_status else None,
            timezone=message.timezone,
            digest=hashlib.sha256(content.encode()).hexdigest()[:16],
        )

    def to_json(self) -> dict[str, Any]:
        """The record as JSON-ready data (what a watch keeps between runs)."""
        return {
            "chat_id": self.chat_id,
            "due_ms": self.due_ms,
            "status": self.status,
            "timezone": self.timezone,
            "digest": self.digest,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Seen:
        """A record read back (raises ValueError when malformed)."""
        chat_id, due, status = data.get("chat_id"), data.get("due_ms"), data.get("status")
        zone, digest = data.get("timezone"), data.get("digest")
        if not all(v is None or isinstance(v, str) for v in (chat_id, status, zone)):
            raise ValueError("not a remembered message")
        if due is not None and (isinstance(due, bool) or not isinstance(due, int)):
            raise ValueError("not a remembered message")
        if not isinstance(digest, str):
            raise ValueError("not a remembered message")
        return cls(chat_id, due, status, zone, digest[:64])

    @property
    def due(self) -> datetime | None:
        """The due time, for a time-based message (None as well when it lies outside the years
        a datetime holds: a server's year 9999 at UTC-12 is year 10000 in UTC)."""
        if self.due_ms is None:
            return None
        try:
            return datetime.fromtimestamp(self.due_ms / 1000, UTC)
        except (OverflowError, OSError, ValueError):
            return None


@dataclass(frozen=True)
class QueueEvent:
    """One thing that happened to one message, and what was observed of it.

    ``observed_at`` is when the engine learnt of it; ``seen_before`` (for an observed removal) is
    the last time a listing still had the message (None: not known). ``due`` is the due time the
    message had (time-based), ``trigger`` its status trigger (status-based). ``action`` names the
    action of ours that made the change (None: not ours).
    """

    kind: EventKind
    source: Source
    message_id: str
    chat_id: str | None
    observed_at: datetime
    due: datetime | None = None
    trigger: str | None = None
    seen_before: datetime | None = None
    action: str | None = None
    timezone: str | None = None

    def describe(self, tz: tzinfo | None = None) -> str:
        """One honest line: what happened, by whom, and what was observed when."""
        at = _clock(self.observed_at, tz)
        due = f"its due time {_due_words(self.due, self.observed_at, tz)}" if self.due else ""
        if self.source is Source.THIS_APP:
            return f"{self.kind.value} by this app ({self.action or 'action'}) at {at}"
        if self.kind is EventKind.DELIVERED or self.kind is EventKind.DELETED:
            span = (
                f"left the queue between {_clock(self.seen_before, tz)} and {at}"
                if self.seen_before is not None
                else f"left the queue by {at}"
            )
            if self.kind is EventKind.DELETED:
                return f"{span}, before {due}, with no action of ours: deleted elsewhere"
            if self.trigger is not None:
                trigger = self.trigger.replace("_", "-")
                return f"{span} with no action of ours, waiting for {trigger}: delivered (observed)"
            if self.seen_before is not None and self.due and self.seen_before < self.due:
                return f"{span}, {due} within that span: delivered (observed)"
            return f"{span}, at or after {due}: delivered (observed)"
        words = {
            EventKind.CREATED: "created elsewhere",
            EventKind.EDITED: "edited elsewhere",
            EventKind.RESCHEDULED: "rescheduled elsewhere",
        }[self.kind]
        return f"{words}, seen at {at}" + (f" ({due.replace('its ', '')})" if due else "")

    def to_json(self, chat_name: str | None = None) -> dict[str, Any]:
        """One JSON object for scripts: ISO 8601 times with their offset."""
        return {
            "type": self.kind.value,
            "source": self.source.value,
            "message_id": self.message_id,
            "chat_id": self.chat_id,
            "chat_name": chat_name,
            "observed_at": self.observed_at.isoformat(timespec="milliseconds"),
            "seen_before": (
                self.seen_before.isoformat(timespec="milliseconds") if self.seen_before else None
            ),
            "due": _in_zone(self.due, self.timezone).isoformat() if self.due else None,
            "timezone": self.timezone,
            "trigger": self.trigger,
            "action": self.action,
        }


def _in_zone(when: datetime, name: str | None) -> datetime:
    """``when`` in the message's own zone (an IANA name), or as it is when that is unknown."""
    try:
        return when.astimezone(ZoneInfo(name)) if name else when
    except (ValueError, ZoneInfoNotFoundError):
        return when


def _clock(when: datetime | None, tz: tzinfo | None) -> str:
    return when.astimezone(tz).strftime("%H:%M:%S") if when is not None else "?"


def _due_words(due: datetime, observed: datetime, tz: tzinfo | None) -> str:
    local, seen = due.astimezone(tz), observed.astimezone(tz)
    text = local.strftime("%H:%M:%S" if local.second else "%H:%M")
    return text if local.date() == seen.date() else f"{local.strftime('%Y-%m-%d')} {text}"


def classify(
    message_id: str,
    before: Seen | None,
    after: Seen | None,
    *,
    action: str | None,
    observed_at: datetime,
    seen_before: datetime | None = None,
) -> list[QueueEvent]:
    """The events of one message going from ``before`` to ``after`` (None: not in the queue).

    ``action`` is the action of ours that made the change (None: a listing found it).
    """
    source = Source.THIS_APP if action is not None else Source.ELSEWHERE
    last = after or before
    if last is None:
        return []
    base = QueueEvent(
        EventKind.CREATED,
        source,
        message_id,
        last.chat_id,
        observed_at,
        due=last.due,
        trigger=last.status,
        action=action,
        timezone=last.timezone,
    )
    if before is None:
        return [base]
    if after is None:
        if action is not None:
            kind = EventKind.DELIVERED if action in DELIVERING_ACTIONS else EventKind.DELETED
            return [replace(base, kind=kind)]
        due = before.due
        gone = replace(base, seen_before=seen_before)
        if due is not None and observed_at < due:
            return [replace(gone, kind=EventKind.DELETED)]
        return [replace(gone, kind=EventKind.DELIVERED, source=Source.OBSERVED)]
    events = []
    if before.digest != after.digest:
        events.append(replace(base, kind=EventKind.EDITED))
    zone_moved = before.timezone is not None and after.timezone not in (None, before.timezone)
    if before.due_ms != after.due_ms or before.status != after.status or zone_moved:
        events.append(replace(base, kind=EventKind.RESCHEDULED))
    return events


class EventTracker:
    """Turns the engine's deltas into events, remembering the last state of every message.

    ``known`` is what an earlier run remembered (:meth:`snapshot`): the first delta is compared
    with it. Without it, the first delta that is not an action is taken as the queue as it is
    (a first listing or the cache) and tells nothing. ``on_event`` hears each event.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], datetime],
        on_event: Callable[[QueueEvent], None] = lambda _event: None,
        known: Mapping[str, Seen] | None = None,
        seen_at: datetime | None = None,
    ) -> None:
        self._clock = clock
        self._on_event = on_event
        self._seen: dict[str, Seen] = dict(known or {})
        self._primed = known is not None
        # The last time a listing confirmed the queue (the lower bound of a removal's span).
        self.seen_at = seen_at

    def snapshot(self) -> dict[str, Seen]:
        """Every message as last seen, by id."""
        return dict(self._seen)

    def on_state(self, state: SyncState) -> None:
        """Note when a listing last confirmed the queue (subscribe it to the engine's states)."""
        if state.last_synced is not None and (
            self.seen_at is None or state.last_synced > self.seen_at
        ):
            self.seen_at = state.last_synced

    def observe(self, delta: Delta, action: str | None = None) -> list[QueueEvent]:
        """The events of ``delta`` (told to ``on_event`` as well); ``action`` as the engine says."""
        rows = [*delta.added, *delta.changed]
        if not self._primed and action is None:
            self._primed = True
            self._absorb(rows, delta.removed)
            return []
        self._primed = True
        now = self._clock()
        events: list[QueueEvent] = []
        for message in rows:
            after = Seen.of(message)
            before = self._seen.get(message.id)
            if before is not None and after.chat_id is None:
                after = replace(after, chat_id=before.chat_id)
            events += classify(message.id, before, after, action=action, observed_at=now)
            self._seen[message.id] = after
        for mid in delta.removed:
            before = self._seen.pop(mid, None)
            events += classify(
                mid, before, None, action=action, observed_at=now, seen_before=self.seen_at
            )
        for event in events:
            self._on_event(event)
        return events

    def reconcile(self, messages: Mapping[str, ScheduledMessage]) -> list[QueueEvent]:
        """Compare the whole queue as it now is with what was last seen: what is missing left
        the queue, what is new was created, what differs changed. For a queue known complete
        (after a listing), when the deltas alone cannot say what vanished (a restart)."""
        added = [m for mid, m in messages.items() if mid not in self._seen]
        changed = [
            m for mid, m in messages.items() if mid in self._seen and Seen.of(m) != self._seen[mid]
        ]
        removed = tuple(mid for mid in self._seen if mid not in messages)
        return self.observe(Delta(tuple(added), tuple(changed), removed))

    def _absorb(self, rows: Iterable[ScheduledMessage], removed: Iterable[str]) -> None:
        for message in rows:
            self._seen[message.id] = Seen.of(message)
        for mid in removed:
            self._seen.pop(mid, None)
