"""Property tests of the time and time-zone parsers: a correct value or an InputError, never any
other exception, for any text, any zone and any "now"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from cliq_tui.api.errors import InputError
from cliq_tui.api.validation import all_timezones
from cliq_tui.core.timeparse import complete_timezone, parse_when, resolve_timezone

ZONE_NAMES = sorted(all_timezones())
zones = st.sampled_from(ZONE_NAMES).map(ZoneInfo)
# Any instant a clock could report, including the far edges of what datetime can hold.
nows = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
)
# Pieces people type, glued in any order: the parser's own words, numbers and stray symbols.
WORDS = [
    "today", "tomorrow", "monday", "fri", "in", "+", "and", ",", "am", "pm", "9", "17:30",
    "0:00", "12", "99", "2026-06-01", "T", "09:00", "Z", "+05:30", "-", "1d", "2h", "30m",
    "1w", "999999", "weeks", "hours", "min", ":", ".", "1780304400000", "0", " ",
]  # fmt: skip
typed = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join) | st.text(max_size=60)


def parses_or_refuses(text: str, tz: ZoneInfo, now: datetime) -> datetime | None:
    """The parsed time, or None when the parser refused with an InputError naming the field."""
    try:
        result = parse_when(text, tz=tz, now=now)
    except InputError as exc:
        assert exc.field == "when"
        assert "Use a time like" in exc.message or "Give a time" in exc.message
        return None
    assert isinstance(result, datetime)
    assert result.tzinfo is not None and result.utcoffset() is not None
    return result


@settings(max_examples=400, deadline=None)
@given(text=typed, tz=zones, now=nows)
@example(text="+999999w", tz=ZoneInfo("UTC"), now=datetime(9999, 12, 30, tzinfo=UTC))
@example(
    text="tomorrow 9am", tz=ZoneInfo("Pacific/Kiritimati"), now=datetime(9999, 12, 30, tzinfo=UTC)
)
@example(text="monday", tz=ZoneInfo("UTC"), now=datetime(9999, 12, 30, tzinfo=UTC))
@example(text="17:30", tz=ZoneInfo("Etc/GMT+12"), now=datetime(1, 1, 2, tzinfo=UTC))
@example(text="99999999999999", tz=ZoneInfo("UTC"), now=datetime(2026, 1, 1, tzinfo=UTC))
@example(text="١٢:٣٠", tz=ZoneInfo("UTC"), now=datetime(2026, 1, 1, tzinfo=UTC))
@example(text="2026-06-01T09:00+99:00", tz=ZoneInfo("UTC"), now=datetime(2026, 1, 1, tzinfo=UTC))
@example(text="\x00", tz=ZoneInfo("UTC"), now=datetime(2026, 1, 1, tzinfo=UTC))
def test_parse_when_gives_an_aware_time_or_an_input_error(
    text: str, tz: ZoneInfo, now: datetime
) -> None:
    parses_or_refuses(text, tz, now)


@settings(max_examples=200, deadline=None)
@given(
    when=st.datetimes(
        min_value=datetime(1971, 1, 1), max_value=datetime(9000, 1, 1), timezones=zones
    )
)
def test_an_iso_time_with_its_offset_reads_back_as_the_same_instant(when: datetime) -> None:
    result = parse_when(when.isoformat(), tz=ZoneInfo("UTC"), now=datetime.now(UTC))
    # Instants, not ==: aware datetimes in a DST fold or gap never compare equal across zones.
    assert result.timestamp() == when.timestamp()


@settings(max_examples=200, deadline=None)
@given(ms=st.integers(min_value=10**11, max_value=99_999_999_999_999), tz=zones)
def test_epoch_milliseconds_read_back_as_that_instant(ms: int, tz: ZoneInfo) -> None:
    result = parse_when(str(ms), tz=tz, now=datetime(2026, 1, 1, tzinfo=UTC))
    assert round(result.timestamp() * 1000) == ms


@settings(max_examples=200, deadline=None)
@given(
    days=st.integers(0, 30),
    hours=st.integers(0, 48),
    minutes=st.integers(0, 600),
    now=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=zones
    ),
)
def test_a_relative_time_is_now_plus_the_span(
    days: int, hours: int, minutes: int, now: datetime
) -> None:
    assume(days or hours or minutes)
    text = f"+{days}d {hours}h {minutes}m"
    result = parse_when(text, tz=ZoneInfo("UTC"), now=now)
    # Elapsed time, not wall-clock arithmetic: "+1d" across a DST change is still 24 hours.
    span = timedelta(days=days, hours=hours, minutes=minutes)
    # Compared as exact times in UTC: float timestamps near 2038 lose the microseconds.
    assert result.astimezone(UTC) - now.astimezone(UTC) == span


@settings(max_examples=200, deadline=None)
@given(hour=st.integers(0, 23), minute=st.integers(0, 59), tz=zones, now=nows)
def test_a_wall_clock_time_is_in_the_future_within_a_day_or_refused(
    hour: int, minute: int, tz: ZoneInfo, now: datetime
) -> None:
    result = parses_or_refuses(f"{hour}:{minute:02d}", tz, now)
    if result is None:
        return  # the far edge of the calendar: refused, not crashed
    assert result.tzinfo is tz
    assert (result.hour, result.minute) == (hour, minute)  # the wall time asked for, in tz
    assert now < result <= now + timedelta(days=1, hours=2)


@settings(max_examples=300, deadline=None)
@given(name=st.text(max_size=40) | st.sampled_from(ZONE_NAMES).map(str.swapcase))
@example(name="")
@example(name="\x00")
@example(name="../../etc/passwd")
@example(name="a" * 500)
def test_resolve_timezone_gives_a_zone_or_an_input_error_with_hints(name: str) -> None:
    try:
        zone = resolve_timezone(name)
    except InputError as exc:
        assert exc.field == "timezone"
        assert "Use an IANA name such as Europe/London." in exc.message
        return
    assert zone.key in all_timezones()
    assert zone.key.lower() == name.strip().replace(" ", "_").lower()


@settings(max_examples=300, deadline=None)
@given(prefix=st.text(max_size=30), limit=st.integers(0, 50))
def test_complete_timezone_returns_known_zones_within_the_limit(prefix: str, limit: int) -> None:
    names = complete_timezone(prefix, limit=limit)
    assert len(names) <= limit
    assert len(set(names)) == len(names)
    assert all(name in all_timezones() for name in names)


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(ZONE_NAMES), cut=st.integers(1, 40))
def test_every_prefix_of_a_zone_name_completes_to_it(name: str, cut: int) -> None:
    prefix = name[:cut]
    assert name in complete_timezone(prefix, limit=len(ZONE_NAMES))
