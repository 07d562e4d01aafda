"""Export the visible queue: choose CSV or JSON and a path; never overwrite without asking."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioSet

from cliq_tui.core.export import ExportFormat, default_export_path, export_folder, write_export
from cliq_tui.ui.dialogs.confirm import ConfirmDialog
from cliq_tui.ui.dialogs.widgets import MarkedRadioButton, PlainText


class ExportDialog(ModalScreen[Path | None]):
    """Asks the format and the path (a fresh name in the downloads or home folder); writes the
    file with ``render(format)`` and dismisses with the written path (None when cancelled).

    A failed write keeps the dialog open with the reason, so nothing typed is lost.
    """

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s", "export", "Export", id="dialog.save"),
    ]

    def __init__(
        self,
        count: int,
        render: Callable[[ExportFormat], str],
        *,
        now: datetime,
        folder: Path | None = None,
    ) -> None:
        super().__init__()
        self.count = count
        self.render_export = render
        self.now = now
        self.folder = folder or export_folder()
        self.kind: ExportFormat = "csv"

    def _default(self, kind: ExportFormat) -> str:
        path = default_export_path(kind, self.now, self.folder)
        # Shown as ~/... (shorter, and the same on every machine); expanded when written.
        try:
            return str(Path("~") / path.relative_to(Path.home()))
        except ValueError:
            return str(path)

    def compose(self) -> ComposeResult:
        noun = "message" if self.count == 1 else "messages"
        with Vertical(id="dialog", classes="export-dialog"):
            yield Label(f"Export {self.count} {noun} shown", classes="dialog-title")
            yield PlainText("Format", classes="field-label")
            with RadioSet(id="export-format"):
                yield MarkedRadioButton("CSV (the table's columns, id, chat id, text)", value=True)
                yield MarkedRadioButton("JSON (the API items with their chat id)")
            yield PlainText("Save to", classes="field-label")
            yield Input(self._default("csv"), id="export-path")
            yield PlainText("", id="export-error", classes="error")
            yield PlainText("Enter or ctrl+s exports · Esc cancels", classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Export", id="export", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        kind: ExportFormat = "json" if event.index == 1 else "csv"
        path_input = self.query_one("#export-path", Input)
        # The path follows the format while it still ends in the other format's extension.
        old = Path(path_input.value)
        if old.suffix.lower() == f".{self.kind}":
            path_input.value = str(old.with_suffix(f".{kind}"))
        self.kind = kind

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        """Write the file, asking first when it exists."""
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self._error("Give a file name.")
            return
        path = Path(raw).expanduser()
        if path.exists() and not path.is_dir():

            def answered(overwrite: bool | None) -> None:
                if overwrite:
                    self._write(path, overwrite=True)

            self.app.push_screen(
                ConfirmDialog(
                    "Overwrite the file?",
                    escape(f"{path} exists. Replace it with this export?"),
                    "Overwrite",
                    danger=True,
                ),
                answered,
            )
            return
        self._write(path, overwrite=False)

    def _write(self, path: Path, *, overwrite: bool) -> None:
        try:
            written = write_export(path, self.render_export(self.kind), overwrite=overwrite)
        except FileExistsError:
            self._error(f"{path} exists; export again to choose whether to replace it.")
        except OSError as error:
            reason = error.strerror or error.__class__.__name__
            self._error(f"Cannot write {path}: {reason}.")
        else:
            self.dismiss(written)

    def _error(self, text: str) -> None:
        self.query_one("#export-error", PlainText).update(text)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without writing."""
        self.dismiss(None)
