"""The time fields of the edit, create and reschedule dialogs, without Textual.

Everything the dialogs show about a time is decided here, on a clock passed in: the quick picks
in the zone chosen in the dialog (only times still ahead there), what the typed text means
(saying so when a wall time that has passed today was taken as a later day's), the preview line
under the field, and why a reschedule cannot move messages to the time given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from cliq_tui.api.errors import InputError
from cliq_tui.core import timeparse
from cliq_tui.core.format import plural

# How an absolute time is written back into the time field (parse_when reads it in the zone).
FIELD_FORMAT = "%Y-%m-%d %H:%M"


def shown_time(when: datetime, zone: ZoneInfo | None, now: datetime) -> str:
    """A due time as a user reads it: ``Tue 25 Nov 09:00 IST`` (the year when not this one)."""
    # The year only when it is not this one: a slip to 2062 must be seen before it is saved.
    pattern = "%a %d %b %H:%M %Z" if when.year == now.year else "%a %d %b %Y %H:%M %Z"
    return timeparse.format_in_zone(when, zone if zone is not None else when.tzinfo, pattern)


def describe_time(when: datetime, zone: ZoneInfo | None, now: datetime) -> str:
    """A due time and how far it is: ``Tue 25 Nov 09:00 IST — in 19h 12m``."""
    return f"{shown_time(when, zone, now).rstrip()} — {timeparse.format_relative(when, now)}"


def zone_or_local(name: str) -> ZoneInfo:
    """The zone called ``name``; this machine's zone when the name is empty or unknown."""
    try:
        return timeparse.resolve_timezone(name.strip() or timeparse.local_timezone_name())
    except InputError:
        return timeparse.resolve_timezone(timeparse.local_timezone_name())


# --- quick picks --------------------------------------------------------------------------


@dataclass(frozen=True)
class QuickPick:
    """One quick time offered above the time field, as a wall time in the dialog's zone."""

    label: str
    when: datetime

    @property
    def field_text(self) -> str:
        """The pick as written into the time field (read back in the same zone)."""
        return self.when.strftime(FIELD_FORMAT)


def quick_picks(now: datetime, zone: ZoneInfo) -> list[QuickPick]:
    """The quick times in ``zone``, only those still ahead there at ``now``."""
    return [
        QuickPick(label, when) for label, when in timeparse.quick_picks(now, zone) if when > now
    ]


def pick_named(label: str, now: datetime, zone: ZoneInfo) -> QuickPick | None:
    """The quick pick called ``label`` as it stands at ``now`` in ``zone``; None when it is no
    longer offered (its time passed since it was drawn, or the zone changed)."""
    return next((pick for pick in quick_picks(now, zone) if pick.label == label), None)


# --- what the fields hold -------------------------------------------------------------------


@dataclass(frozen=True)
class TimeValue:
    """What the time fields hold: the parsed time and zone, or why they are invalid.

    ``rolled`` is True when a wall time typed without a date had passed today in the zone, so
    the next one (tomorrow's, or next week's for a weekday) was taken; ``passed`` is True when
    the time given is in the past.
    """

    time: datetime | None
    zone_name: str | None
    zone: ZoneInfo | None
    time_error: str | None
    zone_error: str | None
    rolled: bool = False
    passed: bool = False

    @property
    def ok(self) -> bool:
        """True when a time was parsed and nothing is wrong."""
        return self.time is not None and not self.time_error and not self.zone_error

    @property
    def read_zone(self) -> ZoneInfo:
        """The zone the time was read in: the one chosen, else this machine's."""
        return self.zone or zone_or_local("")


