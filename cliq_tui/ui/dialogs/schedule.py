"""The schedule section of the edit and create dialogs: at a time, or on a status trigger."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal, Protocol

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, RadioButton, RadioSet, Select, Static

from cliq_tui.api.models import Chat, ScheduleStatus
from cliq_tui.ui.dialogs.time_picker import TimePicker, TimeValue
from cliq_tui.ui.dialogs.widgets import MarkedRadioButton, PlainText

if TYPE_CHECKING:
    from cliq_tui.sync.triggers import Learned

Mode = Literal["time", "status"]


class TriggerNotes(Protocol):
    """What Cliq said before about a trigger in a kind of chat (see cliq_tui.sync.triggers)."""

    def learned(self, kind: str, trigger: str) -> Learned | None: ...

    def note(self, kind: str, trigger: str, label: str) -> str | None: ...


def trigger_notes(app: object) -> TriggerNotes | None:
    """The engine's memory of what Cliq said about triggers, when the app has one."""
    return getattr(getattr(app, "engine", None), "triggers", None)


def status_label(status: ScheduleStatus) -> str:
    """The trigger as a capitalised option label: ``On check-in``."""
    label = status.label
    return label[:1].upper() + label[1:]


def status_options(
    chat: Chat | None, notes: TriggerNotes | None = None
) -> list[tuple[str, ScheduleStatus]]:
    """The four triggers as Select options; one Cliq refused here before says so.

    Which chats accept which trigger is disputed, so nothing is ruled out on a guess: Cliq
    decides, and what it said last time for this kind of chat is shown.
    """
    options = []
    for status in ScheduleStatus:
        label = status_label(status)
        known = notes.learned(chat.kind, status.value) if notes and chat else None
        if known is not None and not known.accepted:
            label += f" (refused in {chat.kind if chat else 'this chat'} before)"
        options.append((label, status))
    return options


def status_error(status: ScheduleStatus | None, chat: Chat | None) -> str | None:
    """Why the trigger choice is incomplete, or None (Cliq judges the chat)."""
    if status is None:
        return "Pick a trigger."
    return None


@dataclass(frozen=True)
class ScheduleValue:
    """The schedule as entered: a mode and, for that mode, the time or the trigger."""

    mode: Mode
    time: TimeValue
    status: ScheduleStatus | None
    status_error: str | None

    @property
    def ok(self) -> bool:
        """True when the chosen mode's fields are valid."""
        return self.time.ok if self.mode == "time" else self.status_error is None


class ScheduleSection(Vertical):
    """A RadioSet switching between a :class:`TimePicker` and a trigger Select."""

    DEFAULT_CSS = """
    ScheduleSection, ScheduleSection > Vertical {
        height: auto;
    }
    """

    def __init__(
        self,
        chat: Chat | None,
        *,
        now: Callable[[], datetime],
        mode: Mode = "time",
        when: str = "",
        timezone: str = "",
        status: ScheduleStatus | None = None,
        allowed_past: datetime | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="schedule-section")
        self.chat = chat
        self._now = now
        self._mode: Mode = mode
        self._when = when
        self._timezone = timezone
        self._status = status
        self._allowed_past = allowed_past

    def compose(self) -> ComposeResult:
        yield Label("Schedule", classes="field-label")
        with RadioSet(id="schedule-mode"):
            yield MarkedRadioButton("At a time", value=self._mode == "time", id="mode-time")
            yield MarkedRadioButton("On a status", value=self._mode == "status", id="mode-status")
        yield TimePicker(
            now=self._now,
            when=self._when,
            timezone=self._timezone,
            allowed_past=self._allowed_past,
            id="time-picker",
        )
        with Vertical(id="status-group"):
            yield Label("Deliver the message", classes="field-label")
            yield Select(
                status_options(self.chat, self._notes()),
                prompt="Pick a trigger",
                value=self._status if self._status is not None else Select.NULL,
                id="status",
            )
            yield PlainText("", id="status-note", classes="field-note")

    def on_mount(self) -> None:
        self._apply_mode()
        self.refresh_status_note()

    def _notes(self) -> TriggerNotes | None:
        return trigger_notes(self.app)

    # --- reading and writing ---------------------------------------------------------------

    @property
    def mode(self) -> Mode:
        """Which kind of schedule is chosen."""
        return self._mode

    @property
    def time_picker(self) -> TimePicker:
        """The time fields."""
        return self.query_one(TimePicker)

    @property
    def status(self) -> ScheduleStatus | None:
        """The chosen trigger, if any."""
        value = self.query_one("#status", Select).value
        return value if isinstance(value, ScheduleStatus) else None

    def set_mode(self, mode: Mode) -> None:
        """Switch between time and status."""
        self._mode = mode
        button = self.query_one("#mode-time" if mode == "time" else "#mode-status", RadioButton)
        button.value = True
        self._apply_mode()

    def set_status(self, status: ScheduleStatus | None) -> None:
        """Choose a trigger (or none)."""
        self.query_one("#status", Select).value = status if status is not None else Select.NULL

    def read(self, *, required: bool = True) -> ScheduleValue:
        """The schedule as entered; never raises."""
        status = self.status
        return ScheduleValue(
            mode=self._mode,
            time=self.time_picker.read(required=required),
            status=status,
            status_error=status_error(status, self.chat),
        )

    def show_errors(self) -> ScheduleValue:
        """Show every problem of the chosen mode inline (as on save) and return the value."""
        if self._mode == "time":
            self.time_picker.refresh_preview(required=True)
        else:
            self.refresh_status_note(required=True)
        return self.read()

    # --- showing ---------------------------------------------------------------------------

    def _apply_mode(self) -> None:
        self.query_one("#time-picker").display = self._mode == "time"
        self.query_one("#status-group").display = self._mode == "status"

    def set_chat(self, chat: Chat) -> None:
        """Schedule into ``chat`` now: its kind decides what the trigger list says (what Cliq
        refused in that kind of chat before), and the note follows; the choice is kept."""
        self.chat = chat
        select: Select[ScheduleStatus] = self.query_one("#status", Select)
        chosen = select.value
        select.set_options(status_options(chat, self._notes()))
        if chosen is not Select.NULL:
            select.value = chosen
        self.refresh_status_note()

    def refresh_status_note(self, *, required: bool = False) -> None:
        """Explain the trigger choice: what is wrong, or what Cliq said about it here before."""
        note = self.query_one("#status-note", Static)
        status = self.status
        error = status_error(status, self.chat)
        notes = self._notes()
        if error and (status is not None or required):
            note.update(f"✗ {error}")
            note.set_class(True, "error")
        elif status is not None and self.chat is not None and notes is not None:
            note.update(notes.note(self.chat.kind, status.value, status.label) or "")
            note.set_class(False, "error")
        else:
            note.update("")
            note.set_class(False, "error")

    @on(RadioSet.Changed, "#schedule-mode")
    def _mode_changed(self, event: RadioSet.Changed) -> None:
        self._mode = "time" if event.pressed.id == "mode-time" else "status"
        self._apply_mode()

    @on(Select.Changed, "#status")
    def _status_changed(self) -> None:
        self.refresh_status_note()
