"""Export the visible queue: choose CSV or JSON and a path; never overwrite without asking."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from rich.markup import escape
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from cliq_tui.core.export import ExportFormat, default_export_path, export_folder, write_export
from cliq_tui.ui.dialogs.confirm import ConfirmDialog
from cliq_tui.ui.dialogs.widgets import DIALOG_BREAKPOINTS, MarkedRadioButton, PlainText

# The formats in the order the dialog lists them, and the keys it handles in that list.
_FORMATS: tuple[ExportFormat, ...] = ("csv", "json")
_FORMAT_KEYS = frozenset({"up", "down", "left", "right", "enter", "space"})


class ExportDialog(ModalScreen[Path | None]):
    """Asks the format and the path (a fresh name in the downloads or home folder); writes the
    file with ``render(format)`` and dismisses with the written path (None when cancelled).

    A failed write keeps the dialog open with the reason, so nothing typed is lost.
    """

    CSS_PATH = "dialogs.tcss"
    VERTICAL_BREAKPOINTS = DIALOG_BREAKPOINTS
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
            # Focus lands at the end of the path, not on a selection a keystroke would replace.
            yield Input(self._default("csv"), id="export-path", select_on_focus=False)
            yield PlainText("", id="export-error", classes="error")
            yield PlainText("Enter or ctrl+s exports · Esc cancels", classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Export", id="export", variant="primary")

    def on_mount(self) -> None:
        path_input = self.query_one("#export-path", Input)
        path_input.focus()
        path_input.cursor_position = len(path_input.value)

    def on_key(self, event: events.Key) -> None:
        """In the format list the arrows choose a format at once and Enter exports, as Enter
        does everywhere else in the dialog (the choice and the path are settled before the
        next key, so a quick "down, Enter" exports what was chosen)."""
        radios = self.query_one("#export-format", RadioSet)
        if self.focused is not radios or event.key not in _FORMAT_KEYS:
            return
        event.stop()
        event.prevent_default()
        if event.key == "enter":
            self.action_export()
            return
        if event.key == "space":
            return  # the format under the cursor is the chosen one already
        buttons = list(radios.query(RadioButton))
        step = 1 if event.key in ("down", "right") else -1
        chosen = (max(radios.pressed_index, 0) + step) % len(buttons)
        buttons[chosen].value = True
        self._choose(_FORMATS[chosen])

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self._choose(_FORMATS[event.index] if 0 <= event.index < len(_FORMATS) else "csv")

    def _choose(self, kind: ExportFormat) -> None:
        if kind == self.kind:
            return
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
        except IsADirectoryError:
            self._error(f"{path} is a folder: give a file name in it.")
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
