"""The agenda, without Textual: upcoming deliveries by day, status-triggered messages by trigger,
and timelines of the next 24 hours and 7 days that show clusters at a glance.

Built from the queue model's messages at one instant (``now``) in the viewer's zone; the agenda
screen draws it and builds it again when the queue changes. Every string here is terminal-safe
(chat labels come from :func:`cliq_tui.core.format.chat_label`, previews pass
:func:`cliq_tui.core.format.one_line`).
"""

from __future__ import annotations

import zlib
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.core import format as fmt
from cliq_tui.core.timeparse import format_in_zone

__all__ = [
    "CHAT_BURST",
    "CHAT_SLOTS",
    "MINUTE_CLUSTER",
    "Agenda",
    "AgendaEntry",
    "Cell",
    "Cluster",
    "Group",
    "Timeline",
    "build_agenda",
    "chat_slot",
    "density",
]

# Several messages due in one minute make a cluster; so do this many to one chat within an hour.
MINUTE_CLUSTER = 2
CHAT_BURST = 3
# Chats are told apart by one of this many colours (the screen picks them).
CHAT_SLOTS = 8
# The density of a timeline cell, by how many messages fall in it (8 or more: a full block).
_LEVELS = "·▂▃▄▅▆▇█"

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def chat_slot(chat_id: str | None) -> int:
    """A chat's colour slot (0 .. CHAT_SLOTS-1), the same on every run and every screen."""
    return zlib.crc32((chat_id or "").encode()) % CHAT_SLOTS


def density(count: int) -> str:
    """The block that draws ``count`` messages in one cell ("·" for none)."""
    return _LEVELS[min(max(count, 0), len(_LEVELS) - 1)]


@dataclass(frozen=True)
class AgendaEntry:
    """One pending message as the agenda lists it."""

    message_id: str
    due: datetime | None
    chat_id: str | None
    chat: str
    preview: str
    trigger: str


@dataclass(frozen=True)
class Group:
    """A heading (a day, or a status trigger) and its entries, in delivery order."""

    key: str
    title: str
    entries: tuple[AgendaEntry, ...]


@dataclass(frozen=True)
class Cluster:
    """Messages close together: ``count`` due in one minute (``kind`` "minute"), or ``count``
    to one chat within one hour (``kind`` "chat")."""

    kind: str
    start: datetime
    count: int
    chat_ids: tuple[str | None, ...]
    message_ids: tuple[str, ...]
    end: datetime | None = None
    """The last message's due time (a burst to one chat)."""

    def describe(self, tz: tzinfo | None, chat_name: Callable[[str | None], str]) -> str:
        """ "3 at Mon 09:05 (Marketing, Ops)" or "4 to Marketing Mon 14:02-14:50"."""
        start = format_in_zone(self.start, tz, "%a %H:%M")
        if self.kind == "minute":
            names = ", ".join(chat_name(c) for c in self.chat_ids[:3])
            more = ", …" if len(self.chat_ids) > 3 else ""
            return f"{self.count} at {start} ({names}{more})"
        end = format_in_zone(self.end or self.start, tz, "%H:%M")
        return f"{self.count} to {chat_name(self.chat_ids[0])} {start}-{end}"


@dataclass(frozen=True)
class Cell:
    """One cell of a timeline: the messages due from ``start`` for one step."""

    start: datetime
    message_ids: tuple[str, ...]
    chats: tuple[tuple[str | None, int], ...]
    """Chats by how many of the cell's messages go to each, most first."""
    cluster: bool
    """A cluster (several in one minute, or a burst to one chat) falls in this cell."""

    @property
    def count(self) -> int:
        """How many messages are due in the cell."""
        return len(self.message_ids)

    @property
    def top_chat(self) -> str | None:
        """The chat most of the cell's messages go to (None: empty, or chat not known)."""
        return self.chats[0][0] if self.chats else None


