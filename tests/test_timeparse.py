"""Reading typed times and time zones (cliq_tui.core.timeparse)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cliq_tui.api.errors import InputError
from cliq_tui.core.timeparse import (
    complete_timezone,
    format_relative,
    local_timezone_name,
    parse_when,
    quick_picks,
    resolve_timezone,
)

KOLKATA = ZoneInfo("Asia/Kolkata")
# Tuesday 2026-11-24 14:00 in Kolkata.
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=KOLKATA)


def at(text: str) -> datetime:
    return parse_when(text, tz=KOLKATA, now=NOW)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=KOLKATA)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1780304400000", datetime(2026, 6, 1, 9, 0, tzinfo=UTC)),
        ("2026-12-01T09:00", local(2026, 12, 1, 9, 0)),
        ("2026-12-01 09:00", local(2026, 12, 1, 9, 0)),
        ("2026-12-01T09:00:00+00:00", datetime(2026, 12, 1, 9, 0, tzinfo=UTC)),
        ("2026-12-01T09:00Z", datetime(2026, 12, 1, 9, 0, tzinfo=UTC)),
        ("+2h", local(2026, 11, 24, 16, 0)),
        ("+30m", local(2026, 11, 24, 14, 30)),
        ("+1d2h", local(2026, 11, 25, 16, 0)),
        ("in 2h", local(2026, 11, 24, 16, 0)),
        ("in 1 hour 15 minutes", local(2026, 11, 24, 15, 15)),
        ("today 17:30", local(2026, 11, 24, 17, 30)),
        ("tomorrow 17:30", local(2026, 11, 25, 17, 30)),
        ("tomorrow 9am", local(2026, 11, 25, 9, 0)),
        ("Tomorrow 9:15 PM", local(2026, 11, 25, 21, 15)),
        ("monday 9:00", local(2026, 11, 30, 9, 0)),
        ("tue 15:00", local(2026, 11, 24, 15, 0)),
        ("tuesday 9:00", local(2026, 12, 1, 9, 0)),
        ("17:30", local(2026, 11, 24, 17, 30)),
        ("13:00", local(2026, 11, 25, 13, 0)),
        ("12am", local(2026, 11, 25, 0, 0)),
    ],
)
def test_parse_when_reads_the_documented_formats(text: str, expected: datetime) -> None:
    assert at(text) == expected


def test_parse_when_returns_an_aware_datetime() -> None:
    assert at("17:30").tzinfo is not None


@pytest.mark.parametrize(
    "text", ["", "   ", "soon", "17", "25:00", "13pm", "+0h", "in 2 fortnights", "2026-13-01"]
)
def test_parse_when_refuses_what_is_not_a_time_and_says_what_works(text: str) -> None:
    with pytest.raises(InputError) as caught:
        at(text)

    assert "tomorrow 9am" in str(caught.value)
    assert caught.value.field == "when"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_gives_a_datetime_or_an_input_error(text: str) -> None:
    try:
        result = at(text)
    except InputError:
        return
    assert result.tzinfo is not None


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"(\+|in )?[0-9]{1,12}[dhmw ]{0,3}[0-9:apm ]{0,8}", fullmatch=True))
def test_number_heavy_text_never_raises_anything_but_input_error(text: str) -> None:
    try:
        result = at(text)
    except InputError:
        return
    assert result.tzinfo is not None


def test_quick_picks_offer_today_only_while_9am_is_ahead() -> None:
    morning = datetime(2026, 11, 24, 7, 0, tzinfo=KOLKATA)

    assert [label for label, _ in quick_picks(morning, KOLKATA)] == [
        "Today 9 AM",
        "Tomorrow 9 AM",
        "Monday 9 AM",
    ]
    assert [label for label, _ in quick_picks(NOW, KOLKATA)] == ["Tomorrow 9 AM", "Monday 9 AM"]


def test_quick_picks_monday_is_the_next_monday_at_9() -> None:
    picks = dict(quick_picks(NOW, KOLKATA))

    assert picks["Monday 9 AM"] == local(2026, 11, 30, 9, 0)
    assert picks["Tomorrow 9 AM"] == local(2026, 11, 25, 9, 0)


def test_quick_picks_on_a_sunday_do_not_offer_monday_twice() -> None:
    sunday = datetime(2026, 11, 29, 12, 0, tzinfo=KOLKATA)

    labels = [label for label, _ in quick_picks(sunday, KOLKATA)]

    assert labels == ["Tomorrow 9 AM"]


def test_resolve_timezone_is_case_insensitive() -> None:
    assert resolve_timezone("asia/kolkata") == KOLKATA


def test_resolve_timezone_suggests_close_names() -> None:
    with pytest.raises(InputError, match="Asia/Kolkata"):
        resolve_timezone("Asia/Kolkatta")


def test_complete_timezone_matches_segments() -> None:
    assert complete_timezone("kolk") == ["Asia/Kolkata"]
    assert "America/New_York" in complete_timezone("new y")
    assert complete_timezone("europe/lon")[0] == "Europe/London"


def test_complete_timezone_respects_the_limit() -> None:
    assert len(complete_timezone("a", limit=5)) == 5


@pytest.mark.parametrize("prefix", ["", "a"])
@pytest.mark.parametrize("limit", [0, -1])
def test_complete_timezone_with_a_non_positive_limit_returns_nothing(
    prefix: str, limit: int
) -> None:
    assert complete_timezone(prefix, limit=limit) == []


def test_local_timezone_name_is_a_real_zone() -> None:
    assert ZoneInfo(local_timezone_name())


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(hours=2, minutes=10), "in 2h 10m"),
        (timedelta(days=3, hours=4, minutes=5), "in 3d 4h"),
        (timedelta(minutes=-5), "5m ago"),
        (timedelta(seconds=40), "in 40s"),
        (timedelta(hours=1), "in 1h"),
    ],
)
def test_format_relative(delta: timedelta, text: str) -> None:
    assert format_relative(NOW + delta, NOW) == text
