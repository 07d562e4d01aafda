"""The chat-list pane: "All chats" plus every chat with pending messages.

A :class:`~textual.scroll_view.ScrollView` drawing one line per chat (Textual's public Line
API): a count that changes redraws that chat's line only, whatever the number of chats.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cliq_tui.api.models import Chat
from cliq_tui.base.textsafe import pad_cells
from cliq_tui.core import format as fmt
from cliq_tui.dashboard.queue_model import UNRESOLVED_SCOPE

ALL_CHATS_ID = "\0all"
NAME_WIDTH = 17


@dataclass(frozen=True)
class ChatLine:
    """One line of the list: the chat's id (or :data:`ALL_CHATS_ID`, ``UNRESOLVED_SCOPE``) and
    what it says (name, then the kind, drawn dim, then the count and marker)."""

    id: str
    name: str
    kind: str
    count: str

    @property
    def text(self) -> str:
        """The line as plain text."""
        return f"{self.name}{self.kind}{self.count}"


def _prompt(key: str, name: str, kind: str, count: int, marker: str = "") -> ChatLine:
    label = pad_cells(fmt.one_line(name, NAME_WIDTH), NAME_WIDTH)
    tail = f"{count:>4}" + (f" {marker}" if marker else "")
    return ChatLine(key, label, f" {pad_cells(fmt.one_line(kind, 7), 7)}", tail)


class ChatKeys(ScrollView, inherit_bindings=False):
    """The list's fixed navigation keys (not remappable, so not listed in the help)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]


