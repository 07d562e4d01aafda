"""How queue values are written on screen: times, triggers, types, chat labels (no Textual).

Every string from the server passes :func:`cliq_tui.base.textsafe.visible` here (or in the widget
that shows it whole), so no escape sequence in a chat name or text reaches the terminal.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from cliq_tui.api.models import Chat, ScheduledMessage, ScheduleStatus
from cliq_tui.base.textsafe import cut_cells, visible
from cliq_tui.core.timeparse import format_in_zone, format_relative

# Status-based messages sort after the time-based ones, grouped by trigger in this order.
TRIGGER_ORDER: dict[ScheduleStatus, int] = {status: i for i, status in enumerate(ScheduleStatus)}

SortKey = tuple[int, int, int, str]


def sort_key(message: ScheduledMessage) -> SortKey:
    """Due time first; status-based messages after, grouped by trigger, oldest created first."""
    due = message.due_epoch_ms
    if due is not None:
        return (0, due, 0, message.id)
    created = message.created_time
    created_ms = int(created.timestamp() * 1000) if created is not None else 0
    trigger = TRIGGER_ORDER.get(message.schedule_status, len(TRIGGER_ORDER))  # type: ignore[arg-type]
    return (1, trigger, created_ms, message.id)


def local_when(message: ScheduledMessage, tz: tzinfo | None) -> str:
    """The due time in the viewer's local time (``tz``), or "—" for status-based messages."""
    if message.time is None:
        return "—"
    return format_in_zone(message.time, tz, "%a %d %b %H:%M")


def relative_when(message: ScheduledMessage, now: datetime) -> str:
    """ "in 2h 10m" for time-based messages, "on trigger" for status-based ones."""
    if message.time is None:
        return "on trigger"
    return format_relative(message.time, now)


def trigger_label(message: ScheduledMessage) -> str:
    """ "time" or the status trigger in words ("on check-in")."""
    if message.schedule_status is not None:
        return message.schedule_status.label
    return "time"


def type_label(message: ScheduledMessage) -> str:
    """ "text" or "file"."""
    return "file" if message.is_file else "text"


def chat_label(chat: Chat | None, chat_id: str | None) -> str:
    """A chat's name for tables; says so when the chat is not known yet."""
    if chat is not None and chat.name:
        return visible(chat.name)
    if chat_id:
        return f"chat {visible(chat_id)}"
    return "? resolving chat"


def short_zone(name: str | None) -> str:
    """The city part of an IANA zone ("Asia/Kolkata" -> "Kolkata"), "—" when there is none."""
    if not name:
        return "—"
    return visible(name.rsplit("/", 1)[-1])


def one_line(text: str, width: int) -> str:
    """``text`` on one line (controls shown visibly), cut to ``width`` cells with an ellipsis."""
    return cut_cells(visible(" ".join(text.split())), width)


def full_time(value: datetime | None, tz: tzinfo | None) -> str:
    """A full date and time in the viewer's zone, with the zone's abbreviation."""
    if value is None:
        return "—"
    return format_in_zone(value, tz, "%a %d %b %Y %H:%M %Z")


def message_chat_id(message: ScheduledMessage) -> str | None:
    """The message's chat id when known (the engine sets ``chat_id``; items may carry it)."""
    return message.chat_id or message.known_chat_id


def countdown(seconds: float) -> str:
    """Seconds as "9:41" (or "1:02:03")."""
    seconds = max(0, int(seconds + 0.999))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def plural(count: int, noun: str = "message") -> str:
    """``1 message``, ``3 messages``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def quoted(text: str, width: int = 40) -> str:
    """The start of a text in quotes, on one line (a toast repeats no more than that)."""
    return f"“{one_line(text, width)}”" if text else "(empty)"
