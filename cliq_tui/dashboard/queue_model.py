"""The queue as the dashboard shows it, without Textual: the UI's one copy of the pending messages,
the rows shown (sorted by due time or another column, scoped, filtered), the selection and the
cursor (a message id, so it stays on its message). Every change returns a :class:`QueueChange`
naming the rows it touched, so a view repaints only those; keeping the order sorted costs only
those rows (:mod:`.queue_order`). The sort's column and direction: :mod:`.queue_sort`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import cache

from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.core import format as fmt
from cliq_tui.dashboard.queue_change import QueueChange
from cliq_tui.dashboard.queue_order import OrderKey, RowOrder
from cliq_tui.dashboard.queue_sort import DUE_ORDER, QueueSort
from cliq_tui.sync.types import Delta

UNRESOLVED_SCOPE = "\0unresolved"  # the scope of the messages whose chat is not yet known


class QueueModel:
    """Pending messages by id, and the rows shown: sorted, scoped, filtered, with a cursor."""

    def __init__(
        self,
        chat_of: Callable[[str], Chat | None] = lambda _chat_id: None,
        *,
        sort: QueueSort = DUE_ORDER,
    ) -> None:
        self._chat_of = chat_of
        self._sort = sort
        self._messages: dict[str, ScheduledMessage] = {}
        # Message ids by chat id (None: chat not known yet), kept as messages come and go.
        self._by_chat: dict[str | None, set[str]] = {}
        # Each message's place in the order, worked out once per version of it (and per sort).
        self._keys: dict[str, OrderKey] = {}
        # Each message's due-order key (what every sort's ties fall back on), kept the same way.
        self._due: dict[str, fmt.SortKey] = {}
        # What the filter searches in: preview, chat name and trigger, folded.
        self._haystacks: dict[str, str] = {}
        # The rows shown, in order.
        self._rows = RowOrder()
        self._scope: str | None = None
        self._filter = ""
        self._selected: set[str] = set()
        self._cursor_id: str | None = None
        self._last_current: ScheduledMessage | None = None

    # --- what a view and the actions read ------------------------------------------------

    def __len__(self) -> int:
        """Every pending message (shown or not)."""
        return len(self._messages)

    @property
    def row_count(self) -> int:
        """How many rows are shown."""
        return len(self._rows)

    @property
    def scope(self) -> str | None:
        """The chat shown (None: all chats; :data:`UNRESOLVED_SCOPE`: chats not yet known)."""
        return self._scope

    @property
    def sort(self) -> QueueSort:
        """The column the rows are sorted by, and which way."""
        return self._sort

    @property
    def filter_text(self) -> str:
        """The filter, folded."""
        return self._filter

    @property
    def selected(self) -> frozenset[str]:
        """Ids of the selected messages (filtered out or not)."""
        return frozenset(self._selected)

    def is_selected(self, message_id: str) -> bool:
        """Whether the message is selected."""
        return message_id in self._selected

    @property
    def current(self) -> ScheduledMessage | None:
        """The message under the cursor (None when no row is shown)."""
        return self._messages.get(self._cursor_id) if self._cursor_id is not None else None

    @property
    def cursor_index(self) -> int:
        """The cursor's row (0 when no row is shown)."""
        index = self._rows.index_of(self._cursor_id) if self._cursor_id is not None else None
        return index if index is not None else 0

    def row(self, index: int) -> ScheduledMessage | None:
        """The message shown at row ``index``, if any."""
        if 0 <= index < len(self._rows):
            return self._messages[self._rows.id_at(index)]
        return None

    def index_of(self, message_id: str) -> int | None:
        """The row showing the message, or None when it is not shown."""
        return self._rows.index_of(message_id)

    def visible_ids(self) -> list[str]:
        """Ids of the rows shown, top to bottom."""
        return self._rows.ids()

    def visible_messages(self) -> list[ScheduledMessage]:
        """The messages shown, top to bottom (what an export writes)."""
        return [self._messages[mid] for mid in self._rows.ids()]

    def iter_rows(self, start: int, stop: int) -> Iterator[tuple[int, ScheduledMessage]]:
        """(row, message) for the rows shown from ``start`` up to ``stop``."""
        start = max(start, 0)
        for offset, message_id in enumerate(self._rows.ids(start, stop)):
            yield start + offset, self._messages[message_id]

    def selected_messages(self) -> list[ScheduledMessage]:
        """The selected messages still pending, in the order shown."""
        chosen = [self._messages[mid] for mid in self._selected if mid in self._messages]
        return sorted(chosen, key=lambda m: self._keys[m.id])

    def counts_by_chat(self) -> dict[str | None, int]:
        """How many pending messages each chat has (None: chat not known yet)."""
        return {chat_id: len(ids) for chat_id, ids in self._by_chat.items() if ids}

    def message_map(self) -> dict[str, ScheduledMessage]:
        """Every pending message (shown or filtered out), by id; do not change it."""
        return self._messages

    def message(self, message_id: str) -> ScheduledMessage | None:
        """A pending message (shown or not)."""
        return self._messages.get(message_id)

    def messages_in_chat(self, chat_id: str | None) -> list[ScheduledMessage]:
        """Every pending message of a chat (regardless of scope, filter and sort), in due
        order."""
        found = [self._messages[mid] for mid in self._by_chat.get(chat_id, ())]
        return sorted(found, key=lambda m: self._due[m.id])

    def chat_label(self, message: ScheduledMessage) -> str:
        """The name of the message's chat, as the table and the filter show it."""
        chat_id = fmt.message_chat_id(message)
        return fmt.chat_label(self._chat_of(chat_id) if chat_id else None, chat_id)

    def targets(self) -> list[ScheduledMessage]:
        """What a message action applies to: the selected messages, or else the current one."""
        current = self.current
        return self.selected_messages() or ([current] if current is not None else [])

    # --- changes -------------------------------------------------------------------------

    def rebuild(self, messages: Iterable[ScheduledMessage]) -> QueueChange:
        """Replace every message (the first paint, and the benchmark's baseline)."""
        before = set(self._rows.shown)
        cursor_row = self.cursor_index
        self._messages = {}
        self._by_chat = {}
        self._keys = {}
        self._due = {}
        for message in messages:
            self._index(message)
        self._haystacks = {mid: self._haystack(m) for mid, m in self._messages.items()}
        dropped = bool(self._selected - self._messages.keys())
        self._selected &= self._messages.keys()
        self._rows.reset(self._keys, self._matching(self._messages))
        after = set(self._rows.shown)
        return self._finish(
            QueueChange(
                inserted=frozenset(after - before),
                removed=frozenset(before - after),
                changed=frozenset(after & before),
                first_moved=0,
                selection_changed=dropped,
                counts_changed=True,
            ),
            self._cursor_id,
            cursor_row,
        )

    def apply_delta(self, delta: Delta) -> QueueChange:
        """Apply a delta to the messages and rows it touches; the same delta twice is harmless."""
        counts = False
        dropped = False
        for message_id in delta.removed:
            gone = self._messages.pop(message_id, None)
            if gone is not None:
                self._unindex(gone)
                del self._keys[message_id]
                del self._due[message_id]
                counts = True
            self._haystacks.pop(message_id, None)
            if message_id in self._selected:
                self._selected.discard(message_id)
                dropped = True
        upserts = [*delta.added, *delta.changed]
        for message in upserts:
            counts = self._index(message) or counts
            self._haystacks[message.id] = self._haystack(message)
        if delta.chats:
            # A chat's name came in: rows of that chat show it and filter by it.
            touched = {m.id for m in upserts}
            for chat in delta.chats:
                for message_id in self._by_chat.get(chat.chat_id, ()):
                    if message_id not in touched:
                        message = self._messages[message_id]
                        self._haystacks[message_id] = self._haystack(message)
                        # Sorted by chat: the row moves to the chat's name.
                        self._keys[message_id] = self._key(message, self._due[message_id])
                        upserts.append(message)
            counts = True
        remove = [mid for mid in delta.removed if mid in self._rows]
        show: list[str] = []
        for message in upserts:
            if self._matches(message):
                show.append(message.id)
            elif message.id in self._rows:
                remove.append(message.id)
        cursor_row = self.cursor_index
        change = replace(
            self._rows.apply(remove, show, self._keys),
            selection_changed=dropped,
            counts_changed=counts,
        )
        return self._finish(change, self._cursor_id, cursor_row)

    def set_filter(self, text: str) -> QueueChange:
        """Show only messages whose preview, chat or trigger contains ``text`` (any case)."""
        text = text.strip().casefold()
        if text == self._filter:
            return QueueChange()
        narrowing = bool(self._filter) and self._filter in text
        widening = text in self._filter
        self._filter = text
        if narrowing:
            # Narrowing only ever hides rows: check the shown ones, not every message.
            return self._refilter(list(self._rows.shown))
        if widening:
            # Widening only ever shows rows: check the hidden ones.
            shown = self._rows
            return self._refilter([mid for mid in self._messages if mid not in shown], hides=False)
        return self._refilter(list(self._messages))

    def set_scope(self, scope: str | None) -> QueueChange:
        """Show one chat (its id), every chat (None), or the messages not yet mapped to a chat."""
        if scope == self._scope:
            return QueueChange()
        self._scope = scope
        return self._refilter(list(self._messages))

    def set_sort(self, sort: QueueSort) -> QueueChange:
        """Sort the rows by another column, or the other way round; the cursor stays on its
        message, and the scope, filter and selection are as they were."""
        if sort == self._sort:
            return QueueChange()
        self._sort = sort
        key, due, names = sort.key, self._due, cache(self._chat_name)  # each chat looked up once
        self._keys = {mid: key(m, due[mid], names) for mid, m in self._messages.items()}
        self._rows.reset(self._keys, list(self._rows.shown))
        change = QueueChange(first_moved=0 if self._rows else None)
        return self._finish(change, self._cursor_id, 0)

    def move_cursor(self, index: int) -> QueueChange:
        """Put the cursor on row ``index`` (clamped to the rows shown)."""
        if not self._rows:
            return QueueChange()
        index = min(max(index, 0), len(self._rows) - 1)
        return self._finish(QueueChange(), self._rows.id_at(index), index)

    def move_to(self, message_id: str) -> bool:
        """Put the cursor on a message when it is shown."""
        if message_id not in self._rows:
            return False
        self._finish(QueueChange(), message_id, 0)
        return True

    def toggle_selected(self) -> QueueChange:
        """Select or unselect the message under the cursor."""
        if self._cursor_id is None:
            return QueueChange()
        self._selected ^= {self._cursor_id}
        return self._marked({self._cursor_id})

    def select_all_visible(self) -> QueueChange:
        """Select every row shown; when all are already selected, unselect them."""
        shown = set(self._rows.shown)
        if shown and shown <= self._selected:
            self._selected -= shown
        else:
            self._selected |= shown
        return self._marked(shown)

    def select_rows(self, base: frozenset[str], first: int, last: int) -> QueueChange:
        """Select ``base`` plus the rows ``first`` to ``last`` (either order): a range
        selection as the cursor moves."""
        low, high = sorted((first, last))
        wanted = set(base) | {m.id for _, m in self.iter_rows(max(low, 0), high + 1)}
        touched = wanted ^ self._selected
        self._selected = wanted
        return self._marked(touched)

    def clear_selection(self) -> QueueChange:
        """Unselect everything."""
        previous = self._selected & self._rows.shown.keys()
        self._selected.clear()
        return self._marked(previous)

    # --- internals -----------------------------------------------------------------------

    def _index(self, message: ScheduledMessage) -> bool:
        """Hold ``message``; True when its chat's count changed."""
        chat_id = fmt.message_chat_id(message)
        old = self._messages.get(message.id)
        moved = old is None or fmt.message_chat_id(old) != chat_id
        if old is not None:
            self._unindex(old)
        self._messages[message.id] = message
        due = self._due[message.id] = fmt.sort_key(message)
        self._keys[message.id] = self._key(message, due)
        self._by_chat.setdefault(chat_id, set()).add(message.id)
        return moved

    def _key(self, message: ScheduledMessage, due: fmt.SortKey) -> OrderKey:
        return self._sort.key(message, due, self._chat_name)

    def _chat_name(self, chat_id: str) -> str | None:
        chat = self._chat_of(chat_id)
        return chat.name if chat is not None and chat.name else None

    def _unindex(self, message: ScheduledMessage) -> None:
        ids = self._by_chat.get(fmt.message_chat_id(message))
        if ids is not None:
            ids.discard(message.id)

    def _haystack(self, message: ScheduledMessage) -> str:
        words = (message.preview, self.chat_label(message), fmt.trigger_label(message))
        return "\n".join(words).casefold()

    def _matching(self, message_ids: Iterable[str]) -> set[str]:
        """Those of the messages the scope and the filter let through."""
        scope, text, haystacks = self._scope, self._filter, self._haystacks
        if scope is not None:
            in_scope = self._by_chat.get(None if scope == UNRESOLVED_SCOPE else scope, set())
            message_ids = [mid for mid in message_ids if mid in in_scope]
        if text:
            return {mid for mid in message_ids if text in haystacks[mid]}
        return set(message_ids)

    def _matches(self, message: ScheduledMessage) -> bool:
        return message.id in self._matching((message.id,))

    def _refilter(self, message_ids: list[str], *, hides: bool = True) -> QueueChange:
        """Show or hide these messages by the scope and filter (``hides``: False when the
        change can only show rows)."""
        wanted = self._matching(message_ids)
        remove: list[str] = []
        if hides:
            shown = self._rows
            remove = [mid for mid in message_ids if mid in shown and mid not in wanted]
        add = [mid for mid in wanted if mid not in self._rows]
        cursor_id = self._cursor_id
        change = self._rows.apply(remove, add, self._keys)
        # The message under the cursor no longer matches: start from the top of the new view.
        return self._finish(change, cursor_id, 0)

    def _finish(self, change: QueueChange, cursor_id: str | None, fallback: int) -> QueueChange:
        """Keep the cursor on ``cursor_id`` when shown, else on row ``fallback`` (clamped), and
        say whether the message under it changed."""
        if cursor_id is None or cursor_id not in self._rows:
            index = min(fallback, len(self._rows) - 1)
            cursor_id = self._rows.id_at(max(index, 0)) if self._rows else None
        self._cursor_id = cursor_id
        current = self.current
        if current is self._last_current:
            return change
        self._last_current = current
        return replace(change, current_changed=True)

    def _marked(self, message_ids: set[str]) -> QueueChange:
        return QueueChange(
            changed=frozenset(message_ids & self._rows.shown.keys()), selection_changed=True
        )
