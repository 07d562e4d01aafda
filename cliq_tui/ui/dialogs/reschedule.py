"""Bulk reschedule in one chat: every message due at one time, or with one trigger, moves at once.

The dialog counts the messages that will move before anything is sent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, RadioSet, Select, Static

from cliq_tui.api.errors import InputError
from cliq_tui.api.models import Chat, ScheduledMessage, ScheduleStatus
from cliq_tui.core import timeparse
from cliq_tui.core.format import plural
from cliq_tui.core.requests import RescheduleRequest
from cliq_tui.core.timefield import describe_time, reschedule_problem, shown_time
from cliq_tui.ui.dialogs.base import SubmitDialog
from cliq_tui.ui.dialogs.message_form import chat_title, utc_now
from cliq_tui.ui.dialogs.schedule import (
    status_error,
    status_label,
    status_options,
    trigger_notes,
)
from cliq_tui.ui.dialogs.time_picker import TICK_SECONDS, TimePicker
from cliq_tui.ui.dialogs.widgets import MarkedRadioButton, PlainText

__all__ = ["RescheduleDialog"]

Mode = Literal["time", "status"]


class _DueTime:
    """One distinct due time in the chat and the messages due then."""

    def __init__(self, first: ScheduledMessage) -> None:
        assert first.time is not None
        self.time: datetime = first.time
        self.zone_name = first.timezone
        self.count = 0

    def label(self, now: datetime) -> str:
        try:
            zone = timeparse.resolve_timezone(self.zone_name or "")
        except InputError:
            zone = None
        return f"{describe_time(self.time, zone, now)} ({plural(self.count)})"


class RescheduleDialog(SubmitDialog[RescheduleRequest]):
    """Move every time-based message due at one time to a new time, or every message with one
    trigger to another trigger; dismisses True once ``submit`` succeeded."""

    BINDINGS = [
        Binding("ctrl+s", "apply", "Reschedule", priority=True, id="dialog.save"),
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]
    busy_text = "Rescheduling…"

    def __init__(
        self,
        chat: Chat,
        messages: Sequence[ScheduledMessage],
        submit: Callable[[RescheduleRequest], Awaitable[object]],
        *,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(submit)
        self.chat = chat
        self.now = now or utc_now
        self.due_times: dict[int, _DueTime] = {}
        for message in sorted(
            (m for m in messages if m.time is not None), key=lambda m: m.due_epoch_ms or 0
        ):
            key = message.due_epoch_ms or 0
            self.due_times.setdefault(key, _DueTime(message)).count += 1
        self.triggers = Counter(
            m.schedule_status for m in messages if m.time is None and m.schedule_status
        )
        self._mode: Mode = "time" if self.due_times or not self.triggers else "status"
        self._shown_options = self._time_options(self.now())

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        now = self.now()
        with Vertical(id="dialog", classes="reschedule-dialog"):
            yield Label("Reschedule messages", classes="dialog-title")
            yield PlainText(f"In {chat_title(self.chat)}", classes="dialog-subtitle")
            with VerticalScroll(id="form-body"):
                with RadioSet(id="reschedule-mode"):
                    yield MarkedRadioButton(
                        "Due at a time", value=self._mode == "time", id="mode-time"
                    )
                    yield MarkedRadioButton(
                        "On a status trigger", value=self._mode == "status", id="mode-status"
                    )
                with Vertical(id="time-group"):
                    yield Label("Move every message due at", classes="field-label")
                    yield Select(
                        self._time_options(now),
                        prompt="No time-based messages in this chat",
                        allow_blank=not self.due_times,
                        id="existing-time",
                    )
                    yield Label("to", classes="field-label")
                    yield TimePicker(now=self.now, timezone_optional=True, id="time-picker")
                with Vertical(id="status-group"):
                    yield Label("Move every message with the trigger", classes="field-label")
                    yield Select(
                        [(f"{status_label(s)} ({plural(n)})", s) for s, n in self.triggers.items()],
                        prompt="No status-based messages in this chat",
                        allow_blank=not self.triggers,
                        id="existing-status",
                    )
                    yield Label("to", classes="field-label")
                    yield Select(
                        status_options(self.chat, trigger_notes(self.app)),
                        prompt="Pick a trigger",
                        id="new-status",
                    )
            yield PlainText("", id="summary", classes="summary")
            yield PlainText("", id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield PlainText("", id="saving-note")
                yield Button("Cancel", id="cancel")
                yield Button("Reschedule", id="apply", variant="primary")
            yield PlainText("ctrl+s reschedule · Esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.hide_error()
        self._apply_mode()
        self.refresh_summary()
        self.query_one("#reschedule-mode", RadioSet).focus()
        self.set_interval(TICK_SECONDS, self.tick)

    def _time_options(self, now: datetime) -> list[tuple[str, int]]:
        return [(due.label(now), key) for key, due in self.due_times.items()]

    # --- reading ---------------------------------------------------------------------------

    @property
    def mode(self) -> Mode:
        """Which kind of reschedule is chosen."""
        return self._mode

    def _selected(self, selector: str) -> object | None:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else value

    def read(self) -> tuple[RescheduleRequest | None, int, str]:
        """The request (None when incomplete), how many messages it moves, and the sentence
        that says so (or what is missing)."""
        if self._mode == "time":
            key = self._selected("#existing-time")
            if not isinstance(key, int):
                return None, 0, "There are no time-based messages in this chat to move."
            due = self.due_times[key]
            now = self.now()
            value = self.query_one(TimePicker).read(required=False)
            problem = reschedule_problem(value, due.count, due.time, now)
            if problem is not None or value.time is None:
                return None, due.count, problem or ""
            when = shown_time(value.time, value.read_zone, now).rstrip()
            request = RescheduleRequest(
                mode="time", time=due.time, new_time=value.time, timezone=value.zone_name
            )
            return request, due.count, f"{plural(due.count)} will move to {when}."
        existing = self._selected("#existing-status")
        if not isinstance(existing, ScheduleStatus):
            return None, 0, "There are no status-based messages in this chat to move."
        count = self.triggers[existing]
        new = self._selected("#new-status")
        new_status = new if isinstance(new, ScheduleStatus) else None
        problem = status_error(new_status, self.chat)
        if problem:
            return None, count, problem
        if new_status is existing:
            return None, count, "Pick a different trigger from the one they already have."
        assert new_status is not None
        request = RescheduleRequest(mode="status", existing_status=existing, new_status=new_status)
        return (
            request,
            count,
            (f"{plural(count)} will move from {existing.label} to {new_status.label}."),
        )

    # --- showing ---------------------------------------------------------------------------

    def _apply_mode(self) -> None:
        self.query_one("#time-group").display = self._mode == "time"
        self.query_one("#status-group").display = self._mode == "status"

    def refresh_summary(self) -> None:
        """Say how many messages will move where (or what is still missing); offer to apply
        only a request that can be sent."""
        request, count, sentence = self.read()
        summary = self.query_one("#summary", Static)
        summary.update(sentence)
        summary.set_class(request is None, "incomplete")
        apply = self.query_one("#apply", Button)
        label = f"Reschedule {plural(count)}" if request is not None else "Reschedule"
        if str(apply.label) != label:
            apply.label = label
            apply.refresh(layout=True)  # a label is not a layout change to Textual: make it one
        apply.disabled = self.saving or request is None

    def tick(self) -> None:
        """The clock moved: refresh the relative times, the quick picks and the summary (a
        time given may have passed meanwhile), keeping focus and what was typed."""
        now = self.now()
        select = self.query_one("#existing-time", Select)
        options = self._time_options(now)
        if options and not select.expanded and options != self._shown_options:
            chosen = select.value
            select.set_options(options)
            select.value = chosen
            self._shown_options = options
        self.query_one(TimePicker).tick()
        self.refresh_summary()

    def busy_changed(self) -> None:
        self.refresh_summary()

    @on(RadioSet.Changed, "#reschedule-mode")
    def _mode_changed(self, event: RadioSet.Changed) -> None:
        self._mode = "time" if event.pressed.id == "mode-time" else "status"
        self._apply_mode()
        self.refresh_summary()

    @on(Select.Changed)
    @on(Input.Changed)
    def _changed(self) -> None:
        self.refresh_summary()

    # --- actions ---------------------------------------------------------------------------

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        """Send the reschedule once everything is valid."""
        if self.saving:
            return
        if self._mode == "time":
            self.query_one(TimePicker).refresh_preview(required=True)
        request, _count, sentence = self.read()
        if request is None:
            self.show_error("Not sent", sentence)
            return
        from cliq_tui.ui.dialogs.confirm import ask_if_far_ahead

        def send() -> None:
            if not self.saving:
                self.start_submit(request)

        asked = ask_if_far_ahead(
            self,
            request.new_time,
            self.now(),
            send,
            title="Reschedule this far ahead?",
            question="Move the messages anyway?",
            label="Reschedule",
        )
        if not asked:
            self.start_submit(request)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing anything."""
        if not self.refuse_while_busy():
            self.dismiss(False)
