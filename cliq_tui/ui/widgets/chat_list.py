"""The chat-list pane: "All chats" plus every chat with pending messages."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cliq_tui.api.models import Chat
from cliq_tui.base.textsafe import pad_cells
from cliq_tui.core import format as fmt
from cliq_tui.dashboard.queue_model import UNRESOLVED_SCOPE

ALL_CHATS_ID = "\0all"
NAME_WIDTH = 17


def _prompt(name: str, kind: str, count: int, marker: str = "") -> Text:
    label = pad_cells(fmt.one_line(name, NAME_WIDTH), NAME_WIDTH)
    text = Text(label)
    text.append(f" {pad_cells(fmt.one_line(kind, 7), 7)}", style="dim")
    text.append(f"{count:>4}")
    if marker:
        text.append(f" {marker}")
    return text


class ChatList(OptionList):
    """Chats with pending messages: name, type, count, and "…" while a chat is being resolved."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="chats.down"),
        Binding("k", "cursor_up", "Up", show=False, id="chats.up"),
    ]

    class ScopeChosen(Message):
        """The user moved to a chat (None: all chats)."""

        def __init__(self, scope: str | None) -> None:
            super().__init__()
            self.scope = scope

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Option(_prompt("All chats", "", 0), id=ALL_CHATS_ID), id=id)
        self._shown: list[tuple[str, Text]] = []
        # What each shown line says (name, kind, count, resolving), to redraw only changes.
        self._facts: dict[str, tuple[str, str, int, bool]] = {}

    @property
    def scope(self) -> str | None:
        """The highlighted chat's id (None for "All chats")."""
        option = self.highlighted_option
        if option is None or option.id in (None, ALL_CHATS_ID):
            return None
        return option.id

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
        wanted: list[tuple[str, Text]] = []
        for key in order:
            if facts[key] != self._facts.get(key) or key not in prompts:
                name, kind, count, resolving = facts[key]
                prompts[key] = _prompt(name, kind, count, "…" if resolving else "")
            wanted.append((key, prompts[key]))
        self._facts = facts
        self._apply(wanted)

    def _apply(self, wanted: list[tuple[str, Text]]) -> None:
        if [key for key, _ in wanted] == [key for key, _ in self._shown]:
            # Same chats in the same order: only rewrite the prompts that changed, and measure
            # the list once for all of them (replace_option_prompt measures it every time).
            changed = [
                (key, prompt)
                for (key, prompt), (_, old) in zip(wanted, self._shown, strict=True)
                if prompt != old
            ]
            rewritten = set()
            for key, prompt in changed:
                option = self.get_option(key)
                option._set_prompt(prompt)
                rewritten.add(id(option))
            if changed:
                # A delta changes a count or two: drop only those options' renderings (keyed
                # by option, style, padding) instead of drawing every line of the list again.
                cache = self._option_render_cache
                for cache_key in [k for k in list(cache.keys()) if id(k[0]) in rewritten]:
                    cache.discard(cache_key)
                self._line_cache.clear()
                self.refresh()
        else:
            highlighted = self.highlighted_option.id if self.highlighted_option else None
            self.set_options([Option(prompt, id=key) for key, prompt in wanted])
            ids = [key for key, _ in wanted]
            # The highlighted chat keeps the highlight; a chat that left falls back to "All".
            self.highlighted = ids.index(highlighted) if highlighted in ids else 0
        self._shown = wanted

    @on(OptionList.OptionHighlighted)
    def _chosen(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.ScopeChosen(self.scope))
