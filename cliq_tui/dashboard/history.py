"""The history: this app's actions and the changes the sync engine observed, per message and
overall, filterable and exportable (no Textual: the screen and the tests share it).

:class:`HistoryRecorder` listens to the engine's events (:mod:`cliq_tui.sync.events`) and adds
every change that was not an action of ours to the activity log (the actions are logged by the
flows as they run, with their result and API code). :class:`HistoryFilter` picks entries by
kind, chat, message and the text of their line. :func:`render_history_csv` and
:func:`render_history_json` export them with ISO 8601 times in the viewer's zone and its IANA
name, cells made safe as the queue export makes them (:mod:`cliq_tui.core.export`).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Protocol

from cliq_tui.api.models import Chat
from cliq_tui.base.textsafe import dumps_json
from cliq_tui.core import format as fmt
from cliq_tui.core.export import ExportFormat, export_folder, safe_cell
from cliq_tui.storage.activity import ActivityEntry, ActivityLog
from cliq_tui.sync.events import EventKind, EventTracker, QueueEvent, Source
from cliq_tui.sync.types import Delta, SyncState

__all__ = [
    "ATTRIBUTION_WINDOW",
    "KINDS",
    "HistoryFilter",
    "HistoryRecorder",
    "attribute",
    "history_export_path",
    "kind_of",
    "render_history_csv",
    "render_history_json",
    "zone_name",
]

log = logging.getLogger(__name__)

# The kinds the history filters by, in the order a key cycles through them ("" is all;
# "action" is every action of this app, "error" every action that failed).
KINDS = ("", *(k.value for k in EventKind), "action", "error")

# What each of this app's actions did, as an event kind.
_ACTION_KINDS = {
    "send now": EventKind.DELIVERED,
    "send all": EventKind.DELIVERED,
    "delete": EventKind.DELETED,
    "delete all": EventKind.DELETED,
    "edit": EventKind.EDITED,
    "reschedule": EventKind.RESCHEDULED,
    "create": EventKind.CREATED,
}


def kind_of(entry: ActivityEntry) -> str:
    """The event kind of an entry (an action that did nothing to the queue keeps its name)."""
    if entry.source is not None:
        return entry.action
    kind = _ACTION_KINDS.get(entry.action)
    return kind.value if kind is not None else entry.action


def source_of(entry: ActivityEntry) -> str:
    """``this-app`` for an action of ours, else the source the engine observed."""
    return entry.source or Source.THIS_APP.value


# How far back an action of this app (in another window) may explain a change seen now, when
# the last listing before the change is not known.
ATTRIBUTION_WINDOW = timedelta(minutes=10)


def attribute(event: QueueEvent, log: ActivityLog) -> QueueEvent:
    """``event`` as this app's when another window or process of this app logged an action that
    explains it (same message, same kind, since the last listing before it); else unchanged."""
    if event.source is Source.THIS_APP:
        return event
    since = event.seen_before or (event.observed_at - ATTRIBUTION_WINDOW)
    for entry in reversed(log.actions_on(event.message_id, since - timedelta(seconds=1))):
        if kind_of(entry) == event.kind.value:
            return dataclasses.replace(event, source=Source.THIS_APP, action=entry.action)
    return event


class Observable(Protocol):
    """What the recorder needs of the engine."""

    def observe(self, on_change: Callable[[Delta, str | None], object]) -> None: ...

    def subscribe(
        self, on_delta: Callable[[Delta], None], on_state: Callable[[SyncState], None]
    ) -> None: ...


class HistoryRecorder:
    """Adds every change the engine observed that no action of ours made to ``log``.

    The first listing (or the cache) is the queue as found: nothing is recorded for it.
    """

    def __init__(
        self,
        log: ActivityLog,
        *,
        now: Callable[[], datetime],
        chat: Callable[[str], Chat | None] = lambda _chat_id: None,
        profile: str | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        self.log = log
        self._chat = chat
        self._profile = profile
        self._tz = tz
        self.tracker = EventTracker(clock=now, on_event=self._record)

    def attach(self, engine: Observable) -> None:
        """Listen to ``engine``'s changes and freshness."""
        engine.observe(self.tracker.observe)
        engine.subscribe(lambda _delta: None, self.tracker.on_state)

    def _record(self, event: QueueEvent) -> None:
        if event.source is Source.THIS_APP:
            return  # the flows log the action itself, with its result
        try:
            event = attribute(event, self.log)
        except Exception:
            log.warning("could not read the activity log", exc_info=True)
        if event.source is Source.THIS_APP:
            return  # another window of this app did it, and logged it
        chat = self._chat(event.chat_id) if event.chat_id else None
        try:
            self.log.observe(
                event.kind.value,
                event.source.value,
                at=event.observed_at,
                chat_id=event.chat_id,
                chat_name=fmt.chat_label(chat, event.chat_id) if event.chat_id else None,
                message_id=event.message_id,
                detail=event.describe(self._tz),
                profile=self._profile,
            )
        except Exception:  # the history is a record, never a reason for syncing to fail
            log.warning("could not add an observed change to the history", exc_info=True)


