"""The queue table's rows as the DataTable reads them: cells drawn on demand (relative time,
selection mark, preview cut to the column) and the row geometry answered from the sorted order.

DataTable keeps a key<->index dict and a per-line offset list that it rebuilds in O(rows)
after every change. The queue's rows are one line each and already sorted, so positions are
looked up in that order instead (O(log n)), which keeps a delta's cost to the rows it touches.
These read DataTable's internal names (``_row_locations``, ``_y_offsets``, ``ordered_rows``):
checked against Textual 8.2 and covered by the queue table tests.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Protocol, overload

from rich.text import Text
from textual.widgets._data_table import Row, RowKey
from textual.widgets.data_table import Column

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.core import format as fmt

SELECTED_MARK = "✓"


class _Table(Protocol):
    """What the geometry needs from the queue table."""

    _order: list[fmt.SortKey]
    _shown: dict[str, fmt.SortKey]
    _row_keys: dict[str, RowKey]
    rows: dict[RowKey, Row]


class LazyCell:
    """A cell whose text is worked out when it is drawn (what it shows can change without a
    cell update); painting keys its rendering on :meth:`text`."""

    __slots__ = ()

    def text(self) -> str:
        """What the cell shows now (plain text, no markup)."""
        raise NotImplementedError

    def __rich__(self) -> Text:
        return Text(self.text(), end="")


class RelativeCell(LazyCell):
    """ "in 2h 10m", worked out when the cell is drawn: ticking costs no cell updates at all."""

    __slots__ = ("_message", "_now")

    def __init__(self, message: ScheduledMessage, now: Callable[[], datetime]) -> None:
        self._message = message
        self._now = now

    def text(self) -> str:
        """The due time relative to now."""
        return fmt.relative_when(self._message, self._now())


class PreviewCell(LazyCell):
    """The one-line preview, cut with an ellipsis to the column's width when drawn."""

    __slots__ = ("_column", "_text")

    def __init__(self, text: str, column: Column) -> None:
        self._text = text
        self._column = column

    def text(self) -> str:
        """The preview cut to the column's width."""
        return fmt.one_line(self._text, self._column.width)


class MarkCell(LazyCell):
    """The selection mark, read from the table's selection when drawn."""

    __slots__ = ("_message_id", "_selected")

    def __init__(self, message_id: str, selected: set[str]) -> None:
        self._message_id = message_id
        self._selected = selected

    def text(self) -> str:
        """The mark when the message is selected, else a space."""
        return SELECTED_MARK if self._message_id in self._selected else " "


class RowPositions:
    """Row key <-> row index for the DataTable, looked up in the sorted order (O(log n))."""

    __slots__ = ("_table",)

    def __init__(self, table: _Table) -> None:
        self._table = table

    def get(self, key: object) -> int | None:
        table = self._table
        # DataTable asks with a RowKey; its value is the message id the table is keyed by.
        message_id = key.value if isinstance(key, RowKey) else key
        sort_key = table._shown.get(message_id) if isinstance(message_id, str) else None
        return None if sort_key is None else bisect_left(table._order, sort_key)

    def get_key(self, index: int) -> RowKey | None:
        order = self._table._order
        if 0 <= index < len(order):
            return self._table._row_keys[order[index][3]]
        return None

    def __contains__(self, key: object) -> bool:
        return getattr(key, "value", key) in self._table._shown

    def __iter__(self) -> Iterator[RowKey]:
        row_keys = self._table._row_keys
        return (row_keys[sort_key[3]] for sort_key in self._table._order)

    def __len__(self) -> int:
        return len(self._table._order)


class LineOffsets:
    """(row key, line within the row) for each line: every row is one line high."""

    __slots__ = ("_table",)

    def __init__(self, table: _Table) -> None:
        self._table = table

    def __len__(self) -> int:
        return len(self._table._order)

    def __getitem__(self, y: int) -> tuple[RowKey, int]:
        return self._table._row_keys[self._table._order[y][3]], 0

    def clear(self) -> None:
        """Nothing to clear: the offsets are read from the order when asked."""


class OrderedRows(Sequence[Row]):
    """The rows in display order, without building the whole list."""

    __slots__ = ("_table",)

    def __init__(self, table: _Table) -> None:
        self._table = table

    def __len__(self) -> int:
        return len(self._table._order)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        table = self._table
        if isinstance(index, slice):
            return [table.rows[table._row_keys[k[3]]] for k in table._order[index]]
        return table.rows[table._row_keys[table._order[index][3]]]
