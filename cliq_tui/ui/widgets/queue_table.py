"""The queue pane: the queue model's rows drawn line by line on Textual's public Line API.

A :class:`~textual.scroll_view.ScrollView` whose :meth:`QueueTable.render_line` reads the
model (:class:`~cliq_tui.dashboard.queue_model.QueueModel`): line 0 is the column titles, line
``1 + r`` the row ``r`` (scrolled). Each change of the model says which rows it touched, and only
those lines are drawn again; the compositor asks only for the lines on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, tzinfo
from typing import ClassVar

from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.dashboard.queue_change import QueueChange
from cliq_tui.dashboard.queue_model import UNRESOLVED_SCOPE, QueueModel
from cliq_tui.dashboard.queue_sort import QueueSort
from cliq_tui.sync.types import Delta
from cliq_tui.ui.widgets.line_view import LineView
from cliq_tui.ui.widgets.queue_columns import RowLines, relative

__all__ = ["UNRESOLVED_SCOPE", "QueueTable"]

HEADER_HEIGHT = 1


class QueueKeys(LineView):
    """The table's fixed keys beyond a list's (not remappable, so not in the help)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+home", "first", "First", show=False),
        Binding("ctrl+end", "last", "Last", show=False),
        Binding("left", "scroll_left", "Scroll left", show=False),
        Binding("right", "scroll_right", "Scroll right", show=False),
    ]