@dataclass(frozen=True)
class HistoryFilter:
    """Which entries to show: a kind (see :data:`KINDS`; "" all), a chat (id or name), one
    message, the text of the line, and the profile (entries of no profile always show)."""

    kind: str = ""
    chat: str = ""
    message_id: str = ""
    text: str = ""
    profile: str | None = None

    def matches(self, entry: ActivityEntry) -> bool:
        """True when ``entry`` passes every part of the filter."""
        if self.profile is not None and entry.profile not in (None, self.profile):
            return False
        if self.kind == "action" and entry.source is not None:
            return False
        if self.kind == "error" and entry.result != "error":
            return False
        if self.kind not in ("", "action", "error") and kind_of(entry) != self.kind:
            return False
        if self.chat and self.chat.casefold() not in (
            (entry.chat_id or "").casefold(),
            (entry.chat_name or "").casefold(),
        ):
            return False
        if self.message_id and self.message_id not in entry.message_ids:
            return False
        return not self.text or self.text.casefold() in line_of(entry).casefold()

    def apply(self, entries: Iterable[ActivityEntry]) -> list[ActivityEntry]:
        """The entries that match, in their order."""
        return [e for e in entries if self.matches(e)]

    def describe(self) -> str:
        """The filter in words ("" when it lets everything through)."""
        parts = [
            f"kind {self.kind}" if self.kind else "",
            f"chat {self.chat}" if self.chat else "",
            f"message {self.message_id}" if self.message_id else "",
            f"text “{self.text}”" if self.text else "",
        ]
        return ", ".join(p for p in parts if p)


def line_of(entry: ActivityEntry) -> str:
    """The entry as the history's text filter reads it: every column in one line."""
    return " ".join(
        filter(
            None,
            [
                kind_of(entry),
                entry.action,
                source_of(entry),
                entry.result,
                entry.code,
                entry.chat_name,
                entry.chat_id,
                *entry.message_ids,
                entry.detail,
            ],
        )
    )


def zone_name(tz: tzinfo | None, when: datetime) -> str:
    """The IANA name of ``tz`` when it has one (ZoneInfo), else its abbreviation at ``when``."""
    key = getattr(tz, "key", None)
    if isinstance(key, str):
        return key
    return when.astimezone(tz).tzname() or "UTC"


CSV_COLUMNS = (
    "When",
    "Zone",
    "Kind",
    "Source",
    "Action",
    "Result",
    "API code",
    "Chat",
    "chat_id",
    "message_ids",
    "Detail",
    "profile",
)


def render_history_csv(entries: Sequence[ActivityEntry], tz: tzinfo | None) -> str:
    """The entries as CSV: ISO 8601 times with offsets in the viewer's zone, and its name."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        when = e.at.astimezone(tz)
        writer.writerow(
            safe_cell(v)
            for v in (
                when.isoformat(timespec="seconds"),
                zone_name(tz, e.at),
                kind_of(e),
                source_of(e),
                e.action,
                e.result,
                e.code or "",
                e.chat_name or "",
                e.chat_id or "",
                " ".join(e.message_ids),
                e.detail,
                e.profile or "",
            )
        )
    return out.getvalue()


def render_history_json(entries: Sequence[ActivityEntry], tz: tzinfo | None) -> str:
    """The entries as a JSON array: each entry's fields, its kind and source, and its time in
    the viewer's zone (``at``, ISO 8601 with offset) with the zone's name (``zone``)."""
    items = []
    for e in entries:
        data = e.to_json()
        data["at"] = e.at.astimezone(tz).isoformat(timespec="seconds")
        data["zone"] = zone_name(tz, e.at)
        data["kind"] = kind_of(e)
        data["source"] = source_of(e)
        items.append(data)
    return dumps_json(items) + "\n"


def history_export_path(kind: ExportFormat, now: datetime, folder: Path | None = None) -> Path:
    """A fresh file name such as ``~/Downloads/cliq-history-20260601-0900.csv``."""
    return (folder or export_folder()) / f"cliq-history-{now.strftime('%Y%m%d-%H%M%S')}.{kind}"
