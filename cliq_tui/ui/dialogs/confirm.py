"""A yes/no question before anything irreversible happens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Label, Static

from cliq_tui.core import timeparse
from cliq_tui.ui.dialogs.widgets import DIALOG_BREAKPOINTS


class ConfirmDialog(ModalScreen[bool]):
    """Asks one question; dismisses True when confirmed (button or ``y``), False on ``n``/Esc.

    For a ``danger`` dialog focus starts on Cancel, so a stray Enter never deletes anything.
    """

    CSS_PATH = "dialogs.tcss"
    VERTICAL_BREAKPOINTS = DIALOG_BREAKPOINTS
    BINDINGS = [
        Binding("y", "confirm", "Yes", id="dialog.confirm"),
        Binding("n", "cancel", "No", id="dialog.deny"),
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(
        self, title: str, body: str, confirm_label: str = "Confirm", *, danger: bool = False
    ) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.confirm_label = confirm_label
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="confirm-dialog" + (" danger" if self.danger else "")):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.body, id="confirm-body")
            yield Static("y confirms · n or Esc cancels", classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(
                    self.confirm_label,
                    id="confirm",
                    variant="error" if self.danger else "primary",
                )

    def on_mount(self) -> None:
        self.query_one("#cancel" if self.danger else "#confirm", Button).focus()

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        """Say yes."""
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Say no."""
        self.dismiss(False)


def ask_if_far_ahead(
    screen: Screen[Any],
    when: datetime | None,
    now: datetime,
    then: Callable[[], None],
    *,
    title: str = "Schedule this far ahead?",
    question: str = "Schedule it anyway?",
    label: str = "Schedule it",
) -> bool:
    """When ``when`` is more than a year ahead (more likely a slip, 2062 for 2026, than a plan),
    ask first and call ``then`` only on a yes; True when it asked (the caller stops there)."""
    if when is None or not timeparse.is_far_future(when, now):
        return False

    def answered(yes: bool | None) -> None:
        if yes:
            then()

    body = f"{timeparse.describe_far_future(when)} {question}"
    screen.app.push_screen(ConfirmDialog(title, body, label), answered)
    return True
