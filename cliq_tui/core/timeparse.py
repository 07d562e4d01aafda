"""Reading the times people type ("tomorrow 9am", "+2h", ISO 8601, epoch ms) and time zones.

Used by the CLI and the UI dialogs; never imports Textual. Every failure is an
:class:`~cliq_tui.api.errors.InputError` whose message says which formats work.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from datetime import time as dtime
from zoneinfo import ZoneInfo

from cliq_tui.api.errors import InputError
from cliq_tui.api.validation import all_timezones, in_zone, is_timezone, local_timezone_name

__all__ = [
    "FORMATS_HELP",
    "TypedTime",
    "complete_timezone",
    "format_relative",
    "local_timezone_name",
    "parse_typed",
    "parse_when",
    "quick_picks",
    "resolve_timezone",
]

FORMATS_HELP = (
    "Use a time like 17:30, 9am, today 17:30, tomorrow 9am, monday 9:00, +2h, in 1d2h, "
    "an ISO 8601 time (2026-06-01T09:00, offset optional) or epoch milliseconds."
)

_WEEKDAYS = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}
_UNIT_SECONDS = {"w": 604800, "d": 86400, "h": 3600, "m": 60}
_UNIT_WORDS = {
    "w": "w",
    "wk": "w",
    "wks": "w",
    "week": "w",
    "weeks": "w",
    "d": "d",
    "day": "d",
    "days": "d",
    "h": "h",
    "hr": "h",
    "hrs": "h",
    "hour": "h",
    "hours": "h",
    "m": "m",
    "min": "m",
    "mins": "m",
    "minute": "m",
    "minutes": "m",
}
_REL_PART = re.compile(r"(\d{1,6})\s*([a-z]+)")
_REL_FULL = re.compile(r"(?:\d{1,6}\s*[a-z]+\s*)+")
_CLOCK = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?")
# A run of digits this long is epoch milliseconds (13 digits covers 2001..2286).
_EPOCH_MS = re.compile(r"\d{11,14}")
_DEFAULT_HOUR = 9


def _fail(text: str) -> InputError:
    shown = text if len(text) <= 40 else text[:37] + "..."
    return InputError(f"Cannot read {shown!r} as a time. {FORMATS_HELP}", field="when")


@dataclass(frozen=True)
class TypedTime:
    """What a typed time means: the aware datetime, and whether the wall time typed had
    already passed today in the zone, so that the next one was taken ("08:00" typed at 14:00
    means tomorrow 08:00; "monday 9:00" on a Monday afternoon means next Monday)."""

    when: datetime
    rolled: bool = False


def parse_when(text: str, *, tz: ZoneInfo, now: datetime) -> datetime:
    """The aware datetime meant by ``text``; wall times are read in ``tz``.

    Raises :class:`InputError` (never anything else) when the text is not a time.
    """
    return parse_typed(text, tz=tz, now=now).when


def parse_typed(text: str, *, tz: ZoneInfo, now: datetime) -> TypedTime:
    """Like :func:`parse_when`, and says whether a passed wall time was moved to a later day."""
    raw = text if isinstance(text, str) else ""
    cleaned = " ".join(raw.strip().lower().split())
    if not cleaned:
        raise InputError(f"Give a time. {FORMATS_HELP}", field="when")
    try:
        result = _parse(cleaned, raw.strip(), tz, now.astimezone(tz))
    except (ValueError, OverflowError, OSError) as exc:
        if isinstance(exc, InputError):
            raise
        raise _fail(raw.strip()) from None
    if result is None:
        raise _fail(raw.strip())
    return result


def _parse(text: str, original: str, tz: ZoneInfo, now: datetime) -> TypedTime | None:
    if _EPOCH_MS.fullmatch(text):
        return TypedTime(datetime.fromtimestamp(int(text) / 1000, tz))
    if text.startswith(("+", "in ")):
        rest = text[1:] if text.startswith("+") else text[3:]
        relative = _relative(rest.strip(), now)
        return TypedTime(relative) if relative is not None else None
    words = text.split(" ", 1)
    head, tail = words[0], (words[1] if len(words) > 1 else "")
    day: date | None = None
    if head == "today":
        day = now.date()
    elif head == "tomorrow":
        day = now.date() + timedelta(days=1)
    elif head in _WEEKDAYS:
        ahead = (_WEEKDAYS[head] - now.weekday()) % 7
        day = now.date() + timedelta(days=ahead)
    if day is not None:
        clock = _clock(tail) if tail else dtime(_DEFAULT_HOUR, 0)
        if clock is None:
            return None
        result = datetime.combine(day, clock, tz)
        if head in _WEEKDAYS and result <= now:
            # "monday 9:00" on a Monday afternoon means next Monday.
            return TypedTime(datetime.combine(day + timedelta(days=7), clock, tz), rolled=True)
        return TypedTime(result)
    clock = _clock(text)
    if clock is not None:
        result = datetime.combine(now.date(), clock, tz)
        if result <= now:
            # "08:00" typed after 08:00 means tomorrow's.
            return TypedTime(datetime.combine(now.date() + timedelta(days=1), clock, tz), True)
        return TypedTime(result)
    iso = _iso(original, tz)
    return TypedTime(iso) if iso is not None else None


def _relative(text: str, now: datetime) -> datetime | None:
    compact = text.replace(" and ", " ").replace(",", " ")
    if not _REL_FULL.fullmatch(compact):
        return None
    seconds = 0
    for amount, unit in _REL_PART.findall(compact):
        key = _UNIT_WORDS.get(unit)
        if key is None:
            return None
        seconds += int(amount) * _UNIT_SECONDS[key]
    if seconds <= 0:
        return None
    return now + timedelta(seconds=seconds)


def _clock(text: str) -> dtime | None:
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        return None
    hour, minute, meridiem = int(match[1]), int(match[2] or 0), match[3]
    if match[2] is None and meridiem is None:
        return None  # a bare number is not a time of day
    if minute > 59:
        return None
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    elif hour > 23:
        return None
    return dtime(hour, minute)


def _iso(text: str, tz: ZoneInfo) -> datetime | None:
    candidate = text.strip()
    if not candidate or not candidate[0].isdigit():
        return None
    if candidate.endswith(("z", "Z")):
        candidate = candidate[:-1] + "+00:00"
    parsed = datetime.fromisoformat(candidate)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=tz)
    return parsed


def quick_picks(now: datetime, tz: ZoneInfo) -> list[tuple[str, datetime]]:
    """The Cliq app's quick times: Today 9 AM (only if still ahead), Tomorrow 9 AM, Monday 9 AM."""
    local = now.astimezone(tz)
    nine = dtime(_DEFAULT_HOUR, 0)
    picks: list[tuple[str, datetime]] = []
    today = datetime.combine(local.date(), nine, tz)
    if today > local:
        picks.append(("Today 9 AM", today))
    tomorrow = datetime.combine(local.date() + timedelta(days=1), nine, tz)
    picks.append(("Tomorrow 9 AM", tomorrow))
    days_to_monday = (0 - local.weekday()) % 7 or 7
    monday = datetime.combine(local.date() + timedelta(days=days_to_monday), nine, tz)
    if monday != tomorrow:
        picks.append(("Monday 9 AM", monday))
    return picks


