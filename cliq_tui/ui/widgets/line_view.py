"""What the queue table and the chat list share: one-line rows on Textual's public Line API.

A :class:`~textual.scroll_view.ScrollView` with a cursor row (moved by keys, clicks), a row
under the mouse, lines repainted one by one, and the line styles read once per style change.
A subclass says how many rows there are, where the cursor is and how to move it, and draws
each line in ``render_line``; ``HEADER_LINES`` lines at the top stay put (column titles).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.scroll_view import ScrollView


class LineView(ScrollView, inherit_bindings=False):
    """One-line rows with a cursor row; the navigation keys are fixed (not remappable, so not
    listed in the help beside a pane's own bindings)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]

    HEADER_LINES: ClassVar[int] = 0
    COMPONENT_CLASSES: ClassVar[set[str]] = {"line-view--cursor", "line-view--hover"}

    DEFAULT_CSS = """
    LineView {
        background: $surface;
        color: $foreground;
        & > .line-view--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .line-view--hover {
            background: $block-hover-background;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .line-view--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hover_row: int | None = None
        self._styles: dict[str, Style] = {}

    # --- what a subclass provides ---------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many rows there are."""
        raise NotImplementedError

    @property
    def cursor_row(self) -> int:
        """The cursor's row."""
        raise NotImplementedError

    def move_cursor(self, index: int) -> None:
        """Put the cursor on row ``index`` (clamped) and scroll it into view."""
        raise NotImplementedError

    # --- keys and the mouse ---------------------------------------------------------------

    def action_cursor_down(self) -> None:
        """Move the cursor one row down."""
        self.move_cursor(self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        """Move the cursor one row up."""
        self.move_cursor(self.cursor_row - 1)

    def action_page_down(self) -> None:
        """Move the cursor a page down."""
        self.move_cursor(self.cursor_row + self.page_rows())

    def action_page_up(self) -> None:
        """Move the cursor a page up."""
        self.move_cursor(self.cursor_row - self.page_rows())

    def action_first(self) -> None:
        """Move the cursor to the first row."""
        self.move_cursor(0)

    def action_last(self) -> None:
        """Move the cursor to the last row."""
        self.move_cursor(self.row_count - 1)

    def on_click(self, event: events.Click) -> None:
        """A click on a row puts the cursor on it."""
        index = self.row_at(event)
        if index is not None:
            self.move_cursor(index)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Mark the row under the mouse."""
        self._set_hover(self.row_at(event))

    def on_leave(self, _event: events.Leave) -> None:
        """No row is under the mouse any more."""
        self._set_hover(None)

    def notify_style_update(self) -> None:
        """Styles changed (a theme, focus): the lines are drawn with the new ones."""
        super().notify_style_update()
        self._styles = {}

    # --- for the subclass -----------------------------------------------------------------

    def line_style(self, component: str = "") -> Style:
        """The widget's style, or a component class's over it; read once per style change."""
        style = self._styles.get(component)
        if style is None:
            style = self.rich_style
            if component:
                style += self.get_component_rich_style(component)
            self._styles[component] = style
        return style

    def row_style(self, index: int) -> Style:
        """The style of row ``index``: the cursor's, the mouse's, or the widget's."""
        if index == self.cursor_row:
            return self.line_style("line-view--cursor")
        if index == self.hover_row:
            return self.line_style("line-view--hover")
        return self.line_style()

    def visible_rows(self) -> tuple[int, int]:
        """The first row on screen and the one after the last."""
        top = round(self.scroll_offset.y)
        return top, top + max(self.scrollable_content_region.height - self.HEADER_LINES, 0)

    def page_rows(self) -> int:
        """How many rows a page holds."""
        return max(self.scrollable_content_region.height - self.HEADER_LINES, 1)

    def row_at(self, event: events.MouseEvent) -> int | None:
        """The row under the mouse, if any."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < self.HEADER_LINES:
            return None
        index = offset.y - self.HEADER_LINES + round(self.scroll_offset.y)
        return index if index < self.row_count else None

    def redraw_rows(self, indexes: Iterable[int | None]) -> None:
        """Repaint these rows where they are on screen."""
        top, bottom = self.visible_rows()
        for index in indexes:
            if index is not None and top <= index < bottom:
                self.redraw_lines(self.HEADER_LINES + index)

    def redraw_from(self, index: int) -> None:
        """Repaint every row on screen from row ``index`` down."""
        top, bottom = self.visible_rows()
        first = max(index, top)
        if first < bottom:
            self.redraw_lines(self.HEADER_LINES + first, bottom - first)

    def redraw_lines(self, y: int, count: int = 1) -> None:
        """Repaint ``count`` lines from line ``y`` (scrolled), the content only: a line of the
        API's ``refresh_line`` spans the scrollbar too, which then paints again for nothing."""
        top = y - round(self.scroll_offset.y)
        self.refresh(Region(0, top, self.scrollable_content_region.width, count))

    def scroll_to_row(self, index: int) -> None:
        """Scroll just enough for row ``index`` to be on screen."""
        top, bottom = self.visible_rows()
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= bottom and bottom > top:
            self.scroll_to(y=index - (bottom - top) + 1, animate=False, immediate=True)

    def _set_hover(self, index: int | None) -> None:
        if index != self.hover_row:
            previous, self.hover_row = self.hover_row, index
            self.redraw_rows((previous, index))
