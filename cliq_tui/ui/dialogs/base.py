"""What every dialog that sends something shares: the request runs in a worker, the dialog shows
it is busy, and a failure is shown inline while the dialog stays open with the user's input."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from textual.screen import ModalScreen
from textual.widgets import Static

from cliq_tui.api.errors import CliqError
from cliq_tui.ui.dialogs.widgets import DIALOG_BREAKPOINTS

RequestT = TypeVar("RequestT")


class SubmitDialog(ModalScreen[bool], Generic[RequestT]):
    """A modal that hands a request to ``submit`` and dismisses True once it succeeded.

    Subclasses compose a ``#form-error`` Static and a ``#saving-note`` Static, and may override
    :meth:`busy_changed` (to disable buttons) and :meth:`submitted` (to clean up on success).
    """

    CSS_PATH = "dialogs.tcss"
    VERTICAL_BREAKPOINTS = DIALOG_BREAKPOINTS
    busy_text = "Saving…"

    def __init__(self, submit: Callable[[RequestT], Awaitable[object]]) -> None:
        super().__init__()
        self._submit = submit
        self.saving = False

    def show_error(self, title: str, message: str) -> None:
        """Explain a failure inline, under the form."""
        error = self.query_one("#form-error", Static)
        error.update(f"✗ {title}: {message}")
        error.display = True

    def hide_error(self) -> None:
        """Clear the inline failure."""
        self.query_one("#form-error").display = False

    def set_saving(self, saving: bool) -> None:
        """Show (or stop showing) that the request is in flight."""
        self.saving = saving
        self.query_one("#saving-note", Static).update(self.busy_text if saving else "")
        self.busy_changed()

    def busy_changed(self) -> None:
        """Hook: the in-flight state changed."""

    def submitted(self) -> None:
        """Hook: the request succeeded, just before the dialog closes."""

    def failed(self, error: CliqError) -> None:
        """Hook: the request failed with ``error`` (already shown inline)."""

    def start_submit(self, request: RequestT) -> None:
        """Send ``request`` in a worker; the UI stays responsive meanwhile."""
        self.hide_error()
        self.set_saving(True)
        self.run_worker(self._send(request), group="submit", exclusive=True, exit_on_error=False)

    async def _send(self, request: RequestT) -> None:
        try:
            await self._submit(request)
        except CliqError as exc:
            self.set_saving(False)
            self.show_error(exc.title, exc.message)
            self.failed(exc)
            return
        except Exception as exc:  # a bug elsewhere must not cost the user their input
            self.set_saving(False)
            self.show_error("Unexpected error", f"{type(exc).__name__}: {exc}")
            return
        self.set_saving(False)
        self.submitted()
        self.dismiss(True)

    def refuse_while_busy(self) -> bool:
        """True (with a note) when a request is in flight and the dialog must stay open."""
        if self.saving:
            self.notify("Still saving: wait for the answer before closing.", severity="warning")
        return self.saving