def resolve_timezone(name: str) -> ZoneInfo:
    """The zone called ``name`` (case-insensitive), or InputError suggesting close names."""
    cleaned = (name or "").strip().replace(" ", "_")
    if is_timezone(cleaned):
        return ZoneInfo(cleaned)
    lowered = cleaned.lower()
    for candidate in all_timezones():
        if candidate.lower() == lowered:
            return ZoneInfo(candidate)
    suggestions = complete_timezone(cleaned, limit=3) if cleaned else []
    if not suggestions and cleaned:
        by_lower = {n.lower(): n for n in all_timezones()}
        close = difflib.get_close_matches(lowered, list(by_lower), n=3, cutoff=0.75)
        suggestions = [by_lower[c] for c in close]
    hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise InputError(
        f"Unknown time zone {name!r}.{hint} Use an IANA name such as Europe/London.",
        field="timezone",
    )


def complete_timezone(prefix: str, limit: int = 20) -> list[str]:
    """Zone names matching ``prefix``, case-insensitive, by whole name or any segment.

    "kolk" finds Asia/Kolkata, "new y" finds America/New_York; names that start with the prefix
    come first. At most ``limit`` names; a ``limit`` of zero or less gives an empty list (a
    negative slice bound would otherwise return nearly every zone).
    """
    if limit <= 0:
        return []
    needle = (prefix or "").strip().lower().replace(" ", "_")
    names = sorted(all_timezones())
    if not needle:
        return names[:limit]
    starts: list[str] = []
    segments: list[str] = []
    for name in names:
        lowered = name.lower()
        if lowered.startswith(needle):
            starts.append(name)
        elif any(part.startswith(needle) for part in re.split(r"[/_]", lowered)) or any(
            part.startswith(needle) for part in lowered.split("/")
        ):
            segments.append(name)
    return (starts + segments)[:limit]


# A time typed this far ahead is more likely a slip (2062 for 2026) than a plan: ask first.
FAR_FUTURE = timedelta(days=366)


def is_far_future(when: datetime, now: datetime) -> bool:
    """True when ``when`` is more than a year after ``now`` (both aware)."""
    return when - now > FAR_FUTURE


def describe_far_future(when: datetime) -> str:
    """The sentence that asks for confirmation of a time more than a year ahead."""
    return f"{when.isoformat(timespec='minutes')} is more than a year ahead."


def format_in_zone(value: datetime, tz: tzinfo | None, pattern: str) -> str:
    """``value`` in ``tz`` with ``pattern``; the time as sent (ISO 8601, its own offset) when it
    cannot be shown in ``tz``. Never raises: any time the server sends renders."""
    local = in_zone(value, tz)
    if local is None:
        return value.isoformat(timespec="minutes")
    try:
        return local.strftime(pattern)
    except (ValueError, OverflowError):
        return local.isoformat(timespec="minutes")


def format_relative(target: datetime, now: datetime) -> str:
    """A short distance in time: "in 2h 10m", "in 3d 4h", "5m ago", "in 40s"."""
    seconds = int((target - now).total_seconds())
    future = seconds >= 0
    span = _span(abs(seconds))
    return f"in {span}" if future else f"{span} ago"


def _span(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds}s"
    minutes, _ = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    return f"{minutes}m"
