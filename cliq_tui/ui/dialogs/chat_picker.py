"""A chat picker: type part of a name, the best matches come first (fzf / k9s style).

The create dialog uses it over every chat of the user, listed lazily by the sync engine's
:class:`~cliq_tui.sync.directory.ChatDirectory` while the picker is open (a search sees each
page as it arrives); the jump prompt (``:``) uses it over the chats of the chat pane. It
dismisses with the chosen chat's id, or None (Esc).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import ClassVar, Protocol

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from cliq_tui.base.textsafe import cut_cells, pad_cells
from cliq_tui.core.format import plural
from cliq_tui.core.fuzzy import FuzzyMatch
from cliq_tui.dashboard.chat_choice import ChatEntry, rank
from cliq_tui.sync.directory import DirectoryState
from cliq_tui.ui.dialogs.widgets import DIALOG_BREAKPOINTS, PlainText

# The most matches listed at once (the rest: type more to narrow them down).
SHOWN = 200
NAME_CELLS = 46
MATCHED = Style(bold=True, underline=True)
DIM = Style(dim=True)


class Directory(Protocol):
    """What the picker reads of the directory of every chat (the engine's ChatDirectory)."""

    @property
    def state(self) -> DirectoryState: ...

    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]: ...

    def load(self) -> Awaitable[DirectoryState]: ...


def entry_prompt(entry: ChatEntry, match: FuzzyMatch) -> Text:
    """One line of the picker: the name (matched letters underlined), kind and pending count."""
    name = cut_cells(entry.name, NAME_CELLS)
    text = Text(pad_cells(name, NAME_CELLS))
    for at in match.positions:
        if at < len(name):
            text.stylize(MATCHED, at, at + 1)
    text.append(" " + pad_cells(cut_cells(entry.kind, 8), 8), DIM)
    if entry.pending:
        text.append(f" {entry.pending:>3} pending")
    return text


class ChatPicker(ModalScreen[str | None]):
    """Choose a chat by typing part of its name; Enter picks the highlighted one, Esc cancels.

    ``entries`` gives the chats to offer (asked again whenever the directory has news), listed
    current chat first, then those with pending messages, then by recent activity (or, with
    ``keep_order``, as given); ``current`` is highlighted first; with a ``directory`` the rest
    of the user's chats are listed while the picker is open, and its note says why some may be
    missing.
    """

    CSS_PATH = "dialogs.tcss"
    VERTICAL_BREAKPOINTS = DIALOG_BREAKPOINTS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("pagedown", "move(10)", "Page down", show=False),
        Binding("pageup", "move(-10)", "Page up", show=False),
    ]

    def __init__(
        self,
        title: str,
        entries: Callable[[], list[ChatEntry]],
        *,
        current: str | None = None,
        directory: Directory | None = None,
        placeholder: str = "type part of a chat's name",
        keep_order: bool = False,
    ) -> None:
        super().__init__()
        self.title_text = title
        self._entries = entries
        self._current = current
        self._directory = directory
        self._placeholder = placeholder
        self._keep_order = keep_order
        self._stop: Callable[[], None] | None = None
        self._shown: list[str] = []
        self._query = ""
        self._total = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="picker-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(placeholder=self._placeholder, id="picker-query")
            yield OptionList(id="picker-list")
            yield PlainText("", id="picker-note", classes="field-note")
            yield PlainText("↑↓ move · Enter choose · Esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#picker-list", OptionList).can_focus = False
        self.query_one("#picker-query", Input).focus()
        directory = self._directory
        if directory is not None:
            self._stop = directory.subscribe(self._news)
            # On the app, not this screen: pages already paid for are kept even when the picker
            # closes before the listing ends. Once complete, load sends nothing (it only clears
            # an earlier note).
            self.app.run_worker(directory.load(), group="chat-directory", exit_on_error=False)
        self.show_matches()

    def on_unmount(self) -> None:
        if self._stop is not None:
            self._stop()
            self._stop = None

    # --- what is shown -------------------------------------------------------------------

    def _news(self) -> None:
        if self.is_attached:
            self.show_matches(keep=True)

    @property
    def shown(self) -> list[str]:
        """The chat ids listed, top to bottom."""
        return list(self._shown)

    @property
    def highlighted(self) -> str | None:
        """The id of the highlighted chat (None: nothing matches)."""
        index = self.query_one("#picker-list", OptionList).highlighted
        return self._shown[index] if index is not None and index < len(self._shown) else None

    def show_matches(self, *, keep: bool = False) -> None:
        """List the chats matching what is typed; ``keep`` keeps the highlighted chat."""
        entries = self._entries()
        self._total = len(entries)
        ranked = rank(entries, self._query, self._current, keep_order=self._keep_order)
        before = self.highlighted if keep else None
        if before is None and not self._query.strip():
            before = self._current
        listing = self.query_one("#picker-list", OptionList)
        self._shown = [entry.id for entry, _ in ranked[:SHOWN]]
        listing.set_options(
            Option(entry_prompt(entry, match), id=str(index))
            for index, (entry, match) in enumerate(ranked[:SHOWN])
        )
        if self._shown:
            wanted = before if before in self._shown else None
            listing.highlighted = self._shown.index(wanted) if wanted is not None else 0
        self._show_note(len(ranked))

    def _show_note(self, matching: int) -> None:
        parts = []
        if self._query.strip() and not matching:
            parts.append(f"No chat matches “{self._query.strip()}”.")
        elif self._query.strip():
            parts.append(f"{matching} of {plural(self._total, 'chat')} match.")
        else:
            parts.append(f"{plural(self._total, 'chat')}.")
        if matching > SHOWN:
            parts.append(f"First {SHOWN} shown: type to narrow.")
        if self._directory is not None and self._directory.state.note:
            parts.append(self._directory.state.note)
        self.query_one("#picker-note", PlainText).update(" ".join(parts))

    # --- what the keys do ----------------------------------------------------------------

    @on(Input.Changed, "#picker-query")
    def _typed(self, event: Input.Changed) -> None:
        self._query = event.value
        self.show_matches()

    def action_move(self, step: int) -> None:
        """Move the highlight (it stops at either end)."""
        listing = self.query_one("#picker-list", OptionList)
        if not self._shown:
            return
        at = listing.highlighted if listing.highlighted is not None else 0
        listing.highlighted = max(0, min(len(self._shown) - 1, at + step))

    @on(Input.Submitted, "#picker-query")
    def _submitted(self) -> None:
        chosen = self.highlighted
        if chosen is None:
            self.app.bell()
            return
        self.dismiss(chosen)

    @on(OptionList.OptionSelected, "#picker-list")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._shown[event.option_index])

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
