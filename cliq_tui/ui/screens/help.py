"""The help screen: every binding with the keys it has now (after the config's keymap)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from cliq_tui.ui.keymap import binding_groups, describe

if TYPE_CHECKING:
    from cliq_tui.ui.app import CliqApp

INTRO = (
    "cliq-tui lists every pending scheduled message across your chats and keeps the queue live. "
    'Disabled keys say why when pressed. Remap any key in the config: [ui.keymap] id = "keys".'
)


class HelpScreen(ModalScreen[None]):
    """Lists every binding and its current keys; any of esc, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    app: CliqApp  # type: ignore[assignment]

    def compose(self) -> ComposeResult:
        """A table of bindings under a heading for where they work: keys, what they do, and
        their id for the keymap (three columns, so an 80-column terminal needs no wrapping)."""
        table = Table(
            box=None, padding=(0, 2), pad_edge=False, show_edge=False, header_style="bold"
        )
        table.add_column("Keys", no_wrap=True)
        table.add_column("Action")
        table.add_column("Keymap id", style="dim", no_wrap=True)
        own = [b for b in self.BINDINGS if isinstance(b, Binding)]
        for where, bindings in [*binding_groups(), ("help", own)]:
            table.add_row()
            table.add_row(Text(where.capitalize(), style="bold underline"))
            for info in describe(bindings, self.app.keymap):
                table.add_row(Text(info.keys), Text(info.description), Text(info.id))
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "esc closes"
            yield Static(Text(INTRO), id="help-intro")
            yield Static(table, id="help-table")

    def action_close(self) -> None:
        """Back to the dashboard."""
        self.dismiss(None)
