"""The activity log screen: this session's actions and recent ones from disk, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from cliq_tui.base.textsafe import visible
from cliq_tui.storage.activity import ActivityEntry, describe_ids

if TYPE_CHECKING:
    from cliq_tui.ui.app import CliqApp

# Label and width (None: as wide as the content); ids are long, so one is shown and a count.
COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("When", 14),
    ("Action", 12),
    ("Result", 6),
    ("API code", 24),
    ("Chat", 20),
    ("Message ids", 46),
    ("Detail", None),
)


class ActivityScreen(ModalScreen[None]):
    """Every action of this session, then earlier ones read from the log file; esc closes."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="activity.close"),
    ]

    app: CliqApp  # type: ignore[assignment]

    def compose(self) -> ComposeResult:
        """A header line saying where the log lives, and one row per action."""
        log = self.app.activity
        with Vertical(id="activity-body") as body:
            body.border_title = "Activity log"
            body.border_subtitle = "esc closes"
            yield Static(Text(self._summary()), id="activity-summary")
            table: DataTable[Text | str] = DataTable(
                id="activity-table", cursor_type="row", zebra_stripes=True
            )
            yield table
        self._entries = log.entries()

    def _summary(self) -> str:
        log = self.app.activity
        earlier = len(log.earlier())
        where = (
            f"saved in {log.path}" if log.path is not None else "not saved to disk (demo session)"
        )
        marked = " (marked ·)" if earlier else ""
        text = f"{len(log.session)} this session · {earlier} earlier{marked} · {where}"
        if log.warning:
            text += f"\n{log.warning}"
        return visible(text, newlines=True)

    def on_mount(self) -> None:
        """Fill the table, newest first."""
        table = self.query_one("#activity-table", DataTable)
        for label, width in COLUMNS:
            table.add_column(label, key=label, width=width)
        for entry in self._entries:
            table.add_row(*self._cells(entry))
        if not self._entries:
            table.add_row("", Text("No actions yet", style="dim"), "", "", "", "", "")
        table.focus()

    def _cells(self, entry: ActivityEntry) -> list[Text | str]:
        tz = self.app.tz
        when = entry.at.astimezone(tz)
        today = self.app.now().astimezone(tz).date()
        stamp = when.strftime("%H:%M:%S" if when.date() == today else "%d %b %H:%M")
        if not entry.this_session:
            stamp += " ·"
        result = Text("ok", style="green") if entry.result == "ok" else Text("error", style="red")
        return [
            Text(stamp),
            # The log is a file on disk: what it says is shown, never obeyed by the terminal.
            Text(visible(entry.action)),
            result,
            Text(visible(entry.code or "—")),
            Text(visible(entry.chat_name or entry.chat_id or "—")),
            Text(visible(describe_ids(entry.message_ids, limit=1) or "—")),
            Text(visible(entry.detail)),
        ]

    def action_close(self) -> None:
        """Back to the dashboard."""
        self.dismiss(None)