class QueueTable(QueueKeys, can_focus=True):
    """Pending messages sorted by due time (or another column), one line each, with a row cursor
    and a selection."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="queue.down"),
        Binding("k", "cursor_up", "Up", show=False, id="queue.up"),
        Binding("g", "first", "First message", show=False, id="queue.first"),
        Binding("G", "last", "Last message", show=False, id="queue.last"),
        Binding("ctrl+d", "half_page_down", "Half a page down", show=False, id="queue.half_down"),
        Binding("ctrl+u", "half_page_up", "Half a page up", show=False, id="queue.half_up"),
        Binding("v", "toggle_range", "Range select (v: stop)", show=False, id="queue.range"),
        Binding("enter", "screen.read_message", "Read the message", show=False, id="queue.read"),
    ]

    HEADER_LINES = HEADER_HEIGHT
    COMPONENT_CLASSES: ClassVar[set[str]] = {"queue-table--header"}

    DEFAULT_CSS = """
    QueueTable {
        & > .queue-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .queue-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        &:focus > .queue-table--header {
            background-tint: $foreground 5%;
        }
    }
    """

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
        model: QueueModel | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.model = model if model is not None else QueueModel(chat_of=chat_of)
        self._now = now
        # A range selection under way (v): where it started and what was selected before.
        # A range selection under way: the message it started on (not its row number, which
        # another message holds once a live change moves the rows) and what was selected before.
        self._range: tuple[str, frozenset[str]] | None = None
        self._lines = RowLines(tz=tz, chat_label=self.model.chat_label, sort=self.model.sort)
        # The "Due" text last drawn for each message on screen, so a tick redraws only changes.
        self._relative_drawn: dict[str, str] = {}

    # --- what others read (the model's answers) ------------------------------------------

    @property
    def scope(self) -> str | None:
        """The chat shown (None: all chats; :data:`UNRESOLVED_SCOPE`: chats not yet known)."""
        return self.model.scope

    @property
    def filter_text(self) -> str:
        """The filter typed by the user."""
        return self.model.filter_text

    @property
    def current(self) -> ScheduledMessage | None:
        """The message under the cursor."""
        return self.model.current

    @property
    def cursor_row(self) -> int:
        """The cursor's row."""
        return self.model.cursor_index

    @property
    def row_count(self) -> int:
        """How many rows are shown."""
        return self.model.row_count

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns shown, left to right ("sel", "when", "relative", ...)."""
        return self._lines.keys

    @property
    def selected(self) -> frozenset[str]:
        """Ids of the selected messages."""
        return self.model.selected

    def visible_ids(self) -> list[str]:
        """Ids of the rows shown, top to bottom."""
        return self.model.visible_ids()

    def visible_messages(self) -> list[ScheduledMessage]:
        """The messages shown, top to bottom."""
        return self.model.visible_messages()

    def selected_messages(self) -> list[ScheduledMessage]:
        """The selected messages still pending, in queue order."""
        return self.model.selected_messages()

    def counts_by_chat(self) -> dict[str | None, int]:
        """How many pending messages each chat has (None: chat not known yet)."""
        return self.model.counts_by_chat()

    def message_map(self) -> dict[str, ScheduledMessage]:
        """Every pending message (shown or filtered out), by id."""
        return self.model.message_map()

    def message(self, message_id: str) -> ScheduledMessage | None:
        """A pending message (shown or not)."""
        return self.model.message(message_id)

    def messages_in_chat(self, chat_id: str | None) -> list[ScheduledMessage]:
        """Every pending message of a chat (regardless of the filter), in queue order."""
        return self.model.messages_in_chat(chat_id)

    def row_text(self, index: int) -> str | None:
        """The text row ``index`` shows now (None: no such row)."""
        message = self.model.row(index)
        if message is None:
            return None
        return self._line(message)

    # --- changes: the model changes, then the lines it names are drawn again --------------

    def rebuild(self, messages: Iterable[ScheduledMessage]) -> None:
        """Replace everything (first paint, and the benchmark's baseline)."""
        self._lines.clear()
        self.show_change(self.model.rebuild(messages))

    def apply_delta(self, delta: Delta) -> None:
        """Apply a delta to the model and draw the rows it touched; the same delta twice is
        harmless."""
        self.show_change(self.model.apply_delta(delta))

    def set_filter(self, text: str) -> None:
        """Show only messages whose preview, chat or trigger contains ``text`` (any case)."""
        self.show_change(self.model.set_filter(text))

    def set_scope(self, scope: str | None) -> None:
        """Show one chat (its id), every chat (None), or messages not yet mapped to a chat."""
        self.show_change(self.model.set_scope(scope))

    def toggle_selected(self) -> None:
        """Select or unselect the message under the cursor."""
        self.show_change(self.model.toggle_selected())

    def select_all_visible(self) -> None:
        """Select every row shown; when all are already selected, clear the selection."""
        self.show_change(self.model.select_all_visible())

    def clear_selection(self) -> None:
        """Unselect everything."""
        self.show_change(self.model.clear_selection())

    def sort_by(self, sort: QueueSort) -> QueueSort:
        """Sort the rows by ``sort`` (its column is marked and kept at any width); the cursor
        stays on its message. Returns ``sort``."""
        # A range selection spans rows, which hold other messages now: it stops (rows stay).
        self.end_range()
        change = self.model.set_sort(sort)
        self._lines.sort_by(sort, self._content_width())
        self.refresh()  # the titles, and every row on screen
        self._resize_virtual()
        self.show_change(change)
        return sort

    def cycle_sort(self) -> QueueSort:
        """Sort by the next column (due, chat, zone, trigger, then due again), ascending."""
        return self.sort_by(self.model.sort.next_column())

    def reverse_sort(self) -> QueueSort:
        """Sort by the same column the other way round."""
        return self.sort_by(self.model.sort.reversed())

    def move_to(self, message_id: str) -> bool:
        """Put the cursor on a message when it is shown."""
        index = self.model.index_of(message_id)
        if index is None:
            return False
        self.move_cursor(index)
        return True

    def move_cursor(self, index: int) -> None:
        """Put the cursor on row ``index`` (clamped) and scroll it into view."""
        before = self.model.cursor_index
        change = self.model.move_cursor(index)
        self.redraw_rows((before, self.model.cursor_index))
        self.scroll_to_row(self.model.cursor_index)
        self._announce(change)
        if self._range is not None:  # a range selection follows the cursor
            start, base = self._range
            anchor = self.model.index_of(start)
            if anchor is None:  # the message it started on is gone or hidden: it stops
                self._range = None
                return
            self.show_change(self.model.select_rows(base, anchor, self.model.cursor_index))

    def show_change(self, change: QueueChange) -> None:
        """Draw again what a change of the model touched, and say what others need to know."""
        self._lines.forget(change.changed)
        if change.first_moved is not None:
            self._resize_virtual()
            self.redraw_from(change.first_moved)
        else:
            self.redraw_rows(self.model.index_of(mid) for mid in change.changed)
        if change.first_moved is not None or change.current_changed:
            self.redraw_rows((self.model.cursor_index,))
            self.scroll_to_row(self.model.cursor_index)
        self._announce(change)

    def tick(self) -> None:
        """Redraw the "Due" cells whose text changed with the clock (no API call)."""
        now = self._now()
        top, bottom = self.visible_rows()
        drawn = self._relative_drawn
        kept: dict[str, str] = {}
        for index, message in self.model.iter_rows(top, bottom):
            text = drawn.get(message.id)
            if text != relative(message, now):
                self.redraw_lines(HEADER_HEIGHT + index)
            if text is not None:
                kept[message.id] = text
        # Only the rows on screen are remembered.
        self._relative_drawn = kept

    @property
    def range_anchor(self) -> int | None:
        """Where a range selection (v) started, or None when none is under way."""
        return self.model.index_of(self._range[0]) if self._range is not None else None

    def action_toggle_range(self) -> None:
        """Start a range selection at the cursor (moving selects the rows between), or end it."""
        if self._range is not None:
            self._range = None
            return
        current = self.model.current
        if current is None:
            return
        self._range = (current.id, self.model.selected)
        row = self.cursor_row
        self.show_change(self.model.select_rows(self.model.selected, row, row))

    def end_range(self) -> None:
        """Stop the range selection (the rows stay selected)."""
        self._range = None

    def action_half_page_down(self) -> None:
        """Move the cursor half a page down (ctrl+d, as in less and vim)."""
        self.move_cursor(self.cursor_row + max(self.page_rows() // 2, 1))

    def action_half_page_up(self) -> None:
        """Move the cursor half a page up (ctrl+u)."""
        self.move_cursor(self.cursor_row - max(self.page_rows() // 2, 1))

    def on_resize(self) -> None:
        """Choose the columns that fit, and give the message preview the width they leave."""
        if self._lines.fit(self._content_width()):
            self.refresh()
        self._resize_virtual()

    # --- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the widget: the titles, or a row (scrolled)."""
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base, header = self.line_style(), self.line_style("queue-table--header")
        if y < HEADER_HEIGHT:
            strip = Strip([Segment(self._lines.header, header)])
            return strip.crop_extend(scroll_x, scroll_x + width, header)
        index = y - HEADER_HEIGHT + scroll_y
        message = self.model.row(index)
        if message is None:
            return Strip.blank(width, base)
        style = self.row_style(index)
        strip = Strip([Segment(self._line(message), style)], self._lines.width)
        # The row's style runs to the right edge, as the header's does.
        return strip.crop_extend(scroll_x, scroll_x + width, style)

    def _line(self, message: ScheduledMessage) -> str:
        due = relative(message, self._now())
        self._relative_drawn[message.id] = due
        return self._lines.line(message, selected=self.model.is_selected(message.id), relative=due)

    # --- internals ------------------------------------------------------------------------

    def _announce(self, change: QueueChange) -> None:
        if change.current_changed:
            self.post_message(self.CurrentChanged(self.model.current))
        if change.selection_changed:
            self.post_message(self.SelectionChanged(len(self.model.selected)))

    def _content_width(self) -> int:
        width = self.scrollable_content_region.width
        if not self.show_vertical_scrollbar:  # keep room for it: rows come and go
            width -= self.styles.scrollbar_size_vertical
        return width

    def _resize_virtual(self) -> None:
        size = Size(self._lines.width, HEADER_HEIGHT + self.model.row_count)
        if size != self.virtual_size:
            self.virtual_size = size
