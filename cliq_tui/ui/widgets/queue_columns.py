"""The queue table's columns and the text of each line, kept per message until it changes.

Plain strings, no Rich: a line is one styled segment. Every cell is cut and padded to its
column's fixed width (the message preview takes what the others leave), so nothing is measured
when rows come and go. The selection mark and the relative due time are filled in when the line
is drawn: they change without the message changing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, tzinfo

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.base.textsafe import cut_cells, pad_cells
from cliq_tui.core import format as fmt

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
CHAT_WIDTH = WIDTHS["chat"]
MIN_PREVIEW_WIDTH = 20
# Blank cells either side of each cell's text.
PADDING = 1
SELECTED_MARK = "✓"
# The line's width without the preview's text.
FIXED_WIDTH = (
    sum(width + 2 * PADDING for key, _, width in COLUMNS if key != "preview") + 2 * PADDING
)


def cell(text: str, width: int) -> str:
    """``text`` cut (no ellipsis) and padded to ``width`` cells, with the padding around it."""
    pad = " " * PADDING
    return f"{pad}{pad_cells(cut_cells(text, width, ''), width)}{pad}"


def preview_width(content_width: int) -> int:
    """The preview's width in a table ``content_width`` cells wide (one cell spare on the right,
    as the queue has always had)."""
    return max(MIN_PREVIEW_WIDTH, content_width - FIXED_WIDTH - 1)


def header_line(preview: int) -> str:
    """The column titles."""
    widths = {**WIDTHS, "preview": preview}
    return "".join(cell(title, widths[key]) for key, title, _ in COLUMNS)


class RowLines:
    """Each row's line, built once per version of its message (and per preview width)."""

    def __init__(self, *, tz: tzinfo | None, chat_label: Callable[[ScheduledMessage], str]) -> None:
        self._tz = tz
        self._chat_label = chat_label
        self._preview = MIN_PREVIEW_WIDTH
        # Message id -> (the message drawn, its "When" cell, its cells after "Due").
        self._parts: dict[str, tuple[ScheduledMessage, str, str]] = {}

    @property
    def preview(self) -> int:
        """The preview column's width."""
        return self._preview

    @property
    def width(self) -> int:
        """A whole line's width in cells."""
        return FIXED_WIDTH + self._preview

    def set_preview(self, width: int) -> bool:
        """Give the preview another width; True when that changes the lines."""
        if width == self._preview:
            return False
        self._preview = width
        self._parts.clear()
        return True

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
        return f"{mark}{parts[1]}{cell(relative, WIDTHS['relative'])}{parts[2]}"

    def _build(self, message: ScheduledMessage) -> tuple[str, str]:
        when = cell(fmt.local_when(message, self._tz), WIDTHS["when"])
        rest = (
            cell(fmt.short_zone(message.timezone), WIDTHS["tz"])
            + cell(fmt.trigger_label(message), WIDTHS["trigger"])
            + cell(fmt.type_label(message), WIDTHS["type"])
            + cell(fmt.one_line(self._chat_label(message), CHAT_WIDTH), CHAT_WIDTH)
            + cell(fmt.one_line(message.preview or "(empty)", self._preview), self._preview)
        )
        return when, rest


def relative(message: ScheduledMessage, now: datetime) -> str:
    """The "Due" cell's text."""
    return fmt.relative_when(message, now)
