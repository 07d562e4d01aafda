"""Checks made before anything is sent, mirroring the spec, and the request bodies they allow.

Every failure is an :class:`InputError` naming the field, so a dialog can point at it.
"""

from __future__ import annotations

import contextlib
import os
import re
from datetime import datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from cliq_tui.api.endpoints import EndpointSpec
from cliq_tui.api.errors import InputError
from cliq_tui.api.models import ID_MAX, ScheduleStatus

EDIT_TEXT_MAX = 5000
CREATE_TEXT_MAX = 4096
TIMEZONE_MAX = 100
PAGE_SIZE_MAX = 100

# What a Cliq chat or message id is made of ("CT_1234_5678", "1677738220845_2090818937537").
# Anything else ("." and ".." vanish from a URL path and widen DELETE one to DELETE all; "/",
# "?", "#" and "%" change the path or the query; controls and spaces change nothing useful) is
# refused before a request exists.
_ID_CHARS = re.compile(r"[A-Za-z0-9_.:@~-]+")

When = datetime | int


@lru_cache(maxsize=1)
def all_timezones() -> frozenset[str]:
    """Every IANA zone name known to this machine (system database or tzdata)."""
    return frozenset(available_timezones())


def is_timezone(name: str) -> bool:
    """True when ``name`` is a real IANA time zone name."""
    if not name or len(name) > TIMEZONE_MAX or name not in all_timezones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def check_timezone(name: str, *, field: str = "timezone") -> str:
    """``name`` when it is a real IANA zone, else InputError."""
    if not is_timezone(name):
        raise InputError(
            f"{name!r} is not a time zone name; use an IANA name such as Asia/Kolkata or "
            "Europe/London.",
            field=field,
        )
    return name


def local_timezone_name() -> str:
    """The IANA name of this machine's zone (``TZ``, /etc/timezone, /etc/localtime), or UTC."""
    candidates: list[str] = []
    env = os.environ.get("TZ", "").lstrip(":")
    if env:
        candidates.append(env)
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if is_timezone(name):
            return name
    return "UTC"


def epoch_ms(when: When, *, field: str) -> int:
    """``when`` in epoch milliseconds; a datetime must carry its time zone."""
    if isinstance(when, bool):
        raise InputError("A time must be a date and time or epoch milliseconds.", field=field)
    if isinstance(when, int):
        if when < 10**11:
            # 10**11 ms is 1973; anything smaller is almost surely seconds, not milliseconds.
            raise InputError(
                f"{when} looks like seconds; times are epoch milliseconds.", field=field
            )
        return when
    if isinstance(when, datetime):
        if when.tzinfo is None or when.utcoffset() is None:
            raise InputError("A time needs a time zone (an aware datetime).", field=field)
        return int(when.timestamp() * 1000)
    raise InputError("A time must be a date and time or epoch milliseconds.", field=field)


def future_ms(when: When, *, now_ms: int, field: str) -> int:
    """``when`` in epoch milliseconds, refused unless it is still ahead of ``now_ms``."""
    ms = epoch_ms(when, field=field)
    if ms <= now_ms:
        raise InputError("The time must be in the future.", field=field)
    return ms


