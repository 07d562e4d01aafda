"""The queue pane: pending messages sorted by due time, updated row by row, never rebuilt."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Iterable
from datetime import datetime, tzinfo

from rich.markup import escape
from rich.style import Style
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets._data_table import Row, RowKey
from textual.widgets.data_table import ColumnKey

from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.core import format as fmt
from cliq_tui.sync.types import Delta
from cliq_tui.ui.widgets.queue_paint import CellRenderings, Lines
from cliq_tui.ui.widgets.queue_rows import (
    LineOffsets,
    MarkCell,
    OrderedRows,
    PreviewCell,
    RelativeCell,
    RowPositions,
)

# The scope that shows messages whose chat is not yet known.
UNRESOLVED_SCOPE = "\0unresolved"

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
MIN_PREVIEW_WIDTH = 20
CHAT_WIDTH = dict((key, width) for key, _, width in COLUMNS)["chat"]


class QueueTable(DataTable[object]):
    """A DataTable of pending messages keyed by message id.

    Every change goes through one batch path that touches only the rows concerned and keeps the
    cursor on the same message; the public entry points are
    :meth:`apply_delta`, :meth:`set_filter`, :meth:`set_scope` and (for comparison)
    :meth:`rebuild`.
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="queue.down"),
        Binding("k", "cursor_up", "Up", show=False, id="queue.up"),
    ]

    class CurrentChanged(Message):
        """The message under the cursor changed (another one, or new content, or none)."""

        def __init__(self, message: ScheduledMessage | None) -> None:
            super().__init__()
            self.message = message

    class SelectionChanged(Message):
        """The multi-selection changed."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    def __init__(
        self,
        *,
        now: Callable[[], datetime],
        tz: tzinfo | None = None,
        chat_of: Callable[[str], Chat | None] = lambda _chat_id: None,
        id: str | None = None,
    ) -> None:
        # The row geometry below is read while DataTable initialises: order first.
        self._order: list[fmt.SortKey] = []
        self._shown: dict[str, fmt.SortKey] = {}
        self._row_keys: dict[str, RowKey] = {}
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._now = now
        self._tz = tz
        self._chat_of = chat_of
        self._messages: dict[str, ScheduledMessage] = {}
        self._haystacks: dict[str, str] = {}
        # Message ids by chat id (None: chat not known yet), kept as messages come and go.
        self._by_chat: dict[str | None, set[str]] = {}
        # Each message's row cells, kept while it is filtered out so showing it again is cheap.
        self._row_cache: dict[str, dict[ColumnKey, object]] = {}
        self._scope: str | None = None
        self._filter = ""
        self.selected: set[str] = set()
        self._last_current: ScheduledMessage | None = None
        self._last_current_id: str | None = None
        for key, label, width in COLUMNS:
            self.add_column(label, width=width, key=key)
        self._column_keys = [ColumnKey(key) for key, _, _ in COLUMNS]
        self._positions = RowPositions(self)
        # RowPositions stands in for the row index, typed as Textual's private TwoWayDict (a
        # name this code does not import), hence the one ignore here and in rebuild().
        self._row_locations = self._positions  # type: ignore[assignment]
        self._renderings = CellRenderings(self)

    # --- the DataTable's row geometry, read from the sorted order ------------------------
    # Positions and line offsets come from the sorted order: see cliq_tui.ui.widgets.queue_rows.

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> Lines:
        # Body cells come from renderings kept by content (see queue_paint), which survive the
        # changes that make DataTable draw every visible cell again.
        if row_index >= 0 and column_index >= 0:
            row_key = self._row_locations.get_key(row_index)
            cells = self._data.get(row_key) if row_key is not None else None
            if cells is not None and len(cells) == len(self._column_keys):
                cell = cells[self._column_keys[column_index]]
                lines = self._renderings.render(
                    cell, row_index, column_index, base_style, width, cursor, hover
                )
                if lines is not None:
                    return lines
        return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)

    def notify_style_update(self) -> None:
        """Styles changed (a theme, a pseudo-class): cell renderings are drawn anew."""
        self._renderings.clear()
        super().notify_style_update()

    @property
    def _y_offsets(self) -> LineOffsets:  # type: ignore[override]
        return LineOffsets(self)

    @property
    def ordered_rows(self) -> OrderedRows:  # type: ignore[override]
        """The rows in the order shown."""
        return OrderedRows(self)

    # --- what others read ----------------------------------------------------------------

    @property
    def scope(self) -> str | None:
        """The chat shown (None: all chats; :data:`UNRESOLVED_SCOPE`: chats not yet known)."""
        return self._scope

    @property
    def filter_text(self) -> str:
        """The filter typed by the user."""
        return self._filter

    @property
    def current(self) -> ScheduledMessage | None:
        """The message under the cursor."""
        key = self._cursor_key()
        return self._messages.get(key) if key is not None else None

    def visible_ids(self) -> list[str]:
        """Ids of the rows shown, top to bottom."""
        return [key[3] for key in self._order]

    def visible_messages(self) -> list[ScheduledMessage]:
        """The messages shown, top to bottom."""
        return [self._messages[key[3]] for key in self._order]

    def selected_messages(self) -> list[ScheduledMessage]:
        """The selected messages still pending, in queue order."""
        chosen = [self._messages[mid] for mid in self.selected if mid in self._messages]
        return sorted(chosen, key=fmt.sort_key)

    def counts_by_chat(self) -> dict[str | None, int]:
        """How many pending messages each chat has (None: chat not known yet)."""
        return {chat_id: len(ids) for chat_id, ids in self._by_chat.items() if ids}

    def message_map(self) -> dict[str, ScheduledMessage]:
        """Every pending message the table knows (shown or filtered out), by id."""
        return self._messages

    def message(self, message_id: str) -> ScheduledMessage | None:
        """A pending message known to the table (shown or not)."""
        return self._messages.get(message_id)

    def messages_in_chat(self, chat_id: str | None) -> list[ScheduledMessage]:
        """Every pending message of a chat (regardless of the filter), in queue order."""
        found = [self._messages[mid] for mid in self._by_chat.get(chat_id, ())]
        return sorted(found, key=fmt.sort_key)

    def _index(self, message: ScheduledMessage) -> None:
        old = self._messages.get(message.id)
        if old is not None:
            self._unindex(old)
        self._messages[message.id] = message
        self._by_chat.setdefault(fmt.message_chat_id(message), set()).add(message.id)

    def _unindex(self, message: ScheduledMessage) -> None:
        ids = self._by_chat.get(fmt.message_chat_id(message))
        if ids is not None:
            ids.discard(message.id)

    # --- updates -------------------------------------------------------------------------

    def rebuild(self, messages: Iterable[ScheduledMessage]) -> None:
        """Replace everything (first paint, and the benchmark's baseline)."""
        self._messages = {}
        self._by_chat = {}
        for message in messages:
            self._index(message)
        self._haystacks = {mid: self._haystack(m) for mid, m in self._messages.items()}
        self.selected &= self._messages.keys()
        self.clear()
        # clear() put a plain index back (typed as Textual's private TwoWayDict: see __init__).
        self._row_locations = self._positions  # type: ignore[assignment]
        self._shown.clear()
        self._order.clear()
        self._row_keys.clear()
        self._row_cache.clear()
        self._apply_rows((), [m for m in self._messages.values() if self._matches(m)])

    def apply_delta(self, delta: Delta) -> None:
        """Apply a delta to the rows it touches; idempotent, so a delta may arrive twice."""
        for message_id in delta.removed:
            gone = self._messages.pop(message_id, None)
            if gone is not None:
                self._unindex(gone)
            self._row_cache.pop(message_id, None)
            self._haystacks.pop(message_id, None)
            self.selected.discard(message_id)
        upserts = [*delta.added, *delta.changed]
        for message in upserts:
            self._index(message)
            self._haystacks[message.id] = self._haystack(message)
            self._row_cache.pop(message.id, None)
        if delta.chats:
            # A chat's name came in: rows of that chat show it and filter by it.
            chat_ids = {chat.chat_id for chat in delta.chats}
            touched = {m.id for m in upserts}
            in_chats = [self._messages[mid] for c in chat_ids for mid in self._by_chat.get(c, ())]
            for message in in_chats:
                if message.id not in touched:
                    self._haystacks[message.id] = self._haystack(message)
                    self._row_cache.pop(message.id, None)
                    upserts.append(message)
        remove = [mid for mid in delta.removed if mid in self._shown]
        show: list[ScheduledMessage] = []
        for message in upserts:
            if self._matches(message):
                show.append(message)
            elif message.id in self._shown:
                remove.append(message.id)
        self._apply_rows(remove, show)
        if delta.removed:
            self.post_message(self.SelectionChanged(len(self.selected)))

    def set_filter(self, text: str) -> None:
        """Show only messages whose preview, chat or trigger contains ``text`` (any case)."""
        text = text.strip().casefold()
        if text == self._filter:
            return
        narrowing = bool(self._filter) and self._filter in text
        self._filter = text
        # Narrowing only ever hides rows: check the shown ones instead of every message.
        candidates = (
            [self._messages[key[3]] for key in self._order]
            if narrowing
            else list(self._messages.values())
        )
        self._refilter(candidates)

    def set_scope(self, scope: str | None) -> None:
        """Show one chat (its id), every chat (None), or messages not yet mapped to a chat."""
        if scope == self._scope:
            return
        self._scope = scope
        self._refilter(list(self._messages.values()))

    def tick(self) -> None:
        """Redraw the relative "in 2h 10m" cells (they read the clock when drawn; no API call).

        Only the rows on screen are drawn again, and only when a time-based row is shown.
        """
        if self._order and self._order[0][0] == 0:
            self._touch(layout=False)

    def toggle_selected(self) -> None:
        """Select or unselect the message under the cursor."""
        key = self._cursor_key()
        if key is None:
            return
        if key in self.selected:
            self.selected.discard(key)
        else:
            self.selected.add(key)
        self._show_selection([key])

    def select_all_visible(self) -> None:
        """Select every row shown; when all are already selected, clear the selection."""
        shown = set(self._shown)
        if shown and shown <= self.selected:
            self.selected -= shown
        else:
            self.selected |= shown
        self._show_selection(shown)

    def clear_selection(self) -> None:
        """Unselect everything."""
        previous = self.selected & self._shown.keys()
        self.selected.clear()
        self._show_selection(previous)

    def move_to(self, message_id: str) -> bool:
        """Put the cursor on a message when it is shown."""
        if message_id not in self._shown:
            return False
        index = self._row_locations.get(self._row_keys[message_id])
        if index is not None:
            self.cursor_coordinate = Coordinate(index, 0)
        return True

    # --- internals -----------------------------------------------------------------------

    def _haystack(self, message: ScheduledMessage) -> str:
        chat_id = fmt.message_chat_id(message)
        chat = self._chat_of(chat_id) if chat_id else None
        chat_name = fmt.chat_label(chat, chat_id)
        return f"{message.preview}\n{chat_name}\n{fmt.trigger_label(message)}".casefold()

    def _matches(self, message: ScheduledMessage) -> bool:
        scope = self._scope
        if scope is not None:
            chat_id = fmt.message_chat_id(message)
            if scope == UNRESOLVED_SCOPE:
                if chat_id is not None:
                    return False
            elif chat_id != scope:
                return False
        return not self._filter or self._filter in self._haystacks[message.id]

    def _refilter(self, candidates: list[ScheduledMessage]) -> None:
        wanted = {m.id for m in candidates if self._matches(m)}
        checked = {m.id for m in candidates}
        remove = [mid for mid in self._shown if mid in checked and mid not in wanted]
        add = [self._messages[mid] for mid in wanted if mid not in self._shown]
        # The message under the cursor no longer matches: start from the top of the new view.
        self._apply_rows(remove, add, left_view_row=0)

    def _cells(self, message: ScheduledMessage) -> dict[ColumnKey, object]:
        cached = self._row_cache.get(message.id)
        if cached is not None:
            return cached
        chat_id = fmt.message_chat_id(message)
        chat = self._chat_of(chat_id) if chat_id else None
        values = [
            MarkCell(message.id, self.selected),
            fmt.local_when(message, self._tz),
            RelativeCell(message, self._now),
            escape(fmt.short_zone(message.timezone)),
            fmt.trigger_label(message),
            fmt.type_label(message),
            escape(fmt.one_line(fmt.chat_label(chat, chat_id), CHAT_WIDTH)),
            PreviewCell(message.preview or "(empty)", self.columns[ColumnKey("preview")]),
        ]
        cells = self._row_cache[message.id] = dict(zip(self._column_keys, values, strict=True))
        return cells

    def _cursor_key(self) -> str | None:
        if not self._order:
            return None
        row = min(max(self.cursor_row, 0), len(self._order) - 1)
        return self._order[row][3]

    def _apply_rows(
        self,
        remove: Iterable[str],
        show: Iterable[ScheduledMessage],
        *,
        left_view_row: int | None = None,
    ) -> None:
        """The one batch path: drop rows, add or rewrite rows, keep the cursor on its message.

        Row positions come from the sorted ``_order`` itself (see :class:`RowPositions`), so
        nothing is re-indexed: a change costs the rows it touches, not the table's size.
        """
        cursor_key = self._cursor_key()
        cursor_row = self.cursor_row
        order = self._order
        reindex = False
        fresh: list[fmt.SortKey] = []
        remove = [mid for mid in remove if mid in self._shown]
        if len(remove) > 64:
            # Many rows at once (a narrowed filter): one pass beats many deletions.
            gone = set(remove)
            order[:] = [key for key in order if key[3] not in gone]
        for message_id in remove:
            sort_key = self._shown.pop(message_id)
            if len(remove) <= 64:
                del order[bisect_left(order, sort_key)]
            gone_key = self._row_keys.pop(message_id)
            del self.rows[gone_key]
            del self._data[gone_key]
            reindex = True
        for message in show:
            sort_key = fmt.sort_key(message)
            old_key = self._shown.get(message.id)
            if old_key != sort_key:
                if old_key is not None:
                    del order[bisect_left(order, old_key)]
                fresh.append(sort_key)
                self._shown[message.id] = sort_key
                reindex = True
            row_key = self._row_keys.get(message.id)
            if row_key is None:
                row_key = self._row_keys[message.id] = RowKey(message.id)
                self.rows[row_key] = Row(row_key, 1)
            self._data[row_key] = self._cells(message)
        if len(fresh) > 64:
            # Many rows at once (a widened filter): one merge sort beats many insertions.
            order.extend(fresh)
            order.sort()
        else:
            for sort_key in fresh:
                insort(order, sort_key)
        self._touch(layout=reindex)
        self._restore_cursor(cursor_key, cursor_row if left_view_row is None else left_view_row)

    def _restore_cursor(self, cursor_key: str | None, fallback_row: int) -> None:
        if cursor_key is not None and cursor_key in self._shown:
            row = self._row_locations.get(self._row_keys[cursor_key])
        else:
            # The message left (a delta): stay at the same height, on the one that took its place.
            row = min(fallback_row, len(self._order) - 1)
        row = max(row or 0, 0)
        if row != self.cursor_row:
            self.cursor_coordinate = Coordinate(row, 0)
        self._report_current()

    def _report_current(self) -> None:
        current = self.current
        if current is not self._last_current:
            self._last_current = current
            self.post_message(self.CurrentChanged(current))

    def _show_selection(self, message_ids: Iterable[str]) -> None:
        # The mark cells read the selection when drawn: a redraw is all it takes.
        self._touch(layout=False)
        self.post_message(self.SelectionChanged(len(self.selected)))

    def _touch(self, *, layout: bool) -> None:
        """Tell the DataTable its rows changed (what its own add/remove methods do per row)."""
        self._update_count += 1
        if layout:
            self._require_update_dimensions = True
            self.check_idle()
        self.refresh(layout=layout)

    def on_resize(self) -> None:
        """Give the message preview the width the other columns leave."""
        padding = 2 * self.cell_padding
        others = sum(width + padding for key, _, width in COLUMNS if key != "preview")
        width = max(MIN_PREVIEW_WIDTH, self.scrollable_content_region.width - others - padding - 1)
        column = self.columns[ColumnKey("preview")]
        if column.width != width:
            column.width = width
            self._touch(layout=True)

    def watch_cursor_coordinate(self, old: Coordinate, value: Coordinate) -> None:
        """Report the message under the cursor whenever the cursor moves."""
        super().watch_cursor_coordinate(old, value)
        if self.is_mounted:
            self._report_current()
