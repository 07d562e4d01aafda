"""Edit several messages at once: one set of fields, and what it does to each message, live.

Every field starts blank ("keep as is") where the messages differ, so nothing the user does not
touch changes; what the user sets applies to every message. The list under the fields shows,
per message, its chat, its text and what will happen to its schedule and text
(:func:`cliq_tui.core.batch_edit.plan_batch_edit`). The dialog answers with that plan; the
dashboard sends it through the batch progress dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioSet, Select, Static, TextArea

from cliq_tui.api.models import ScheduledMessage, ScheduleStatus
from cliq_tui.base.textsafe import visible
from cliq_tui.core import format as fmt
from cliq_tui.core import timeparse
from cliq_tui.core.batch_edit import (
    BatchEditChoice,
    BatchEditPlan,
    Mode,
    plan_batch_edit,
    time_note,
)
from cliq_tui.core.format import plural
from cliq_tui.ui.dialogs.message_form import utc_now
from cliq_tui.ui.dialogs.schedule import status_label
from cliq_tui.ui.dialogs.time_picker import TICK_SECONDS, TimezoneSuggester
from cliq_tui.ui.dialogs.widgets import (
    DIALOG_BREAKPOINTS,
    MarkedCheckbox,
    MarkedRadioButton,
    PlainText,
)

__all__ = ["BatchEditDialog"]

PREVIEW_WIDTH = 60
T = TypeVar("T")


def _shared(values: Sequence[T]) -> T | None:
    """The one value every item has, or None when they differ (or there are none)."""
    first = values[0] if values else None
    return first if first is not None and all(v == first for v in values) else None


class BatchEditDialog(ModalScreen[BatchEditPlan | None]):
    """Edit N messages: dismisses with the plan to send, or None when cancelled."""

    CSS_PATH = "dialogs.tcss"
    VERTICAL_BREAKPOINTS = DIALOG_BREAKPOINTS
    DEFAULT_CSS = """
    BatchEditDialog {
        align: center middle;
    }
    BatchEditDialog #dialog.batch-edit-dialog {
        width: 100;
    }
    BatchEditDialog #batch-mode {
        layout: horizontal;
        width: auto;
    }
    BatchEditDialog .batch-time-row, BatchEditDialog .batch-field {
        height: auto;
    }
    BatchEditDialog .batch-field {
        width: 1fr;
    }
    BatchEditDialog #batch-when-field {
        margin: 0 1 0 0;
    }
    BatchEditDialog #batch-time-group, BatchEditDialog #batch-status-group {
        height: auto;
    }
    BatchEditDialog #batch-text {
        height: 4;
    }
    BatchEditDialog #batch-plan-title {
        padding: 1 0 0 0;
        text-style: bold;
    }
    BatchEditDialog #batch-plan {
        height: auto;
        max-height: 35%;
        border-left: thick $primary-muted;
        padding: 0 1;
    }
    BatchEditDialog .batch-plan-head {
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    BatchEditDialog .batch-plan-line {
        padding: 0 0 0 2;
        color: $text-muted;
    }
    BatchEditDialog .batch-plan-line.changes {
        color: $text;
    }
    BatchEditDialog #batch-keys {
        width: 1fr;
        height: 3;
        content-align: left middle;
        color: $text-muted;
    }
    BatchEditDialog.-short #batch-keys {
        height: 1;
    }
    """
    BINDINGS = [
        Binding("ctrl+s", "apply", "Apply", priority=True, id="dialog.save"),
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(
        self,
        messages: Sequence[ScheduledMessage],
        chat_names: Mapping[str, str],
        *,
        now: Callable[[], datetime] | None = None,
        local_zone: str | None = None,
    ) -> None:
        super().__init__()
        self.messages = list(messages)
        self.chat_names = dict(chat_names)
        self.now = now or utc_now
        # This machine's zone, looked up once: the plan is worked out again every second.
        self.local_zone = local_zone or timeparse.local_timezone_name()
        self.text_count = sum(1 for m in self.messages if not m.is_file)
        self.file_count = len(self.messages) - self.text_count
        timed = [m for m in self.messages if m.time is not None]
        triggered = [m for m in self.messages if m.time is None]
        # A field starts with the value every message shares, else blank: keep each one's.
        self._initial_mode: Mode = "status" if not timed and triggered else "time"
        self._initial_zone = (
            visible(_shared([m.timezone for m in timed]) or "")
            if len(timed) == len(self.messages)
            else ""
        )
        self._initial_status = (
            _shared([m.schedule_status for m in triggered]) if not timed else None
        )
        self._mode: Mode = self._initial_mode
        self._shown: dict[str, str] = {}
        self.plan = plan_batch_edit(self.messages, BatchEditChoice(), now=self.now())

    # --- layout ----------------------------------------------------------------------------

    def subtitle(self) -> str:
        """Where the messages are, and what a blank field means."""
        chats = {self.chat_names.get(m.id, "") for m in self.messages}
        where = f"In {next(iter(chats))}" if len(chats) == 1 else f"Across {len(chats)} chats"
        return f"{where} · blank fields keep each message as it is"

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="form-dialog batch-edit-dialog"):
            yield Label(f"Edit {plural(len(self.messages))}", classes="dialog-title")
            yield PlainText(self.subtitle(), id="batch-subtitle", classes="dialog-subtitle")
            with VerticalScroll(id="form-body"):
                yield from self._compose_schedule()
                if self.text_count:
                    yield Label("Text", classes="field-label")
                    yield TextArea(
                        "",
                        id="batch-text",
                        soft_wrap=True,
                        show_line_numbers=False,
                        placeholder="keep each message's text",
                    )
                    yield PlainText(self._text_note(), id="batch-text-note", classes="field-note")
                if self.file_count:
                    yield MarkedCheckbox(
                        f"Remove the file from {plural(self.file_count, 'file message')}",
                        id="batch-remove-file",
                    )
            yield PlainText("", id="batch-plan-title")
            with VerticalScroll(id="batch-plan"):
                for index, message in enumerate(self.messages):
                    chat = self.chat_names.get(message.id) or "an unknown chat"
                    preview = fmt.one_line(
                        message.preview or f"message {message.id}", PREVIEW_WIDTH
                    )
                    yield PlainText(f"{chat} · {preview}", classes="batch-plan-head")
                    yield PlainText("", id=f"batch-line-{index}", classes="batch-plan-line")
            yield PlainText("", id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield PlainText("ctrl+s apply · esc cancel", id="batch-keys")
                yield Button("Cancel", id="cancel")
                yield Button("Apply", id="apply", variant="primary")

    def _compose_schedule(self) -> ComposeResult:
        yield Label("Schedule", classes="field-label")
        with RadioSet(id="batch-mode"):
            yield MarkedRadioButton("At a time", value=self._mode == "time", id="batch-mode-time")
            yield MarkedRadioButton(
                "On a status", value=self._mode == "status", id="batch-mode-status"
            )
        with Vertical(id="batch-time-group"):
            with Horizontal(classes="batch-time-row"):
                with Vertical(id="batch-when-field", classes="batch-field"):
                    yield Label("When", classes="field-label")
                    yield Input(placeholder="keep each message's time", id="batch-when")
                with Vertical(classes="batch-field"):
                    yield Label("Time zone", classes="field-label")
                    yield Input(
                        self._initial_zone,
                        placeholder="keep each message's zone",
                        suggester=TimezoneSuggester(),
                        id="batch-zone",
                    )
            yield PlainText("", id="batch-time-note", classes="field-note")
        with Vertical(id="batch-status-group"):
            yield Label("Trigger", classes="field-label")
            yield Select(
                [(status_label(s), s) for s in ScheduleStatus],
                prompt="Keep each message's trigger",
                value=self._initial_status if self._initial_status else Select.NULL,
                id="batch-status",
            )

    def _text_note(self) -> str:
        note = f"What you type replaces the text of {plural(self.text_count, 'text message')}"
        return note + (" (a file message has no text to edit)." if self.file_count else ".")

    def on_mount(self) -> None:
        self.query_one("#form-error").display = False
        self._apply_mode()
        self.refresh_plan()
        if self._mode == "time":
            self.query_one("#batch-when", Input).focus()
        else:
            self.query_one("#batch-status", Select).focus()
        self.set_interval(TICK_SECONDS, self.refresh_plan)

    # --- the fields as a choice ------------------------------------------------------------

    def choice(self) -> BatchEditChoice:
        """What the fields hold now."""
        status = self.query_one("#batch-status", Select).value
        zone = self.query_one("#batch-zone", Input).value
        text = self.query_one("#batch-text", TextArea).text if self.text_count else ""
        remove = self.file_count > 0 and self.query_one("#batch-remove-file", Checkbox).value
        when = self.query_one("#batch-when", Input).value
        # A field still holding the value every message shares sets nothing (a time typed is
        # read in that zone, which is each message's own).
        if zone.strip() == self._initial_zone and not when.strip():
            zone = ""
        return BatchEditChoice(
            text=text,
            mode=self._mode,
            when=when,
            zone=zone,
            status=(
                status
                if isinstance(status, ScheduleStatus) and status != self._initial_status
                else None
            ),
            remove_file=remove,
        )

    def current_plan(self) -> BatchEditPlan:
        """The fields applied to each message at the dialog's clock's now."""
        return plan_batch_edit(
            self.messages, self.choice(), now=self.now(), local_zone=self.local_zone
        )

    # --- showing ---------------------------------------------------------------------------

    def _show(self, selector: str, text: str, *, error: bool | None = None) -> None:
        """Update a line only when its words changed (the plan is refreshed every second)."""
        widget = self.query_one(selector, Static)
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            widget.update(text)
        if error is not None:
            widget.set_class(error, "error")

    def refresh_plan(self) -> BatchEditPlan:
        """Recompute what the fields do to each message and show it."""
        now = self.now()
        plan = self.plan = self.current_plan()
        note, bad = time_note(plan, now)
        self._show("#batch-time-note", note, error=bad)
        if self.text_count:
            text_bad = plan.error_field == "text"
            message = f"✗ {plan.error}" if text_bad and plan.error else self._text_note()
            self._show("#batch-text-note", message, error=text_bad)
        self._show("#batch-plan-title", f"What changes: {plan.summary}")
        for index, item in enumerate(plan.items):
            line = f"#batch-line-{index}"
            self._show(line, item.line, error=item.problem is not None)
            self.query_one(line).set_class(item.request is not None, "changes")
        return plan

    def _apply_mode(self) -> None:
        self.query_one("#batch-time-group").display = self._mode == "time"
        self.query_one("#batch-status-group").display = self._mode == "status"

    @on(RadioSet.Changed, "#batch-mode")
    def _mode_changed(self, event: RadioSet.Changed) -> None:
        self._mode = "time" if event.pressed.id == "batch-mode-time" else "status"
        self._apply_mode()
        self.refresh_plan()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _field_changed(self) -> None:
        self.query_one("#form-error").display = False
        self.refresh_plan()

    # --- answering -------------------------------------------------------------------------

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        """Answer with the plan; refuse (one line, the dialog stays open) when it cannot be."""
        plan = self.refresh_plan()
        if plan.choice.is_blank:
            self.notify("Nothing set, so nothing was sent.")
            self.dismiss(None)
            return
        if plan.refusal:
            error = self.query_one("#form-error", Static)
            error.update(f"✗ Not sent: {plan.refusal}")
            error.display = True
            return
        from cliq_tui.ui.dialogs.confirm import ask_if_far_ahead

        now = self.now()
        times = [i.request.schedule_time for i in plan.to_send if i.request is not None]
        far = next((t for t in times if t and timeparse.is_far_future(t, now)), None)

        def send() -> None:
            self.dismiss(plan)

        if not ask_if_far_ahead(self, far, now, send):
            send()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close; nothing is sent."""
        self.dismiss(None)
