"""The history screen (the activity log): this app's actions and the changes the sync engine
observed (delivered, deleted or changed elsewhere), this session's and recent ones from disk,
newest first; filterable by kind, chat, message and text, and exportable as CSV or JSON."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from cliq_tui.base.textsafe import visible
from cliq_tui.core.export import ExportFormat, write_export
from cliq_tui.dashboard.history import (
    KINDS,
    HistoryFilter,
    history_export_path,
    render_history_csv,
    render_history_json,
)
from cliq_tui.storage.activity import ActivityEntry, describe_ids

if TYPE_CHECKING:
    from cliq_tui.ui.app import CliqApp

# Label and width (None: as wide as the content); ids are long, so one is shown and a count.
# What happened, where and why come first, so an 80-column terminal shows them; the API code and
# the ids follow (the table scrolls sideways to them).
COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("When", 14),
    ("Action", 12),
    ("Result", 9),
    ("Chat", 20),
    ("Detail", None),
    ("API code", 24),
    ("Message ids", 46),
)

KEYS = "/ filter · k kind · m this message · x csv · j json · esc closes"


class ActivityScreen(ModalScreen[None]):
    """Every action and observed change, newest first; esc closes (or leaves the filter)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="activity.close"),
        Binding("slash", "filter", "Filter", id="activity.filter"),
        Binding("k", "next_kind", "Kind", id="activity.kind"),
        Binding("m", "this_message", "This message", id="activity.message"),
        Binding("x", "export('csv')", "Export CSV", id="activity.csv"),
        Binding("j", "export('json')", "Export JSON", id="activity.json"),
    ]

    app: CliqApp  # type: ignore[assignment]

    def __init__(self, message_id: str = "") -> None:
        super().__init__()
        self.filter = HistoryFilter(message_id=message_id)
        self.exported: str | None = None

    def compose(self) -> ComposeResult:
        """A header line saying where the log lives, the filter, and one row per entry."""
        self.filter = dataclasses.replace(self.filter, profile=self.app.profile_name)
        with Vertical(id="activity-body") as body:
            body.border_title = "Activity log"
            body.border_subtitle = KEYS
            yield Static(Text(self._summary()), id="activity-summary")
            search = Input(placeholder="text, chat or id to keep", id="activity-filter")
            search.display = False
            yield search
            # Said in words above the table: a table cell would cut it to its column's width.
            yield Static("", id="activity-empty")
            table: DataTable[Text | str] = DataTable(
                id="activity-table", cursor_type="row", zebra_stripes=True
            )
            yield table

    @property
    def entries(self) -> list[ActivityEntry]:
        """The entries shown, newest first."""
        return self.filter.apply(self.app.activity.entries())

    def _summary(self) -> str:
        log = self.app.activity
        earlier = len(log.earlier())
        where = (
            f"saved in {log.path}" if log.path is not None else "not saved to disk (demo session)"
        )
        marked = " (marked ·)" if earlier else ""
        seen = len(log.timeline) - len(log.session)
        observed = f" · {seen} observed" if seen else ""
        text = f"{len(log.session)} this session{observed} · {earlier} earlier{marked} · {where}"
        described = self.filter.describe()
        if described:
            text += f"\nshowing {described}"
        if self.exported:
            text += f"\n{self.exported}"
        if log.warning:
            text += f"\n{log.warning}"
        return visible(text, newlines=True)

    def on_mount(self) -> None:
        """Fill the table, newest first."""
        table = self.query_one("#activity-table", DataTable)
        for label, width in COLUMNS:
            table.add_column(label, key=label, width=width)
        self._fill()
        table.focus()

    def _fill(self) -> None:
        table = self.query_one("#activity-table", DataTable)
        table.clear()
        entries = self.entries
        for entry in entries:
            table.add_row(*self._cells(entry))
        empty = self.query_one("#activity-empty", Static)
        empty.update("Nothing matches" if self.filter.describe() else "No actions yet")
        empty.display = not entries
        self.query_one("#activity-summary", Static).update(Text(self._summary()))

    def _cells(self, entry: ActivityEntry) -> list[Text | str]:
        tz = self.app.tz
        when = entry.at.astimezone(tz)
        today = self.app.now().astimezone(tz).date()
        stamp = when.strftime("%H:%M:%S" if when.date() == today else "%d %b %H:%M")
        if not entry.this_session:
            stamp += " ·"
        if entry.source is not None:  # observed, not done: say by whom instead of a result
            result = Text(entry.source, style="cyan")
        elif entry.result == "ok":
            result = Text("ok", style="green")
        else:
            result = Text("error", style="red")
        return [
            Text(stamp),
            # The log is a file on disk: what it says is shown, never obeyed by the terminal.
            Text(visible(entry.action)),
            result,
            Text(visible(entry.chat_name or entry.chat_id or "—")),
            Text(visible(entry.detail)),
            Text(visible(entry.code or "—")),
            Text(visible(describe_ids(entry.message_ids, limit=1) or "—")),
        ]

    # --- filtering -------------------------------------------------------------------------

    def _refilter(self, **changes: str) -> None:
        self.filter = dataclasses.replace(self.filter, **changes)
        self._fill()

    def action_filter(self) -> None:
        """Type text that every shown line must hold (enter keeps it, esc leaves it)."""
        search = self.query_one("#activity-filter", Input)
        search.display = True
        search.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as the user types."""
        self._refilter(text=event.value.strip())

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        """Back to the table with the filter kept."""
        self.query_one("#activity-table", DataTable).focus()

    def action_next_kind(self) -> None:
        """Show the next kind: delivered, deleted, ..., this app's actions, errors, all."""
        at = KINDS.index(self.filter.kind) if self.filter.kind in KINDS else 0
        self._refilter(kind=KINDS[(at + 1) % len(KINDS)])

    def action_this_message(self) -> None:
        """Only the message under the dashboard's cursor (again: every message)."""
        if self.filter.message_id:
            self._refilter(message_id="")
            return
        current = self.app.main.queue.current
        if current is not None:
            self._refilter(message_id=current.id)

    # --- export ----------------------------------------------------------------------------

    def action_export(self, kind: ExportFormat) -> None:
        """Write the entries shown to a new file in the export folder; the summary says where."""
        entries = self.entries
        tz = self.app.tz
        content = (
            render_history_csv(entries, tz) if kind == "csv" else render_history_json(entries, tz)
        )
        path = history_export_path(kind, self.app.now().astimezone(tz))
        try:
            written = write_export(path, content)
        except OSError as error:
            self.exported = f"Could not export to {path}: {error.strerror or error}"
        else:
            self.exported = f"Exported {len(entries)} entries to {written}"
        self.query_one("#activity-summary", Static).update(Text(self._summary()))

    def action_close(self) -> None:
        """Leave the filter box, or go back to the dashboard."""
        search = self.query_one("#activity-filter", Input)
        if search.has_focus:
            self.query_one("#activity-table", DataTable).focus()
            return
        self.dismiss(None)
