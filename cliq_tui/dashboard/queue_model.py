"""The queue as the dashboard shows it, without Textual: the UI's one copy of the pending messages,
the rows shown (sorted by due time, scoped, filtered), the selection and the cursor (a message
id, so it stays on its message). Every change returns a :class:`QueueChange` naming the rows it
touched, so a view repaints only those; keeping the order sorted costs only those rows (bisect).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.core import format as fmt
from cliq_tui.dashboard.queue_change import QueueChange, first_of
from cliq_tui.sync.types import Delta

UNRESOLVED_SCOPE = "\0unresolved"  # the scope of the messages whose chat is not yet known
# Above this many rows at once (a filter keystroke), one pass over the order beats row by row.
BULK = 64


class QueueModel:
    """Pending messages by id, and the rows shown: sorted, scoped, filtered, with a cursor."""

    def __init__(self, chat_of: Callable[[str], Chat | None] = lambda _chat_id: None) -> None:
        self._chat_of = chat_of
        self._messages: dict[str, ScheduledMessage] = {}
        # Message ids by chat id (None: chat not known yet), kept as messages come and go.
        self._by_chat: dict[str | None, set[str]] = {}
        # Each message's place in the order, worked out once per version of it.
        self._keys: dict[str, fmt.SortKey] = {}
        # What the filter searches in: preview, chat name and trigger, folded.
        self._haystacks: dict[str, str] = {}
        # The rows shown, in order, and each shown message's place in it.
        self._order: list[fmt.SortKey] = []
        self._shown: dict[str, fmt.SortKey] = {}
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
        return len(self._order)

    @property
    def scope(self) -> str | None:
        """The chat shown (None: all chats; :data:`UNRESOLVED_SCOPE`: chats not yet known)."""
        return self._scope

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
        key = self._shown.get(self._cursor_id) if self._cursor_id is not None else None
        return bisect_left(self._order, key) if key is not None else 0

    def row(self, index: int) -> ScheduledMessage | None:
        """The message shown at row ``index``, if any."""
        if 0 <= index < len(self._order):
            return self._messages[self._order[index][3]]
        return None

    def index_of(self, message_id: str) -> int | None:
        """The row showing the message, or None when it is not shown."""
        key = self._shown.get(message_id)
        return bisect_left(self._order, key) if key is not None else None

    def visible_ids(self) -> list[str]:
        """Ids of the rows shown, top to bottom."""
        return [key[3] for key in self._order]

    def visible_messages(self) -> list[ScheduledMessage]:
        """The messages shown, top to bottom (what an export writes)."""
        return [self._messages[key[3]] for key in self._order]

    def iter_rows(self, start: int, stop: int) -> Iterator[tuple[int, ScheduledMessage]]:
        """(row, message) for the rows shown from ``start`` up to ``stop``."""
        start = max(start, 0)
        for offset, key in enumerate(self._order[start:stop]):
            yield start + offset, self._messages[key[3]]

    def selected_messages(self) -> list[ScheduledMessage]:
        """The selected messages still pending, in queue order."""
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
        """Every pending message of a chat (regardless of scope and filter), in queue order."""
        found = [self._messages[mid] for mid in self._by_chat.get(chat_id, ())]
        return sorted(found, key=lambda m: self._keys[m.id])

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
        before = set(self._shown)
        cursor_row = self.cursor_index
        self._messages = {}
        self._by_chat = {}
        self._keys = {}
        for message in messages:
            self._index(message)
        self._haystacks = {mid: self._haystack(m) for mid, m in self._messages.items()}
        dropped = bool(self._selected - self._messages.keys())
        self._selected &= self._messages.keys()
        keys = self._keys
        self._shown = {mid: keys[mid] for mid in self._matching(self._messages)}
        self._order = sorted(self._shown.values())
        after = set(self._shown)
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
                        upserts.append(message)
            counts = True
        remove = [mid for mid in delta.removed if mid in self._shown]
        show: list[str] = []
        for message in upserts:
            if self._matches(message):
                show.append(message.id)
            elif message.id in self._shown:
                remove.append(message.id)
        cursor_row = self.cursor_index
        change = replace(
            self._apply_rows(remove, show), selection_changed=dropped, counts_changed=counts
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
            return self._refilter(list(self._shown))
        if widening:
            # Widening only ever shows rows: check the hidden ones.
            shown = self._shown
            return self._refilter([mid for mid in self._messages if mid not in shown], hides=False)
        return self._refilter(list(self._messages))

    def set_scope(self, scope: str | None) -> QueueChange:
        """Show one chat (its id), every chat (None), or the messages not yet mapped to a chat."""
        if scope == self._scope:
            return QueueChange()
        self._scope = scope
        return self._refilter(list(self._messages))

    def move_cursor(self, index: int) -> QueueChange:
        """Put the cursor on row ``index`` (clamped to the rows shown)."""
        if not self._order:
            return QueueChange()
        index = min(max(index, 0), len(self._order) - 1)
        return self._finish(QueueChange(), self._order[index][3], index)

    def move_to(self, message_id: str) -> bool:
        """Put the cursor on a message when it is shown."""
        if message_id not in self._shown:
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
        shown = set(self._shown)
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
        previous = self._selected & self._shown.keys()
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
        self._keys[message.id] = fmt.sort_key(message)
        self._by_chat.setdefault(chat_id, set()).add(message.id)
        return moved

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
            shown = self._shown
            remove = [mid for mid in message_ids if mid in shown and mid not in wanted]
        add = [mid for mid in wanted if mid not in self._shown]
        cursor_id = self._cursor_id
        change = self._apply_rows(remove, add)
        # The message under the cursor no longer matches: start from the top of the new view.
        return self._finish(change, cursor_id, 0)

    def _apply_rows(self, remove: Iterable[str], show: Iterable[str]) -> QueueChange:
        """The one batch path: drop rows, add or move rows (by id); say which rows changed."""
        order = self._order
        first: int | None = None
        remove = [mid for mid in remove if mid in self._shown]
        removed = frozenset(remove)
        if len(remove) > BULK:
            first = bisect_left(order, min(self._shown[mid] for mid in remove))
            order[:] = [key for key in order if key[3] not in removed]
        for message_id in remove:
            sort_key = self._shown.pop(message_id)
            if len(remove) <= BULK:
                index = bisect_left(order, sort_key)
                first = first_of(first, index)
                del order[index]
        inserted: list[str] = []
        changed: list[str] = []
        fresh: list[fmt.SortKey] = []
        shown, keys = self._shown, self._keys
        for message_id in show:
            sort_key = keys[message_id]
            old_key = shown.get(message_id)
            if old_key is None:
                # A new row (thousands at once when the filter widens: keep this path short).
                inserted.append(message_id)
                fresh.append(sort_key)
                shown[message_id] = sort_key
                continue
            changed.append(message_id)
            if old_key != sort_key:
                index = bisect_left(order, old_key)
                first = first_of(first, index)
                del order[index]
                fresh.append(sort_key)
                shown[message_id] = sort_key
        if len(fresh) > BULK:
            order.extend(fresh)
            order.sort()
            first = first_of(first, bisect_left(order, min(fresh)))
        else:
            for sort_key in fresh:
                index = bisect_left(order, sort_key)
                first = first_of(first, index)
                order.insert(index, sort_key)
        return QueueChange(
            inserted=frozenset(inserted),
            removed=removed,
            changed=frozenset(changed),
            first_moved=first,
        )

    def _finish(self, change: QueueChange, cursor_id: str | None, fallback: int) -> QueueChange:
        """Keep the cursor on ``cursor_id`` when shown, else on row ``fallback`` (clamped), and
        say whether the message under it changed."""
        if cursor_id is None or cursor_id not in self._shown:
            index = min(fallback, len(self._order) - 1)
            cursor_id = self._order[max(index, 0)][3] if self._order else None
        self._cursor_id = cursor_id
        current = self.current
        if current is self._last_current:
            return change
        self._last_current = current
        return replace(change, current_changed=True)

    def _marked(self, message_ids: set[str]) -> QueueChange:
        return QueueChange(
            changed=frozenset(message_ids & self._shown.keys()), selection_changed=True
        )