@dataclass(frozen=True)
class Timeline:
    """Cells of equal length from ``start``; ``ticks`` label some of them (cell index, text)."""

    title: str
    start: datetime
    step: timedelta
    cells: tuple[Cell, ...]
    ticks: tuple[tuple[int, str], ...]

    @property
    def total(self) -> int:
        """How many messages the timeline shows."""
        return sum(cell.count for cell in self.cells)

    def bar(self) -> str:
        """The density row: one block per cell."""
        return "".join(density(cell.count) for cell in self.cells)

    def markers(self) -> str:
        """The row under the bar: "▲" under every cell holding a cluster."""
        return "".join("▲" if cell.cluster else " " for cell in self.cells)

    def axis(self) -> str:
        """The labels row: each tick's text starting under its cell (never overlapping)."""
        row = [" "] * len(self.cells)
        free = 0
        for index, text in self.ticks:
            if index < free or index + len(text) > len(row):
                continue
            row[index : index + len(text)] = list(text)
            free = index + len(text) + 1
        return "".join(row)


class Agenda:
    """The queue at one instant, grouped and bucketed for the agenda screen."""

    def __init__(
        self,
        messages: Iterable[ScheduledMessage],
        *,
        now: datetime,
        tz: tzinfo | None,
        chat_label: Callable[[ScheduledMessage], str],
        previous: Agenda | None = None,
    ) -> None:
        self.now = now
        self.tz = tz
        timed: list[tuple[datetime, str, AgendaEntry]] = []
        triggered: dict[str, list[tuple[fmt.SortKey, AgendaEntry]]] = defaultdict(list)
        self._chat_names: dict[str | None, str] = {}
        # An entry is made once per message version: a rebuild after a delta reuses the rest.
        known = previous._made if previous is not None else {}
        self._made: dict[str, tuple[ScheduledMessage, str, AgendaEntry]] = {}
        for message in messages:
            label = chat_label(message)
            made = known.get(message.id)
            if made is not None and made[0] is message and made[1] == label:
                entry = made[2]
            else:
                entry = AgendaEntry(
                    message.id,
                    message.time,
                    fmt.message_chat_id(message),
                    label,
                    fmt.one_line(message.preview[:400], 200),
                    fmt.trigger_label(message),
                )
            self._made[message.id] = (message, label, entry)
            chat_id = entry.chat_id
            self._chat_names.setdefault(chat_id, entry.chat)
            if message.time is not None:
                timed.append((message.time, message.id, entry))
            else:
                triggered[entry.trigger].append((fmt.sort_key(message), entry))
        timed.sort(key=lambda item: (item[0], item[1]))
        self._times = [item[0] for item in timed]
        self.timed: tuple[AgendaEntry, ...] = tuple(item[2] for item in timed)
        self.triggers: tuple[Group, ...] = tuple(
            Group(trigger, trigger, tuple(e for _, e in sorted(rows, key=lambda r: r[0])))
            for trigger, rows in sorted(triggered.items(), key=lambda kv: min(r[0] for r in kv[1]))
        )
        self.clusters: tuple[Cluster, ...] = _clusters(self.between(now, now + 7 * DAY))

    def chat_name(self, chat_id: str | None) -> str:
        """The label of a chat the agenda holds a message for."""
        return self._chat_names.get(chat_id, fmt.chat_label(None, chat_id))

    def between(self, start: datetime, end: datetime) -> Sequence[AgendaEntry]:
        """The time-based entries due from ``start`` up to (not including) ``end``."""
        return self.timed[bisect_left(self._times, start) : bisect_left(self._times, end)]

    def local_day(self, when: datetime) -> date:
        """The viewer's calendar day of an instant."""
        return when.astimezone(self.tz).date()

    def days(self) -> list[Group]:
        """The time-based entries grouped by the viewer's day, earliest first; the heading says
        "Today", "Tomorrow" or the date, and how many."""
        today = self.local_day(self.now)
        groups: list[Group] = []
        index = 0
        while index < len(self.timed):
            due = self.timed[index].due
            assert due is not None
            day = self.local_day(due)
            end = bisect_left(self._times, _midnight(day + timedelta(days=1), self.tz), index)
            entries = self.timed[index:end]
            index = end
            offset = (day - today).days
            name = day.strftime("%a %d %b")
            if offset == 0:
                name = f"Today · {name}"
            elif offset == 1:
                name = f"Tomorrow · {name}"
            elif offset < 0:
                name = f"{name} · overdue"
            title = f"{name} · {fmt.plural(len(entries))}"
            groups.append(Group(day.isoformat(), title, entries))
        return groups

    def next_hours(self, cells: int = 24) -> Timeline:
        """The next 24 hours from the start of this hour, in ``cells`` cells (24, 48, 72, 96:
        a cell is an hour, 30, 20 or 15 minutes); ticks every 3 hours."""
        start = self._floor_hour(self.now)
        step = DAY / cells
        per_hour = max(cells // 24, 1)
        ticks = tuple(
            (h * per_hour, (start + h * HOUR).astimezone(self.tz).strftime("%H"))
            for h in range(0, 24, 3)
        )
        return self._timeline("next 24 hours", start, step, cells, ticks)

    def next_days(self, cells: int = 56) -> Timeline:
        """The next 7 days from the start of today, in ``cells`` cells (56: 3 hours a cell, 84:
        2 hours, 168: 1 hour); a tick at each day's start."""
        local = self.now.astimezone(self.tz)
        start = local.replace(hour=0, minute=0, second=0, microsecond=0)
        step = 7 * DAY / cells
        per_day = cells // 7
        ticks = tuple((d * per_day, (start + d * DAY).strftime("%a %d")) for d in range(7))
        return self._timeline("next 7 days", start, step, cells, ticks)

    def _floor_hour(self, when: datetime) -> datetime:
        return when.astimezone(self.tz).replace(minute=0, second=0, microsecond=0)

    def _timeline(
        self,
        title: str,
        start: datetime,
        step: timedelta,
        cells: int,
        ticks: tuple[tuple[int, str], ...],
    ) -> Timeline:
        in_cluster = {mid for cluster in self.clusters for mid in cluster.message_ids}
        built = []
        for index in range(cells):
            begin = start + index * step
            entries = self.between(begin, begin + step)
            chats = Counter(e.chat_id for e in entries).most_common()
            ids = tuple(e.message_id for e in entries)
            built.append(Cell(begin, ids, tuple(chats), any(i in in_cluster for i in ids)))
        return Timeline(title, start, step, tuple(built), ticks)


def build_agenda(
    messages: Iterable[ScheduledMessage],
    *,
    now: datetime,
    tz: tzinfo | None,
    chat_label: Callable[[ScheduledMessage], str],
    previous: Agenda | None = None,
) -> Agenda:
    """The agenda of ``messages`` at ``now`` (see :class:`Agenda`); ``previous``, the agenda
    this one replaces, lends it the entries of messages that did not change."""
    return Agenda(messages, now=now, tz=tz, chat_label=chat_label, previous=previous)


def _midnight(day: date, tz: tzinfo | None) -> datetime:
    """The instant a local day starts (``tz`` None: the system's zone)."""
    start = datetime.combine(day, time())
    return start.replace(tzinfo=tz) if tz is not None else start.astimezone()


def _clusters(entries: Sequence[AgendaEntry]) -> tuple[Cluster, ...]:
    """Several messages due in one minute, and bursts of messages to one chat within an hour
    (from a message, every later one to that chat less than an hour after it)."""
    by_minute: dict[int, list[AgendaEntry]] = defaultdict(list)
    by_chat: dict[str | None, list[tuple[int, AgendaEntry]]] = defaultdict(list)
    for entry in entries:
        assert entry.due is not None
        due_s = int(entry.due.timestamp())
        by_minute[due_s // 60].append(entry)
        by_chat[entry.chat_id].append((due_s, entry))
    found = [
        Cluster(
            "minute",
            group[0].due.replace(second=0, microsecond=0),  # type: ignore[union-attr]
            len(group),
            tuple(dict.fromkeys(e.chat_id for e in group)),
            tuple(e.message_id for e in group),
        )
        for group in by_minute.values()
        if len(group) >= MINUTE_CLUSTER
    ]
    for chat_id, timed in by_chat.items():
        first = 0
        while first < len(timed):
            last = first
            while last + 1 < len(timed) and timed[last + 1][0] - timed[first][0] < 3600:
                last += 1
            burst = [e for _, e in timed[first : last + 1]]
            if len(burst) >= CHAT_BURST:
                ids = tuple(e.message_id for e in burst)
                start, end = burst[0].due, burst[-1].due
                assert start is not None
                found.append(Cluster("chat", start, len(burst), (chat_id,), ids, end))
                first = last + 1
            else:
                first += 1
    return tuple(sorted(found, key=lambda c: (c.start, c.kind, -c.count)))
