"""Export the visible queue as CSV or JSON (no Textual: the dashboard and tests share it).

JSON holds the API items as the client read them, each with its ``chat_id`` and its due time in
ISO 8601 (``due_at``). CSV holds the queue table's columns, then the id, the chat id and the
full text, so a spreadsheet sees what the user saw and can still tell messages apart; a file
outlives the screen, so its "When" is ISO 8601 with the year and the offset (in the viewer's
zone) and its "Zone" the IANA name ("Europe/London", not the table's short "London"). Every CSV
cell passes the same boundary as the screen (``textsafe.visible``: no control, escape or bidi
override reaches a terminal that shows the file; the full text keeps its line feeds and tabs),
and a cell that then starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading ``'`` so a spreadsheet shows it as text instead of running it as a formula (CSV
injection). JSON holds the items' values as read, with every control escaped
(``textsafe.dumps_json``).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

import platformdirs

from cliq_tui.api.models import ScheduledMessage, dump_message
from cliq_tui.api.validation import in_zone, is_timezone
from cliq_tui.base.textsafe import dumps_json, visible
from cliq_tui.core import format as fmt

__all__ = [
    "CSV_COLUMNS",
    "ExportFormat",
    "default_export_path",
    "render_csv",
    "render_json",
    "safe_cell",
    "write_export",
]

ExportFormat = Literal["csv", "json"]

CSV_COLUMNS = (
    "When",
    "Due",
    "Zone",
    "Trigger",
    "Type",
    "Chat",
    "Message",
    "id",
    "chat_id",
    "text",
)


# First characters that make a spreadsheet read a cell as a formula.
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object, *, newlines: bool = False) -> str:
    """The cell shown visibly (as on the screen), with a leading quote when a spreadsheet
    would read it as a formula."""
    text = visible(value, newlines=newlines)
    return "'" + text if text.startswith(_FORMULA_LEADS) else text


def export_folder() -> Path:
    """The user's downloads folder when it exists, else the home folder."""
    downloads = Path(platformdirs.user_downloads_dir())
    return downloads if downloads.is_dir() else Path.home()


def default_export_path(kind: ExportFormat, now: datetime, folder: Path | None = None) -> Path:
    """A fresh file name such as ``~/Downloads/cliq-queue-20260601-0900.csv``."""
    stamp = now.strftime("%Y%m%d-%H%M")
    return (folder or export_folder()) / f"cliq-queue-{stamp}.{kind}"


def iso_when(message: ScheduledMessage, tz: tzinfo | None = None) -> str:
    """The due time in ISO 8601 with its offset: in ``tz``, else in the message's own zone (as
    the UTC time when that zone is unknown or the time cannot be shown there); "" for a
    status-based message."""
    if message.time is None:
        return ""
    zone = tz if tz is not None else _zone(message.timezone)
    local = in_zone(message.time, zone) if zone is not None else None
    return (local or message.time).isoformat(timespec="seconds")


def _zone(name: str | None) -> tzinfo | None:
    if not name or not is_timezone(name):
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, OSError):
        return None


def render_json(messages: Sequence[ScheduledMessage]) -> str:
    """The API items, each with its chat id, as a JSON array."""
    items = []
    for message in messages:
        item = dump_message(message)
        item["chat_id"] = fmt.message_chat_id(message)
        item["due_at"] = iso_when(message) or None
        items.append(item)
    # C1 controls and bidi overrides escaped too, so `cat` of the file cannot drive a terminal.
    return dumps_json(items) + "\n"


def render_csv(
    messages: Sequence[ScheduledMessage],
    *,
    chat_name: Callable[[str | None], str],
    now: datetime,
    tz: tzinfo | None,
) -> str:
    """The table's columns, then id, chat_id and the full text; one row a message. "When" is
    ISO 8601 in ``tz`` and "Zone" the message's IANA zone name (both as a file needs them).

    Controls, escapes and bidi overrides are shown visibly as on the screen (``␛``); only the
    full text keeps its line feeds and tabs. Cells a spreadsheet would run as formulas
    (starting with =, +, -, @, tab or carriage return) are written with a leading single quote.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for message in messages:
        chat_id = fmt.message_chat_id(message)
        cells = [
            iso_when(message, tz),
            fmt.relative_when(message, now),
            message.timezone or "",
            fmt.trigger_label(message),
            fmt.type_label(message),
            chat_name(chat_id),
            message.preview,
            message.id,
            chat_id or "",
        ]
        row = [safe_cell(cell) for cell in cells]
        row.append(safe_cell(message.text, newlines=True))
        writer.writerow(row)
    return out.getvalue()


def write_export(path: Path, content: str, *, overwrite: bool = False) -> Path:
    """Write ``content`` to ``path`` (FileExistsError unless ``overwrite``); returns the path.

    The file is written beside the target and moved into place, so a failure never leaves half
    an export (or half of an older file).
    """
    path = path.expanduser()
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; give a file name")
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists")
    temporary = path.with_name(f".{path.name}.partial")
    # Like any file the user saves: the umask decides who may read it.
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
            file.write(content)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path.resolve()
