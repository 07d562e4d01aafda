"""What the dialogs' time fields offer and say, on a pinned clock (cliq_tui.core.timefield)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cliq_tui.core.timefield import (
    pick_named,
    preview_line,
    quick_picks,
    read_time,
    reschedule_problem,
    withdrawn_pick_line,
    zone_line,
)
from cliq_tui.core.timeparse import parse_typed

TOKYO = ZoneInfo("Asia/Tokyo")
KOLKATA = ZoneInfo("Asia/Kolkata")
# Tue 24 Nov 2026 01:00 UTC: 10:00 in Tokyo (9 AM has passed), 06:30 in Kolkata (still ahead).
MORNING = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)


def labels(now: datetime, zone: ZoneInfo) -> list[str]:
    return [pick.label for pick in quick_picks(now, zone)]


# --- quick picks -------------------------------------------------------------------------


def test_today_9am_is_offered_only_where_it_is_still_ahead() -> None:
    assert labels(MORNING, KOLKATA) == ["Today 9 AM", "Tomorrow 9 AM", "Monday 9 AM"]
    assert labels(MORNING, TOKYO) == ["Tomorrow 9 AM", "Monday 9 AM"]


def test_a_pick_is_written_as_the_wall_time_of_its_zone() -> None:
    tomorrow = quick_picks(MORNING, TOKYO)[0]
    assert tomorrow.when == datetime(2026, 11, 25, 9, 0, tzinfo=TOKYO)
    assert tomorrow.field_text == "2026-11-25 09:00"
    # Read back in the same zone, the field means the pick's instant.
    assert read_time(tomorrow.field_text, "Asia/Tokyo", now=MORNING).time == tomorrow.when


def test_a_pick_pressed_after_its_time_passed_is_withdrawn_not_applied() -> None:
    before_nine = datetime(2026, 11, 24, 3, 29, tzinfo=UTC)  # 08:59 in Kolkata
    today = pick_named("Today 9 AM", before_nine, KOLKATA)
    assert today is not None and today.field_text == "2026-11-24 09:00"
    after_nine = datetime(2026, 11, 24, 3, 31, tzinfo=UTC)
    assert pick_named("Today 9 AM", after_nine, KOLKATA) is None
    assert withdrawn_pick_line("Today 9 AM", KOLKATA) == (
        "✗ Today 9 AM has passed in Asia/Kolkata: pick a time still ahead.",
        True,
    )


ZONES = ["Asia/Tokyo", "Asia/Kolkata", "Europe/London", "America/New_York", "Pacific/Kiritimati"]


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1)),
    st.sampled_from(ZONES),
)
def test_every_pick_is_ahead_and_at_9am_in_its_zone(naive: datetime, name: str) -> None:
    now, zone = naive.replace(tzinfo=UTC), ZoneInfo(name)
    picks = quick_picks(now, zone)
    assert picks, "at least tomorrow is always offered"
    for pick in picks:
        assert pick.when > now
        assert pick.when.astimezone(zone).time() == time(9, 0)
        assert read_time(pick.field_text, name, now=now).ok


# --- what a typed time means ---------------------------------------------------------------


def test_a_passed_wall_time_means_tomorrow_and_the_preview_says_so() -> None:
    value = read_time("08:00", "Asia/Tokyo", now=MORNING)
    assert value.ok and value.rolled
    assert value.time == datetime(2026, 11, 25, 8, 0, tzinfo=TOKYO)
    assert preview_line(value, MORNING).text == (
        "→ 08:00 has passed today in Asia/Tokyo: tomorrow, Wed 25 Nov 08:00 JST (in 22h)"
    )


def test_the_same_wall_time_still_ahead_in_another_zone_means_today() -> None:
    value = read_time("08:00", "Asia/Kolkata", now=MORNING)
    assert value.ok and not value.rolled
    assert preview_line(value, MORNING).text == "→ Tue 24 Nov 08:00 IST — in 1h 30m"


def test_a_weekday_typed_on_that_day_after_its_time_means_next_week() -> None:
    value = read_time("tuesday 9am", "Asia/Tokyo", now=MORNING)
    assert value.rolled
    assert preview_line(value, MORNING).text == (
        "→ Tuesday 09:00 has passed today in Asia/Tokyo: next Tuesday, "
        "Tue 01 Dec 09:00 JST (in 6d 23h)"
    )


@pytest.mark.parametrize("text", ["+2h", "tomorrow 8:00", "2026-11-30 08:00", "1796000000000"])
def test_times_that_name_their_day_never_say_they_rolled(text: str) -> None:
    assert not parse_typed(text, tz=TOKYO, now=MORNING).rolled


def test_today_at_a_passed_time_is_refused_and_names_the_time() -> None:
    value = read_time("today 8:00", "Asia/Tokyo", now=MORNING)
    assert value.passed and not value.ok
    line = preview_line(value, MORNING)
    assert line.error
    assert line.text == (
        "✗ That time has passed (Tue 24 Nov 08:00 JST — 2h ago): pick a time in the future."
    )


def test_the_one_allowed_past_time_is_accepted() -> None:
    overdue = datetime(2026, 11, 24, 8, 0, tzinfo=TOKYO)
    value = read_time("2026-11-24 08:00", "Asia/Tokyo", now=MORNING, allowed_past=overdue)
    assert value.ok and not value.passed


def test_the_preview_counts_down_as_the_clock_moves() -> None:
    value = read_time("2026-11-24 11:00", "Asia/Tokyo", now=MORNING)
    assert preview_line(value, MORNING).text.endswith("— in 1h")
    later = MORNING + timedelta(minutes=59, seconds=30)
    assert preview_line(value, later).text.endswith("— in 30s")


def test_an_empty_zone_is_read_in_the_local_zone_only_where_optional() -> None:
    assert read_time("+1h", "", now=MORNING).zone_error is not None
    optional = read_time("+1h", "", now=MORNING, timezone_optional=True)
    assert optional.ok
    assert zone_line(optional, timezone_optional=True).text.startswith("Times are read in ")


def test_an_empty_time_is_an_error_only_when_required() -> None:
    assert read_time("", "Asia/Tokyo", now=MORNING, required=False).time_error is None
    assert read_time("", "Asia/Tokyo", now=MORNING).time_error == (
        "Enter a time, or pick one above."
    )


# --- the reschedule dialog's verdict -------------------------------------------------------

DUE = datetime(2026, 11, 25, 9, 0, tzinfo=TOKYO)


def test_a_passed_new_time_is_named_and_refused() -> None:
    value = read_time("today 8:00", "Asia/Tokyo", now=MORNING)
    assert reschedule_problem(value, 2, DUE, MORNING) == (
        "2 messages cannot move to Tue 24 Nov 08:00 JST: that time passed 2h ago. "
        "Pick a time in the future."
    )


def test_a_time_that_passes_while_waiting_is_refused_then() -> None:
    value = read_time("2026-11-24 10:05", "Asia/Tokyo", now=MORNING)
    assert reschedule_problem(value, 2, DUE, MORNING) is None
    later = MORNING + timedelta(minutes=6)
    value = read_time("2026-11-24 10:05", "Asia/Tokyo", now=later)
    problem = reschedule_problem(value, 1, DUE, later)
    assert problem is not None
    assert problem.startswith("1 message cannot move to Tue 24 Nov 10:05 JST: that time passed")


def test_other_reschedule_problems_are_worded_apart() -> None:
    empty = read_time("", "", now=MORNING, required=False, timezone_optional=True)
    assert reschedule_problem(empty, 2, DUE, MORNING) == "Pick the new time for 2 messages."
    same = read_time("2026-11-25 09:00", "Asia/Tokyo", now=MORNING)
    assert reschedule_problem(same, 2, DUE, MORNING) == "That is the time they are already due at."
    bad_zone = read_time("+1h", "Asia/Tokio", now=MORNING)
    assert "Unknown time zone" in (reschedule_problem(bad_zone, 2, DUE, MORNING) or "")
    unreadable = read_time("soonish", "Asia/Tokyo", now=MORNING)
    assert "Cannot read" in (reschedule_problem(unreadable, 2, DUE, MORNING) or "")