class ChatList(ChatKeys, can_focus=True):
    """Chats with pending messages: name, type, count, and "…" while a chat is being resolved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="chats.down"),
        Binding("k", "cursor_up", "Up", show=False, id="chats.up"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "chat-list--highlighted",
        "chat-list--hover",
    }

    DEFAULT_CSS = """
    ChatList {
        color: $foreground;
        background: $surface;
        padding: 0 1;
        overflow-x: hidden;
        & > .chat-list--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        & > .chat-list--hover {
            background: $block-hover-background;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .chat-list--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    class ScopeChosen(Message):
        """The user moved to a chat (None: all chats)."""

        def __init__(self, scope: str | None) -> None:
            super().__init__()
            self.scope = scope

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: list[tuple[str, ChatLine]] = [
            (ALL_CHATS_ID, _prompt(ALL_CHATS_ID, "All chats", "", 0))
        ]
        # What each shown line says (name, kind, count, resolving), to redraw only changes.
        self._facts: dict[str, tuple[str, str, int, bool]] = {}
        self._highlighted = 0
        self._hover: int | None = None
        self._styles: tuple[Style, Style, Style, Style] | None = None

    # --- what others read ----------------------------------------------------------------

    @property
    def options(self) -> list[ChatLine]:
        """The lines, top to bottom."""
        return [line for _, line in self._shown]

    @property
    def option_count(self) -> int:
        """How many lines there are ("All chats" included)."""
        return len(self._shown)

    def get_option_at_index(self, index: int) -> ChatLine:
        """The line at ``index``."""
        return self._shown[index][1]

    @property
    def highlighted(self) -> int:
        """The highlighted line."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int) -> None:
        self._highlight(index)

    @property
    def scope(self) -> str | None:
        """The highlighted chat's id (None for "All chats")."""
        key = self._shown[self._highlighted][0] if self._shown else ALL_CHATS_ID
        return None if key == ALL_CHATS_ID else key

    def show(self, counts: Mapping[str | None, int], chats: Mapping[str, Chat]) -> None:
        """Show these pending counts per chat id (None: messages whose chat is not known yet)."""
        facts: dict[str, tuple[str, str, int, bool]] = {
            ALL_CHATS_ID: ("All chats", "", sum(counts.values()), False)
        }
        for chat_id, count in counts.items():
            if chat_id is None or count == 0:
                continue
            chat = chats.get(chat_id)
            if chat is not None and chat.name:
                facts[chat_id] = (chat.name, chat.kind, count, False)
            else:
                facts[chat_id] = (fmt.chat_label(None, chat_id), "?", count, True)
        if counts.get(None):
            facts[UNRESOLVED_SCOPE] = ("Not yet mapped", "?", counts[None], True)
        if facts == self._facts:
            return
        if facts.keys() == self._facts.keys() and all(
            facts[key][0] == self._facts[key][0] for key in facts
        ):
            order = [key for key, _ in self._shown]  # same chats, same names: same order
        else:
            named = sorted(
                (name.casefold(), key)
                for key, (name, *_rest) in facts.items()
                if key not in (ALL_CHATS_ID, UNRESOLVED_SCOPE)
            )
            order = [ALL_CHATS_ID, *(key for _, key in named)]
            if UNRESOLVED_SCOPE in facts:
                order.append(UNRESOLVED_SCOPE)
        prompts = dict(self._shown)
        wanted: list[tuple[str, ChatLine]] = []
        for key in order:
            if facts[key] != self._facts.get(key) or key not in prompts:
                name, kind, count, resolving = facts[key]
                prompts[key] = _prompt(key, name, kind, count, "…" if resolving else "")
            wanted.append((key, prompts[key]))
        self._facts = facts
        self._apply(wanted)

    def _apply(self, wanted: list[tuple[str, ChatLine]]) -> None:
        before = self.scope
        if [key for key, _ in wanted] == [key for key, _ in self._shown]:
            # Same chats in the same order: redraw only the lines that changed.
            for y, ((_, line), (_, old)) in enumerate(zip(wanted, self._shown, strict=True)):
                if line != old:
                    self._redraw(y)
            self._shown = wanted
            return
        ids = [key for key, _ in wanted]
        highlighted = self._shown[self._highlighted][0]
        self._shown = wanted
        self.virtual_size = Size(self.scrollable_content_region.width, len(wanted))
        # The highlighted chat keeps the highlight; a chat that left falls back to "All".
        self._highlighted = ids.index(highlighted) if highlighted in ids else 0
        self.refresh()
        self._scroll_to_highlight()
        if self.scope != before:
            self.post_message(self.ScopeChosen(self.scope))

    # --- keys and the mouse ---------------------------------------------------------------

    def action_cursor_down(self) -> None:
        """Highlight the next chat."""
        self._highlight(self._highlighted + 1)

    def action_cursor_up(self) -> None:
        """Highlight the previous chat."""
        self._highlight(self._highlighted - 1)

    def action_page_down(self) -> None:
        """Highlight the chat a page down."""
        self._highlight(self._highlighted + max(self.scrollable_content_region.height, 1))

    def action_page_up(self) -> None:
        """Highlight the chat a page up."""
        self._highlight(self._highlighted - max(self.scrollable_content_region.height, 1))

    def action_first(self) -> None:
        """Highlight "All chats"."""
        self._highlight(0)

    def action_last(self) -> None:
        """Highlight the last line."""
        self._highlight(len(self._shown) - 1)

    def on_click(self, event: events.Click) -> None:
        """A click on a chat highlights it."""
        index = self._line_at(event)
        if index is not None:
            self._highlight(index)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Mark the chat under the mouse."""
        self._set_hover(self._line_at(event))

    def on_leave(self, _event: events.Leave) -> None:
        """No chat is under the mouse any more."""
        self._set_hover(None)

    def on_resize(self) -> None:
        """The lines fill the new width."""
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._shown))

    def notify_style_update(self) -> None:
        """Styles changed (a theme, focus): the lines are drawn with the new ones."""
        super().notify_style_update()
        self._styles = None

    # --- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the widget (scrolled)."""
        width = self.scrollable_content_region.width
        base, dim, highlighted, hover = self._line_styles()
        index = y + round(self.scroll_offset.y)
        if not 0 <= index < len(self._shown):
            return Strip.blank(width, base)
        line = self._shown[index][1]
        style = base
        if index == self._highlighted:
            style = highlighted
        elif index == self._hover:
            style = hover
        segments = [
            Segment(line.name, style),
            Segment(line.kind, style + dim),
            Segment(line.count, style),
        ]
        return Strip(segments).crop_extend(0, width, style)

    def _line_styles(self) -> tuple[Style, Style, Style, Style]:
        if self._styles is None:
            base = self.rich_style
            self._styles = (
                base,
                Style(dim=True),
                base + self.get_component_rich_style("chat-list--highlighted"),
                base + self.get_component_rich_style("chat-list--hover"),
            )
        return self._styles

    # --- internals ------------------------------------------------------------------------

    def _redraw(self, y: int, count: int = 1) -> None:
        """Repaint ``count`` lines from line ``y`` (scrolled), the content only: a line of the
        API's ``refresh_line`` spans the scrollbar too, which then paints again for nothing."""
        top = y - round(self.scroll_offset.y)
        self.refresh(Region(0, top, self.scrollable_content_region.width, count))

    def _highlight(self, index: int) -> None:
        index = min(max(index, 0), len(self._shown) - 1)
        if index == self._highlighted:
            return
        before, self._highlighted = self._highlighted, index
        self._redraw(before)
        self._redraw(index)
        self._scroll_to_highlight()
        self.post_message(self.ScopeChosen(self.scope))

    def _scroll_to_highlight(self) -> None:
        top = round(self.scroll_offset.y)
        height = max(self.scrollable_content_region.height, 1)
        if self._highlighted < top:
            self.scroll_to(y=self._highlighted, animate=False, immediate=True)
        elif self._highlighted >= top + height:
            self.scroll_to(y=self._highlighted - height + 1, animate=False, immediate=True)

    def _line_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        index = offset.y + round(self.scroll_offset.y)
        return index if index < len(self._shown) else None

    def _set_hover(self, index: int | None) -> None:
        if index != self._hover:
            previous, self._hover = self._hover, index
            for line in (previous, index):
                if line is not None:
                    self._redraw(line)
