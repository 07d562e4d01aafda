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
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from cliq_tui.api.models import Chat
from cliq_tui.base.textsafe import pad_cells, visible
from cliq_tui.core import format as fmt
from cliq_tui.dashboard.chat_choice import NAME_LIMIT, ChatEntry
from cliq_tui.dashboard.queue_model import UNRESOLVED_SCOPE
from cliq_tui.ui.widgets.line_view import LineView

ALL_CHATS_ID = "\0all"
NAME_WIDTH = 17
# The chat's kind is drawn dim.
DIM = Style(dim=True)


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


KIND_WIDTH = 7
# Narrower than this, a name leaves its chat's kind out (the name matters more).
NAME_MIN = 14


def name_width(content_width: int) -> tuple[int, bool]:
    """How wide a chat name is drawn in a pane ``content_width`` cells wide, and whether the
    kind is shown beside it (the count takes 4 cells, the resolving marker 2)."""
    if content_width <= 0:
        return NAME_WIDTH, True
    with_kind = min(NAME_WIDTH, content_width - 1 - KIND_WIDTH - 6)
    if with_kind >= NAME_MIN:
        return with_kind, True
    return max(min(NAME_WIDTH, content_width - 6), 4), False


def _prompt(
    key: str,
    name: str,
    kind: str,
    count: int,
    marker: str = "",
    fit: tuple[int, bool] = (NAME_WIDTH, True),
) -> ChatLine:
    width, with_kind = fit
    label = pad_cells(fmt.one_line(name, width), width)
    tail = f"{count:>4}" + (f" {marker}" if marker else "")
    shown_kind = f" {pad_cells(fmt.one_line(kind, KIND_WIDTH), KIND_WIDTH)}" if with_kind else ""
    return ChatLine(key, label, shown_kind, tail)


class ChatList(LineView, can_focus=True):
    """Chats with pending messages: name, type, count, and "…" while a chat is being resolved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="chats.down"),
        Binding("k", "cursor_up", "Up", show=False, id="chats.up"),
    ]

    DEFAULT_CSS = """
    ChatList {
        padding: 0 1;
        overflow-x: hidden;
        & > .line-view--cursor {
            color: $foreground;
        }
        &:focus > .line-view--cursor {
            color: $block-cursor-foreground;
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
        # The name's width and whether the kind is shown, for the pane's width.
        self._fit: tuple[int, bool] = (NAME_WIDTH, True)

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
    def row_count(self) -> int:
        """How many lines there are ("All chats" included)."""
        return len(self._shown)

    @property
    def cursor_row(self) -> int:
        """The highlighted line."""
        return self._highlighted

    def move_cursor(self, index: int) -> None:
        """Highlight line ``index`` (clamped): its chat becomes the scope."""
        self._highlight(index)

    @property
    def scope(self) -> str | None:
        """The highlighted chat's id (None for "All chats")."""
        key = self._shown[self._highlighted][0] if self._shown else ALL_CHATS_ID
        return None if key == ALL_CHATS_ID else key

    def entries(self) -> list[ChatEntry]:
        """The lines as a picker offers them (full names, made terminal-safe), top to bottom."""
        entries = []
        for key, line in self._shown:
            name, kind, count, _ = self._facts.get(key, (line.name.strip(), "", 0, False))
            entries.append(ChatEntry(key, fmt.one_line(name, NAME_LIMIT), visible(kind), count))
        return entries

    def show_chat(self, chat_id: str) -> bool:
        """Highlight the line of ``chat_id`` (its chat becomes the scope); False if not listed."""
        keys = [key for key, _ in self._shown]
        if chat_id not in keys:
            return False
        self._highlight(keys.index(chat_id))
        return True

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
                prompts[key] = self._line(key, facts[key])
            wanted.append((key, prompts[key]))
        self._facts = facts
        self._apply(wanted)

    def _apply(self, wanted: list[tuple[str, ChatLine]]) -> None:
        before = self.scope
        if [key for key, _ in wanted] == [key for key, _ in self._shown]:
            # Same chats in the same order: redraw only the lines that changed.
            for y, ((_, line), (_, old)) in enumerate(zip(wanted, self._shown, strict=True)):
                if line != old:
                    self.redraw_rows((y,))
            self._shown = wanted
            return
        ids = [key for key, _ in wanted]
        highlighted = self._shown[self._highlighted][0]
        self._shown = wanted
        self.virtual_size = Size(self.scrollable_content_region.width, len(wanted))
        # The highlighted chat keeps the highlight; a chat that left falls back to "All".
        self._highlighted = ids.index(highlighted) if highlighted in ids else 0
        self.refresh()
        self.scroll_to_row(self._highlighted)
        if self.scope != before:
            self.post_message(self.ScopeChosen(self.scope))

    def on_resize(self) -> None:
        """The lines fill the new width; names are cut to fit it."""
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._shown))
        fit = name_width(self.scrollable_content_region.width)
        if fit != self._fit:
            self._fit = fit
            facts = {ALL_CHATS_ID: ("All chats", "", 0, False), **self._facts}
            self._shown = [
                (key, self._line(key, facts[key])) if key in facts else (key, line)
                for key, line in self._shown
            ]
            self.refresh()

    def _line(self, key: str, facts: tuple[str, str, int, bool]) -> ChatLine:
        name, kind, count, resolving = facts
        return _prompt(key, name, kind, count, "…" if resolving else "", self._fit)

    # --- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the widget (scrolled)."""
        width = self.scrollable_content_region.width
        base = self.line_style()
        index = y + round(self.scroll_offset.y)
        if not 0 <= index < len(self._shown):
            return Strip.blank(width, base)
        line = self._shown[index][1]
        style = self.row_style(index)
        segments = [
            Segment(line.name, style),
            Segment(line.kind, style + DIM),
            Segment(line.count, style),
        ]
        return Strip(segments).crop_extend(0, width, style)

    # --- internals ------------------------------------------------------------------------

    def _highlight(self, index: int) -> None:
        index = min(max(index, 0), len(self._shown) - 1)
        if index == self._highlighted:
            return
        before, self._highlighted = self._highlighted, index
        self.redraw_rows((before, index))
        self.scroll_to_row(index)
        self.post_message(self.ScopeChosen(self.scope))
