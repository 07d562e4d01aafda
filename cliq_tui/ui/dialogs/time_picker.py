"""The time field the dialogs share: quick picks, free-form time, live preview, time zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from cliq_tui.core import timeparse
from cliq_tui.core.timefield import (
    QuickPick,
    TimeValue,
    pick_named,
    preview_line,
    quick_picks,
    read_time,
    withdrawn_pick_line,
    zone_line,
    zone_or_local,
)
from cliq_tui.ui.dialogs.widgets import PlainText

__all__ = ["TICK_SECONDS", "TimePicker", "TimeValue"]

TIME_PLACEHOLDER = "+2h · tomorrow 17:30 · monday 9:00 · YYYY-MM-DD HH:MM"
# How often the dialogs refresh their relative times ("in 16m") and quick picks. Relative
# times under a minute are shown in seconds, so once a second.
TICK_SECONDS = 1.0
# Quick picks are at most this many (today, tomorrow, Monday); unused buttons are hidden.
MAX_PICKS = 3


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


class TimePicker(Vertical):
    """Quick-pick buttons, a time Input with a live preview, and a time-zone Input with
    completion. Errors are shown inline, next to the field they concern.

    The quick picks are those still ahead in the zone typed below them, recomputed when the
    zone changes and on every :meth:`tick` (the dialog calls it once a second, which also keeps
    the preview's "in 16m" current).
    """

    DEFAULT_CSS = """
    TimePicker {
        height: auto;
    }
    TimePicker #picks-zone {
        width: auto;
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
        self._picks: list[QuickPick] = []
        # Once a save asked for a time, a missing one stays marked until it is given.
        self._required = False

    def compose(self) -> ComposeResult:
        zone = zone_or_local(self._initial_zone)
        self._picks = quick_picks(self._now(), zone)
        with Horizontal(classes="quick-picks"):
            for index in range(MAX_PICKS):
                label = self._picks[index].label if index < len(self._picks) else ""
                button = Button(label, id=f"pick-{index}", classes="quick-pick", compact=True)
                button.display = bool(label)
                yield button
            yield PlainText(f"in {zone.key}", id="picks-zone", classes="field-note")
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

    @property
    def when_text(self) -> str:
        """What is typed in the time field."""
        return self.query_one("#when", Input).value

    @property
    def zone_text(self) -> str:
        """What is typed in the time-zone field."""
        return self.query_one("#zone", Input).value

    @property
    def picks(self) -> list[QuickPick]:
        """The quick picks on offer now."""
        return list(self._picks)

    def set_fields(self, when: str, zone: str) -> None:
        """Fill both fields (restoring a draft)."""
        self.query_one("#when", Input).value = when
        self.query_one("#zone", Input).value = zone

    def read(self, *, required: bool = True) -> TimeValue:
        """Parse the fields as they are now; never raises."""
        return read_time(
            self.when_text,
            self.zone_text,
            now=self._now(),
            required=required,
            timezone_optional=self.timezone_optional,
            allowed_past=self.allowed_past,
        )

    # --- showing ---------------------------------------------------------------------------

    def tick(self) -> None:
        """The clock moved: offer only the picks still ahead, and refresh the preview."""
        self.refresh_picks()
        self.refresh_preview()

    def refresh_picks(self) -> list[QuickPick]:
        """Offer the quick picks still ahead in the zone typed now; return them."""
        zone = zone_or_local(self.zone_text)
        picks = quick_picks(self._now(), zone)
        self.query_one("#picks-zone", Static).update(f"in {zone.key}")
        if picks != self._picks:
            self._picks = picks
            for index, button in enumerate(self.query(".quick-pick").results(Button)):
                pick = picks[index] if index < len(picks) else None
                button.label = pick.label if pick else ""
                button.display = pick is not None
                button.refresh(layout=True)
        return picks

    def refresh_preview(self, *, required: bool = False) -> TimeValue:
        """Update the inline preview and errors; return what was read."""
        self._required = self._required or required
        value = self.read(required=self._required)
        for selector, line in (
            ("#when-preview", preview_line(value, self._now())),
            ("#zone-note", zone_line(value, timezone_optional=self.timezone_optional)),
        ):
            shown = self.query_one(selector, Static)
            shown.update(line.text)
            shown.set_class(line.error, "error")
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
        self.refresh_picks()
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
        label = str(event.button.label)
        zone = zone_or_local(self.zone_text)
        # Read again at the press: the zone or the day may have changed since it was drawn.
        pick = pick_named(label, self._now(), zone)
        self.refresh_picks()
        if pick is not None:
            self.query_one("#when", Input).value = pick.field_text
            return
        line = withdrawn_pick_line(label, zone)
        preview = self.query_one("#when-preview", Static)
        preview.update(line.text)
        preview.set_class(line.error, "error")
