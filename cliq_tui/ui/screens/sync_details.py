"""The sync details view (i): everything the status bar has no room for, ticking every second.

Read from the app's state (sync state, budgets snapshot, queue counts): it sends no request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from cliq_tui.dashboard.sync_details import (
    BUDGET_COLUMNS,
    BUDGET_LEGEND,
    SyncDetails,
    sync_details,
)
from cliq_tui.ui.keymap import SYNC_DETAILS_BINDINGS

if TYPE_CHECKING:
    from cliq_tui.ui.app import CliqApp


def _facts(title: str, rows: list[tuple[str, str]]) -> Table:
    table = Table(box=None, padding=(0, 1), show_header=False, show_edge=False, expand=True)
    table.add_column(style="bold", no_wrap=True, width=16)
    table.add_column(ratio=1, overflow="fold")
    table.title = title
    table.title_justify = "left"
    table.title_style = "bold underline"
    for name, value in rows:
        table.add_row(Text(name), Text(value))
    return table


def render_details(details: SyncDetails) -> RenderableType:
    """The view's body: sync, queue, budgets (locked rows bold, low ones marked), unreadable."""
    budgets = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    budgets.title = "Rate budgets (per user and minute)"
    budgets.title_justify = "left"
    budgets.title_style = "bold underline"
    for name in BUDGET_COLUMNS:
        budgets.add_column(name, no_wrap=True, justify="left")
    for row in details.budgets:
        cells = list(row.cells())
        if row.low:
            cells[2] += " (low)"
        budgets.add_row(*(Text(c) for c in cells), style="bold" if row.locked else "")
    parts: list[RenderableType] = [
        _facts("Sync", details.sync),
        Text(""),
        _facts("Queue", details.queue),
        Text(""),
        budgets,
        Text(BUDGET_LEGEND, style="dim"),
    ]
    if details.unreadable:
        parts += [Text(""), Text("Unreadable list items", style="bold underline")]
        parts += [Text(f"⚠ {line}") for line in details.unreadable]
    return Group(*parts)


class SyncDetailsScreen(ModalScreen[None]):
    """Sync state, role, cache, the cap, every endpoint's budget and lock; esc or q closes."""

    BINDINGS: ClassVar[list[BindingType]] = [*SYNC_DETAILS_BINDINGS]

    DEFAULT_CSS = """
    SyncDetailsScreen {
        align: center middle;
    }
    SyncDetailsScreen #details-body {
        width: 100;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    """

    app: CliqApp  # type: ignore[assignment]

    def compose(self) -> ComposeResult:
        """One scrollable panel (it fits 80x24 by scrolling)."""
        with VerticalScroll(id="details-body") as body:
            body.border_title = "Sync details"
            body.border_subtitle = "esc closes"
            yield Static(id="details")

    def on_mount(self) -> None:
        """Show the details now and tick the countdowns every second."""
        self.show_details()
        self.query_one("#details-body").focus()
        self.set_interval(1.0, self.show_details)

    def details(self) -> SyncDetails:
        """What the view shows now, from the app's state."""
        app = self.app
        engine = app.engine
        state = app.sync_state
        pending = None
        if state.last_synced is not None:
            pending = sum(app.main.model.counts_by_chat().values())
        return sync_details(
            state,
            app.budgets(),
            app.now(),
            app.tz,
            pending=pending,
            unreadable=engine.unreadable if engine is not None else (),
            cache=engine.cache_path if engine is not None else None,
            demo=app.demo,
        )

    def show_details(self) -> None:
        """Render the details again (the countdowns move)."""
        self.query_one("#details", Static).update(render_details(self.details()))

    def action_close(self) -> None:
        """Back to the dashboard."""
        self.dismiss(None)


def open_sync_details(app: CliqApp) -> None:
    """Open the sync details view over the dashboard (once)."""
    if not isinstance(app.screen, SyncDetailsScreen):
        app.push_screen(SyncDetailsScreen())