def read_time(
    when_text: str,
    zone_text: str,
    *,
    now: datetime,
    required: bool = True,
    timezone_optional: bool = False,
    allowed_past: datetime | None = None,
) -> TimeValue:
    """Read the time and zone fields at ``now``; never raises.

    ``allowed_past`` is the one past time accepted (an overdue message keeping its time).
    """
    zone_name: str | None = zone_text.strip() or None
    zone: ZoneInfo | None = None
    zone_error: str | None = None
    if zone_name is None and not timezone_optional:
        zone_error = "Pick a time zone (an IANA name such as Asia/Kolkata)."
    elif zone_name is not None:
        try:
            zone = timeparse.resolve_timezone(zone_name)
        except InputError as exc:
            zone_error = exc.message
        else:
            zone_name = zone.key  # "asia/kolkata" is sent as Asia/Kolkata
    parse_zone = zone or zone_or_local("")
    text = when_text.strip()
    if not text:
        error = "Enter a time, or pick one above." if required else None
        return TimeValue(None, zone_name, zone, error, zone_error)
    try:
        typed = timeparse.parse_typed(text, tz=parse_zone, now=now)
    except InputError as exc:
        return TimeValue(None, zone_name, zone, exc.message, zone_error)
    when = typed.when
    passed = when <= now and when != allowed_past
    time_error = None
    if passed:
        shown = describe_time(when, parse_zone, now)
        time_error = f"That time has passed ({shown}): pick a time in the future."
    return TimeValue(when, zone_name, zone, time_error, zone_error, typed.rolled, passed)


# --- what is shown ---------------------------------------------------------------------------


class Line(NamedTuple):
    """One line of feedback under a field, and whether it reports a problem."""

    text: str
    error: bool = False


def rolled_sentence(when: datetime, zone: ZoneInfo, now: datetime) -> str:
    """Why a typed wall time means a later day: ``08:00 has passed today in Asia/Tokyo:
    tomorrow, Wed 02 Dec 08:00 JST (in 19h 20m)``."""
    local = when.astimezone(zone)
    days = (local.date() - now.astimezone(zone).date()).days
    clock = local.strftime("%H:%M")
    if days == 1:
        typed, day = clock, "tomorrow"
    else:  # a weekday typed on that weekday, after its time: a week on
        weekday = local.strftime("%A")
        typed, day = f"{weekday} {clock}", f"next {weekday}"
    shown = shown_time(when, zone, now).rstrip()
    relative = timeparse.format_relative(when, now)
    return f"{typed} has passed today in {zone.key}: {day}, {shown} ({relative})"


def preview_line(value: TimeValue, now: datetime) -> Line:
    """The line under the time field: the problem, or the time the text stands for."""
    if value.time_error:
        return Line(f"✗ {value.time_error}", error=True)
    if value.time is None:
        return Line("")
    zone = value.read_zone
    if value.rolled:
        return Line(f"→ {rolled_sentence(value.time, zone, now)}")
    return Line(f"→ {describe_time(value.time, zone, now)}")


def withdrawn_pick_line(label: str, zone: ZoneInfo) -> Line:
    """What a press on a quick pick no longer offered says."""
    return Line(f"✗ {label} has passed in {zone.key}: pick a time still ahead.", error=True)


def zone_line(value: TimeValue, *, timezone_optional: bool) -> Line:
    """The line under the time-zone field: the problem, or which zone an empty field means."""
    if value.zone_error:
        return Line(f"✗ {value.zone_error}", error=True)
    if value.zone_name is None and timezone_optional:
        return Line(f"Times are read in {timeparse.local_timezone_name()}.")
    return Line("")


def reschedule_problem(
    value: TimeValue, count: int, current: datetime, now: datetime
) -> str | None:
    """Why ``count`` messages due at ``current`` cannot move to the time given, or None."""
    if value.zone_error:
        return value.zone_error
    if value.passed and value.time is not None:
        shown = shown_time(value.time, value.read_zone, now).rstrip()
        ago = timeparse.format_relative(value.time, now)
        return (
            f"{plural(count)} cannot move to {shown}: that time passed {ago}. "
            "Pick a time in the future."
        )
    if value.time_error:
        return value.time_error
    if value.time is None:
        return f"Pick the new time for {plural(count)}."
    if value.time == current:
        return "That is the time they are already due at."
    return None
