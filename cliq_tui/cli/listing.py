"""How ``cliq-tui list`` shows the queue: the dashboard's order, chat names where known, and
times written so that ``reschedule --from-time`` reads them back exactly."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from rich.cells import cell_len

from cliq_tui.api.models import Chat, ScheduledMessage, dump_message
from cliq_tui.base.textsafe import cut_cells, pad_cells, visible
from cliq_tui.core.format import sort_key
from cliq_tui.core.timeparse import in_zone

__all__ = [
    "dump_listed",
    "format_table",
    "in_queue_order",
    "readable_time",
    "typed_trigger",
]


def readable_time(value: datetime) -> str:
    """ISO 8601 in this machine's zone with its offset, to the minute (to the second or the
    millisecond when the time has them): what ``--from-time`` reads back to the same instant.

    A time this machine's zone cannot show (year 10000 there) is written as sent.
    """
    local = in_zone(value, None) or value
    if local.microsecond:
        return local.isoformat(timespec="milliseconds")
    return local.isoformat(timespec="seconds" if local.second else "minutes")


def typed_trigger(message: ScheduledMessage) -> str:
    """ "time", or the trigger as ``--from-status`` takes it ("check-in")."""
    status = message.schedule_status
    return "time" if status is None else status.value.replace("_", "-")


def in_queue_order(messages: list[ScheduledMessage]) -> list[ScheduledMessage]:
    """The dashboard's order: due time first, then the status-based ones by trigger."""
    return sorted(messages, key=sort_key)


def chat_name(message: ScheduledMessage, chats: Mapping[str, Chat]) -> str | None:
    """The name of the message's chat when it is known."""
    chat = chats.get(message.chat_id) if message.chat_id else None
    return chat.name if chat is not None and chat.name else None


def dump_listed(message: ScheduledMessage, chats: Mapping[str, Chat]) -> dict[str, Any]:
    """A ``list --json`` item: the API's item as sent, ``chat_id`` where known, and
    ``chat_name`` (null when the chat's name is not known)."""
    data = dump_message(message)
    data["chat_name"] = chat_name(message, chats)
    return data


# The id columns are never cut (a script passes them to the next command); a chat's name or a
# message type never takes the preview's room.
_NAME_MAX = 24
_TYPE_MAX = 8
_HEADERS = ["WHEN", "TRIGGER", "TYPE", "CHAT", "CHAT_ID", "PREVIEW", "ID"]
_PREVIEW, _KEPT_WHOLE = 5, (4, 6)


def format_table(
    messages: list[ScheduledMessage],
    width: int | None = None,
    chats: Mapping[str, Chat] | None = None,
) -> str:
    """A readable table of ``messages`` as given: when, trigger, type, chat name, chat id,
    preview, id (the preview fills the width)."""
    if not messages:
        return "No pending scheduled messages."
    if width is None:
        # Piped output has no screen to fit: keep previews readable rather than 20 characters.
        width = shutil.get_terminal_size((120, 24)).columns if sys.stdout.isatty() else 200
    known = chats or {}
    rows = []
    for m in messages:
        when = readable_time(m.time) if m.time is not None else "-"
        cells = [
            when,
            typed_trigger(m),
            m.message.type,
            chat_name(m, known) or "-",
            m.chat_id or "?",
            m.preview,
            m.id,
        ]
        # Server text is shown, never obeyed: controls and escapes made visible, one line each.
        rows.append([visible(" ".join(str(c).split())) for c in cells])
    # Widths in terminal cells: CJK and emoji take two, zero-width characters none.
    widths = [max(cell_len(h), *(cell_len(r[i]) for r in rows)) for i, h in enumerate(_HEADERS)]
    widths[2] = min(widths[2], _TYPE_MAX)
    widths[3] = min(widths[3], _NAME_MAX)
    fixed = sum(w for i, w in enumerate(widths) if i != _PREVIEW) + 2 * (len(_HEADERS) - 1)
    widths[_PREVIEW] = max(20, min(widths[_PREVIEW], width - fixed))
    lines = []
    for row in [_HEADERS, *rows]:
        cells = []
        for i, cell in enumerate(row):
            text = cell if i in _KEPT_WHOLE else cut_cells(cell, widths[i])
            cells.append(pad_cells(text, widths[i]))
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
