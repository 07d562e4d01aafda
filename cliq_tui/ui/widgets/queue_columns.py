"""The queue table's columns and the text of each line, kept per message until it changes.

Plain strings, no Rich: a line is one styled segment. Every cell is cut and padded to its
column's fixed width (the message preview takes what the others leave), so nothing is measured
when rows come and go. The selection mark and the relative due time are filled in when the line
is drawn: they change without the message changing. A narrow table drops columns in the order of
:data:`DROP_ORDER` so the message preview keeps a readable width, but never the column the queue
is sorted by (its title carries ▲ or ▼).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, tzinfo

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.base.textsafe import cut_cells, pad_cells
from cliq_tui.core import format as fmt
from cliq_tui.dashboard.queue_sort import DUE_ORDER, QueueSort

# (key, header, width): fixed widths, so adding rows never measures cells; the message preview
# (last) takes whatever width is left.
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("sel", " ", 1),
    ("when", "When", 16),
    ("relative", "Due", 10),
    ("tz", "Zone", 12),
    ("trigger", "Trigger", 16),
    ("type", "Type", 4),
    ("chat", "Chat", 18),
    ("preview", "Message", 40),
)
WIDTHS = {key: width for key, _, width in COLUMNS}
ALL_KEYS = tuple(key for key, _, _ in COLUMNS)
CHAT_WIDTH = WIDTHS["chat"]
MIN_PREVIEW_WIDTH = 20
# The preview's least width when the sorted column stays where the width would have dropped it:
# the preview gives up cells rather than the line growing wider than the table.
KEPT_PREVIEW_WIDTH = 12
# Columns a narrow table gives up, least useful first, while the preview is narrower than this.
# The selection mark, "When", the chat and the preview always stay.
DROP_ORDER = ("type", "trigger", "tz", "relative")
READABLE_PREVIEW_WIDTH = 24
# Blank cells either side of each cell's text.
PADDING = 1
SELECTED_MARK = "✓"
# The column that shows each sort's values (the due sort: the due time, "When").
SORTED_COLUMN = {"due": "when", "chat": "chat", "zone": "tz", "trigger": "trigger"}


def fixed_width(keys: tuple[str, ...] = ALL_KEYS) -> int:
    """The line's width without the preview's text, with the columns ``keys``."""
    return sum(WIDTHS[key] + 2 * PADDING for key in keys if key != "preview") + 2 * PADDING


# The line's width without the preview's text, every column shown.


def cell(text: str, width: int) -> str:
    """``text`` cut (no ellipsis) and padded to ``width`` cells, with the padding around it."""
    pad = " " * PADDING
    return f"{pad}{pad_cells(cut_cells(text, width, ''), width)}{pad}"


def preview_width(
    content_width: int, keys: tuple[str, ...] = ALL_KEYS, least: int = MIN_PREVIEW_WIDTH
) -> int:
    """The preview's width in a table ``content_width`` cells wide (one cell spare on the right,
    as the queue has always had), at least ``least``."""
    return max(least, content_width - fixed_width(keys) - 1)


def choose_columns(content_width: int, keep: str | None = None) -> tuple[str, ...]:
    """The columns a table ``content_width`` cells wide shows: every one when the preview keeps
    a readable width, else without the first of :data:`DROP_ORDER`, and so on (``keep``: a
    column never dropped, the one sorted by)."""
    keys = ALL_KEYS
    for dropped in DROP_ORDER:
        if content_width - fixed_width(keys) - 1 >= READABLE_PREVIEW_WIDTH:
            break
        if dropped != keep:
            keys = tuple(key for key in keys if key != dropped)
    return keys


def header_line(
    preview: int, keys: tuple[str, ...] = ALL_KEYS, sort: QueueSort | None = None
) -> str:
    """The column titles; the one sorted by with ▲ or ▼."""
    widths = {**WIDTHS, "preview": preview}
    marked = SORTED_COLUMN[sort.column] if sort is not None else None
    return "".join(
        cell(f"{title} {sort.mark}" if key == marked and sort else title, widths[key])
        for key, title, _ in COLUMNS
        if key in keys
    )


class RowLines:
    """Each row's line, built once per version of its message (and per preview width)."""

    def __init__(
        self,
        *,
        tz: tzinfo | None,
        chat_label: Callable[[ScheduledMessage], str],
        sort: QueueSort = DUE_ORDER,
    ) -> None:
        self._tz = tz
        self._chat_label = chat_label
        self._preview = MIN_PREVIEW_WIDTH
        self._keys = ALL_KEYS
        self._sort = sort
        # Message id -> (the message drawn, its "When" cell, its cells after "Due").
        self._parts: dict[str, tuple[ScheduledMessage, str, str]] = {}

    @property
    def preview(self) -> int:
        """The preview column's width."""
        return self._preview

    @property
    def keys(self) -> tuple[str, ...]:
        """The columns shown, left to right."""
        return self._keys

    @property
    def header(self) -> str:
        """The column titles."""
        return header_line(self._preview, self._keys, self._sort)

    @property
    def width(self) -> int:
        """A whole line's width in cells."""
        return fixed_width(self._keys) + self._preview

    def set_preview(self, width: int, keys: tuple[str, ...] | None = None) -> bool:
        """Give the preview another width (and show the columns ``keys``); True when that
        changes the lines."""
        keys = self._keys if keys is None else keys
        if width == self._preview and keys == self._keys:
            return False
        self._preview = width
        self._keys = keys
        self._parts.clear()
        return True

    def fit(self, content_width: int) -> bool:
        """Choose the columns and the preview's width for a table ``content_width`` cells wide;
        True when that changes the lines."""
        keys = choose_columns(content_width, SORTED_COLUMN[self._sort.column])
        kept = keys != choose_columns(content_width)
        least = KEPT_PREVIEW_WIDTH if kept else MIN_PREVIEW_WIDTH
        return self.set_preview(preview_width(content_width, keys, least), keys)

    def sort_by(self, sort: QueueSort, content_width: int) -> None:
        """Mark the column ``sort`` sorts by, and keep it in a narrow table."""
        self._sort = sort
        self.fit(content_width)

    def forget(self, message_ids: Iterable[str]) -> None:
        """Build these rows' lines again when next drawn (their chat's name changed, say)."""
        for message_id in message_ids:
            self._parts.pop(message_id, None)

    def clear(self) -> None:
        """Build every line again when next drawn."""
        self._parts.clear()

    def line(self, message: ScheduledMessage, *, selected: bool, relative: str) -> str:
        """The row's line: mark, due time, relative time and the rest."""
        parts = self._parts.get(message.id)
        if parts is None or parts[0] is not message:
            parts = self._parts[message.id] = (message, *self._build(message))
        mark = cell(SELECTED_MARK if selected else " ", WIDTHS["sel"])
        due = cell(relative, WIDTHS["relative"]) if "relative" in self._keys else ""
        return f"{mark}{parts[1]}{due}{parts[2]}"

    def _build(self, message: ScheduledMessage) -> tuple[str, str]:
        when = cell(fmt.local_when(message, self._tz), WIDTHS["when"])
        keys = self._keys
        rest = ""
        if "tz" in keys:
            rest += cell(fmt.short_zone(message.timezone), WIDTHS["tz"])
        if "trigger" in keys:
            rest += cell(fmt.trigger_label(message), WIDTHS["trigger"])
        if "type" in keys:
            rest += cell(fmt.type_label(message), WIDTHS["type"])
        rest += cell(fmt.one_line(self._chat_label(message), CHAT_WIDTH), CHAT_WIDTH)
        rest += cell(fmt.one_line(message.preview or "(empty)", self._preview), self._preview)
        return when, rest


def relative(message: ScheduledMessage, now: datetime) -> str:
    """The "Due" cell's text."""
    return fmt.relative_when(message, now)
