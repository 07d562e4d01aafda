"""The time field the dialogs share: quick picks, free-form time, live preview, time zone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from cliq_tui.api.errors import InputError
from cliq_tui.core import timeparse
from cliq_tui.ui.dialogs.widgets import PlainText

# How an absolute time is written back into the time field (parse_when reads it in the zone).
FIELD_FORMAT = "%Y-%m-%d %H:%M"
TIME_PLACEHOLDER = "+2h · tomorrow 17:30 · monday 9:00 · 2026-11-25 09:00"


def describe_time(when: datetime, zone: ZoneInfo | None, now: datetime) -> str:
    """A due time as a user reads it: ``Tue 25 Nov 09:00 IST — in 19h 12m``."""
    # The year only when it is not this one: a slip to 2062 must be seen before it is saved.
    pattern = "%a %d %b %H:%M %Z" if when.year == now.year else "%a %d %b %Y %H:%M %Z"
    shown = timeparse.format_in_zone(when, zone if zone is not None else when.tzinfo, pattern)
    return f"{shown.rstrip()} — {timeparse.format_relative(when, now)}"


class TimezoneSuggester(Suggester):
    """Completes IANA zone names in place (right arrow accepts), whatever case is typed."""

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=False)

    async def get_suggestion(self, value: str) -> str | None:
        for name in timeparse.complete_timezone(value, limit=20):
            # The input shows the suggestion's tail after what was typed: prefixes only.
            if name.casefold().startswith(value):
                return name
        return None


@dataclass(frozen=True)
class TimeValue:
    """What the time fields hold right now: the parsed time and zone, or why they are invalid."""

    time: datetime | None
    zone_name: str | None
    zone: ZoneInfo | None
    time_error: str | None
    zone_error: str | None

    @property
    def ok(self) -> bool:
        """True when a time was parsed and nothing is wrong."""
        return self.time is not None and not self.time_error and not self.zone_error


class TimePicker(Vertical):
    """Quick-pick buttons, a time Input with a live preview, and a time-zone Input with
    completion. Errors are shown inline, next to the field they concern."""

    DEFAULT_CSS = """
    TimePicker {
        height: auto;
    }
    """
    BINDINGS = [
        Binding("down", "zone_matches", "Zone matches", show=False, id="dialog.zone_matches"),
    ]

    def __init__(
        self,
        *,
        now: Callable[[], datetime],
        when: str = "",
        timezone: str = "",
        timezone_optional: bool = False,
        allowed_past: datetime | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="time-picker")
        self._now = now
        self._initial_when = when
        self._initial_zone = timezone
        self.timezone_optional = timezone_optional
        # An edit may keep an overdue time unchanged; only that exact time may be in the past.
        self.allowed_past = allowed_past

    def compose(self) -> ComposeResult:
        zone = self._zone_or_local(self._initial_zone)
        with Horizontal(classes="quick-picks"):
            for index, (label, _when) in enumerate(timeparse.quick_picks(self._now(), zone)):
                yield Button(label, id=f"pick-{index}", classes="quick-pick", compact=True)
        yield Label("When", classes="field-label")
        yield Input(self._initial_when, placeholder=TIME_PLACEHOLDER, id="when")
        yield PlainText("", id="when-preview", classes="field-note")
        zone_label = "Time zone (optional)" if self.timezone_optional else "Time zone"
        yield Label(zone_label, classes="field-label")
        yield Input(
            self._initial_zone,
            placeholder="Asia/Kolkata, Europe/Berlin, UTC… (→ completes)",
            suggester=TimezoneSuggester(),
            id="zone",
        )
        matches = OptionList(id="zone-matches")
        matches.display = False
        yield matches
        yield PlainText("", id="zone-note", classes="field-note")

    def on_mount(self) -> None:
        self.refresh_preview()

    # --- reading ---------------------------------------------------------------------------

    def _zone_or_local(self, name: str) -> ZoneInfo:
        try:
            return timeparse.resolve_timezone(name.strip() or timeparse.local_timezone_name())
        except InputError:
            return timeparse.resolve_timezone(timeparse.local_timezone_name())

    @property
    def when_text(self) -> str:
        """What is typed in the time field."""
        return self.query_one("#when", Input).value

    @property
    def zone_text(self) -> str:
        """What is typed in the time-zone field."""
        return self.query_one("#zone", Input).value

    def set_fields(self, when: str, zone: str) -> None:
        """Fill both fields (restoring a draft)."""
        self.query_one("#when", Input).value = when
        self.query_one("#zone", Input).value = zone

    def read(self, *, required: bool = True) -> TimeValue:
        """Parse the fields as they are now; never raises."""
        zone_name: str | None = self.zone_text.strip() or None
        zone: ZoneInfo | None = None
        zone_error: str | None = None
        if zone_name is None and not self.timezone_optional:
            zone_error = "Pick a time zone (an IANA name such as Asia/Kolkata)."
        elif zone_name is not None:
            try:
                zone = timeparse.resolve_timezone(zone_name)
            except InputError as exc:
                zone_error = exc.message
            else:
                zone_name = zone.key  # "asia/kolkata" is sent as Asia/Kolkata
        parse_zone = zone or self._zone_or_local("")
        text = self.when_text.strip()
        when: datetime | None = None
        time_error: str | None = None
        if not text:
            time_error = "Enter a time, or pick one above." if required else None
        else:
            now = self._now()
            try:
                when = timeparse.parse_when(text, tz=parse_zone, now=now)
            except InputError as exc:
                time_error = exc.message
            else:
                if when <= now and when != self.allowed_past:
                    time_error = (
                        f"That time has passed ({describe_time(when, parse_zone, now)}): "
                        "pick a time in the future."
                    )
        return TimeValue(when, zone_name, zone, time_error, zone_error)

    # --- showing ---------------------------------------------------------------------------

    def refresh_preview(self, *, required: bool = False) -> TimeValue:
        """Update the inline preview and errors; return what was read."""
        value = self.read(required=required)
        preview = self.query_one("#when-preview", Static)
        if value.time_error:
            preview.update(f"✗ {value.time_error}")
            preview.set_class(True, "error")
        elif value.time is not None:
            zone = value.zone or self._zone_or_local("")
            preview.update(f"→ {describe_time(value.time, zone, self._now())}")
            preview.set_class(False, "error")
        else:
            preview.update("")
            preview.set_class(False, "error")
        note = self.query_one("#zone-note", Static)
        if value.zone_error:
            note.update(f"✗ {value.zone_error}")
            note.set_class(True, "error")
        elif value.zone_name is None and self.timezone_optional:
            note.update(f"Times are read in {timeparse.local_timezone_name()}.")
            note.set_class(False, "error")
        else:
            note.update("")
            note.set_class(False, "error")
        return value

    def _show_zone_matches(self, text: str) -> None:
        matches = self.query_one("#zone-matches", OptionList)
        names = timeparse.complete_timezone(text.strip(), limit=6) if text.strip() else []
        exact = any(name.casefold() == text.strip().casefold() for name in names)
        matches.clear_options()
        if names and not exact:
            matches.add_options([Option(name, id=name) for name in names])
            matches.display = True
        else:
            matches.display = False

    @on(Input.Changed, "#when")
    def _when_changed(self) -> None:
        self.refresh_preview()

    @on(Input.Changed, "#zone")
    def _zone_changed(self, event: Input.Changed) -> None:
        self._show_zone_matches(event.value)
        self.refresh_preview()

    @on(OptionList.OptionSelected, "#zone-matches")
    def _zone_picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        zone_input = self.query_one("#zone", Input)
        zone_input.value = event.option_id or zone_input.value
        zone_input.cursor_position = len(zone_input.value)
        zone_input.focus()

    def action_zone_matches(self) -> None:
        """Down from the time-zone field moves into the list of matching zones."""
        matches = self.query_one("#zone-matches", OptionList)
        if self.query_one("#zone", Input).has_focus and matches.display:
            matches.focus()
            matches.highlighted = 0

    @on(Button.Pressed, ".quick-pick")
    def _quick_pick(self, event: Button.Pressed) -> None:
        event.stop()
        zone = self._zone_or_local(self.zone_text)
        label = str(event.button.label)
        for pick_label, when in timeparse.quick_picks(self._now(), zone):
            if pick_label == label:
                self.query_one("#when", Input).value = when.astimezone(zone).strftime(FIELD_FORMAT)
                return