def check_text(text: str, *, limit: int, field: str = "text") -> str:
    """Non-blank text of at most ``limit`` characters."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("The message text cannot be empty.", field=field)
    if len(text) > limit:
        raise InputError(f"The text is {len(text)} characters; the limit is {limit}.", field=field)
    return text


def check_status(value: ScheduleStatus | str, *, field: str) -> ScheduleStatus:
    """A valid trigger, or InputError listing the allowed ones."""
    try:
        return ScheduleStatus(value)
    except ValueError:
        allowed = ", ".join(s.value for s in ScheduleStatus)
        message = f"{value!r} is not a trigger; use one of {allowed}."
        raise InputError(message, field=field) from None


def check_page_size(page_size: int) -> int:
    """A page size between 1 and 100 (the documented maximum)."""
    if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
        raise InputError("The page size must be a whole number from 1 to 100.", field="page_size")
    return min(page_size, PAGE_SIZE_MAX)


def check_id(value: object, *, field: str) -> str:
    """An identifier that is safe as one URL path segment, else InputError in one line.

    The one rule for chat and message ids, whether typed by the user or sent by the server:
    letters, digits and ``_ . : @ ~ -``, at most 200 characters, and not only dots.
    """
    what = field.replace("_", " ").removesuffix("s")
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"The {what} is missing.", field=field)
    if len(value) > ID_MAX:
        raise InputError(
            f"The {what} is {len(value)} characters long; ids are at most {ID_MAX}.", field=field
        )
    if _ID_CHARS.fullmatch(value) is None or not value.strip("."):
        shown = value.encode("unicode_escape").decode("ascii")
        raise InputError(
            f"{shown!r} is not a valid {what}: ids are letters, digits and _ . : @ ~ - "
            "(nothing was sent).",
            field=field,
        )
    return value


def request_path(spec: EndpointSpec, path_params: dict[str, str] | None) -> str:
    """The URL path of one request: every parameter checked and encoded as ONE path segment.

    Every request path is built here, so no id can turn a message path into its chat's path
    (``DELETE .../scheduledmessages/.`` is ``DELETE .../scheduledmessages`` once normalised).
    """
    params = path_params or {}
    encoded = {name: quote(check_id(value, field=name), safe="") for name, value in params.items()}
    path = spec.path.format(**encoded)
    if path.count("/") != spec.path.count("/") or "{" in path:
        raise InputError(f"The request path for {spec.label} could not be built.", field=None)
    return path


# --- request bodies --------------------------------------------------------------------------


def edit_body(
    *,
    now_ms: int,
    text: str | None,
    schedule_time: When | None,
    timezone: str | None,
    status: ScheduleStatus | str | None,
    remove_file: bool,
) -> dict[str, Any]:
    """The body of an edit, after checking the combination of fields."""
    body: dict[str, Any] = {}
    if text is not None:
        body["text"] = check_text(text, limit=EDIT_TEXT_MAX)
    if schedule_time is not None and status is not None:
        raise InputError(
            "Give either a time or a trigger, not both: a message is time- or status-based.",
            field="status",
        )
    if schedule_time is not None:
        body["schedule_time"] = future_ms(schedule_time, now_ms=now_ms, field="schedule_time")
    if timezone is not None:
        body["schedule_timezone"] = check_timezone(timezone)
    if status is not None:
        trigger = check_status(status, field="status")
        body["schedule_status"] = trigger.value
    if remove_file:
        body["file_remove"] = True
    if not body:
        raise InputError(
            "Nothing to change: give a text, a time, a trigger or remove the file.", field=None
        )
    return body


def reschedule_time_body(
    *, now_ms: int, time: When, new_time: When, timezone: str | None
) -> dict[str, Any]:
    """The body of a time-based bulk reschedule."""
    old_ms = epoch_ms(time, field="time")
    new_ms = future_ms(new_time, now_ms=now_ms, field="new_time")
    if old_ms == new_ms:
        raise InputError("The new time is the same as the current one.", field="new_time")
    body: dict[str, Any] = {
        "status": "reschedule",
        "apply_to": "all_time_based",
        "time": old_ms,
        "schedule_time": new_ms,
    }
    if timezone is not None:
        body["schedule_timezone"] = check_timezone(timezone)
    return body


def reschedule_status_body(
    *,
    existing_status: ScheduleStatus | str,
    new_status: ScheduleStatus | str,
) -> dict[str, Any]:
    """The body of a status-based bulk reschedule."""
    old = check_status(existing_status, field="existing_status")
    new = check_status(new_status, field="new_status")
    if old is new:
        raise InputError("The new trigger is the same as the current one.", field="new_status")
    return {
        "status": "reschedule",
        "apply_to": "all_status_based",
        "existing_status": old.value,
        "schedule_status": new.value,
    }


def in_zone(value: datetime, tz: tzinfo | None) -> datetime | None:
    """``value`` in ``tz`` (None: this machine's zone), or None where that falls outside years
    1 to 9999 (9999-12-31 23:00 -12:00 is already year 10000 in Kiritimati)."""
    try:
        return value.astimezone(tz)
    except (OverflowError, ValueError, OSError):
        pass
    if tz is None:
        return None
    # The conversion goes through UTC, which may leave the range even when the zone has the
    # same offset at that moment (9999-12-31 23:59 -12:00 in Etc/GMT+12): no conversion needed.
    try:
        if tz.utcoffset(value.replace(tzinfo=None)) == value.utcoffset():
            return value.replace(tzinfo=tz)
    except (OverflowError, ValueError, OSError):
        pass
    return None


def v2_time(when: When, timezone: str) -> str:
    """A time as the v2 create's ``yyyyMMddTHHmmss`` wall time in ``timezone``; InputError when
    that wall time falls outside the years 1 to 9999."""
    zone = ZoneInfo(timezone)
    local: datetime | None
    if isinstance(when, datetime):
        local = in_zone(when, zone)
    else:
        try:
            local = datetime.fromtimestamp(when / 1000, zone)
        except (OverflowError, ValueError, OSError):
            local = None
    if local is None:
        raise InputError(
            f"That time cannot be written in {timezone}: there it falls outside the years "
            "1 to 9999.",
            field="schedule_time",
        )
    return f"{local.year:04d}{local:%m%dT%H%M%S}"


def create_body(
    *,
    now_ms: int,
    text: str,
    schedule_time: When | None,
    timezone: str | None,
    status: ScheduleStatus | str | None,
) -> dict[str, Any]:
    """The body of a v2 create: text plus either a time (in a zone) or a trigger."""
    body: dict[str, Any] = {"text": check_text(text, limit=CREATE_TEXT_MAX)}
    if (schedule_time is None) == (status is None):
        raise InputError(
            "Give either a time or a trigger for the new message (exactly one).",
            field="schedule_time",
        )
    if schedule_time is not None:
        future_ms(schedule_time, now_ms=now_ms, field="schedule_time")
        zone = check_timezone(timezone) if timezone is not None else local_timezone_name()
        body["schedule_time"] = v2_time(schedule_time, zone)
        body["schedule_timezone"] = zone
    else:
        if timezone is not None:
            raise InputError("A time zone only applies to a time, not a trigger.", field="timezone")
        assert status is not None
        trigger = check_status(status, field="status")
        body["schedule_status"] = trigger.value
    return body
