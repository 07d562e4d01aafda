"""Painting the queue table's cells: each rendering is kept by what the cell shows, not by row.

DataTable keys its cell renderings on a counter bumped by every change, so a delta or a filter
keystroke throws away every rendering and the visible rows go through Rich again (most of a
repaint's cost). The queue's cells show plain strings (dates, zones, chat names, previews),
many of them alike, so a rendering is kept by (text, style, width, highlight) and shared by every
row that shows the same; only the row/column meta (what a mouse click reads) is added per cell.
Mirrors ``DataTable._render_cell`` of Textual 8.2 for one-line, unfixed body cells; the queue
table tests and snapshots cover it.
"""

from __future__ import annotations

from collections.abc import Hashable

from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.renderables.styled import Styled
from textual.widgets import DataTable

from cliq_tui.ui.widgets.queue_rows import LazyCell

Lines = list[list[Segment]]

# A screen of rows times the columns, for a few cursor states and themes.
CACHED_RENDERINGS = 4096


class CellRenderings:
    """Renderings of the table's body cells, shared by content."""

    def __init__(self, table: DataTable[object]) -> None:
        self._table = table
        self._lines: LRUCache[Hashable, Lines] = LRUCache(CACHED_RENDERINGS)

    def clear(self) -> None:
        """Forget every rendering (the styles changed)."""
        self._lines.clear()

    def render(
        self,
        cell: object,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> Lines | None:
        """The cell's lines, as DataTable would draw them; None for a cell it must draw."""
        if isinstance(cell, str):
            # DataTable reads a string cell as markup.
            content: tuple[bool, str] = (True, cell)
        elif isinstance(cell, LazyCell):
            content = (False, cell.text())
        else:
            return None
        table = self._table
        css_foreground = table.cursor_foreground_priority == "css"
        css_background = table.cursor_background_priority == "css"
        key = (
            content,
            base_style,
            width,
            cursor,
            hover,
            table.show_cursor,
            table._show_hover_cursor,
            table.cell_padding,
            css_foreground,
            css_background,
            table._pseudo_class_state,
        )
        lines = self._lines.get(key)
        if lines is None:
            component_style, post_style = table._get_styles_to_render_cell(
                False,
                False,
                False,
                hover,
                cursor,
                table.show_cursor,
                table._show_hover_cursor,
                css_foreground,
                css_background,
            )
            markup, plain = content
            text = Text.from_markup(plain, end="") if markup else Text(plain, end="")
            text.no_wrap = True
            options = table.app.console_options.update_dimensions(width, 1).update(no_wrap=True)
            lines = table.app.console.render_lines(
                Styled(
                    Padding(text, (0, table.cell_padding)),
                    pre_style=base_style + component_style,
                    post_style=post_style,
                ),
                options,
            )
            self._lines[key] = lines
        # What a click on the cell reads (DataTable puts it in the base style).
        meta = Style.from_meta({"row": row_index, "column": column_index})
        return [
            [Segment(text, style + meta if style else meta, ctrl) for text, style, ctrl in line]
            for line in lines
        ]
