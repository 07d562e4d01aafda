"""Planning one edit for several messages, without Textual: what each message gets, or why not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cliq_tui.api.models import ScheduledMessage, ScheduleStatus
from cliq_tui.core.batch_edit import BatchEditChoice, BatchEditPlan, plan_batch_edit, time_note
from cliq_tui.core.requests import EditRequest

# Tue 24 Nov 2026 14:00 UTC.
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
TOKYO = ZoneInfo("Asia/Tokyo")


def message(message_id: str, **fields: object) -> ScheduledMessage:
    data: dict[str, object] = {
        "id": message_id,
        "timezone": "Europe/London",
        "time": "2026-11-25T09:00:00+00:00",
        "message": {"type": "text", "content": {"text": f"Text of {message_id}"}},
        "chat_id": "CT_1",
    }
    data.update(fields)
    return ScheduledMessage.model_validate(data)


LONDON = message("1")
KOLKATA = message("2", timezone="Asia/Kolkata", time="2026-11-25T09:30:00+05:30")
CHECK_IN = message("3", timezone=None, time=None, schedule_status="check_in")
FILE = message("4", message={"type": "file", "content": {"file_name": "q3.pdf"}})


def plan(*messages: ScheduledMessage, **choice: Any) -> BatchEditPlan:
    return plan_batch_edit(messages, BatchEditChoice(**choice), now=NOW, local_zone="UTC")


def test_a_zone_alone_moves_every_timed_message_keeping_its_time_of_day() -> None:
    result = plan(LONDON, KOLKATA, zone="asia/tokyo")
    assert result.refusal is None and [i.message.id for i in result.to_send] == ["1", "2"]
    london, kolkata = (item.request for item in result.items)
    assert london == EditRequest(
        schedule_time=datetime(2026, 11, 25, 9, 0, tzinfo=TOKYO), timezone="Asia/Tokyo"
    )
    assert kolkata == EditRequest(
        schedule_time=datetime(2026, 11, 25, 9, 30, tzinfo=TOKYO), timezone="Asia/Tokyo"
    )
    assert result.items[0].line.startswith("Wed 25 Nov 09:00 Europe/London → 09:00 Asia/Tokyo")
    assert result.items[1].line.startswith("Wed 25 Nov 09:30 Asia/Kolkata → 09:30 Asia/Tokyo")


def test_a_zone_alone_skips_what_it_cannot_change_and_says_why() -> None:
    result = plan(LONDON, CHECK_IN, message("5"), zone="Europe/London")
    assert result.to_send == [] and len(result.skipped) == 3
    assert "skipped: already as set" in result.items[0].line
    assert result.items[1].line == "on check-in · skipped: a zone alone changes timed messages only"
    assert result.refusal == "Nothing to change: every message already is as set."


def test_a_time_is_read_in_each_messages_zone_and_sends_only_the_time() -> None:
    result = plan(LONDON, KOLKATA, when="tomorrow 10:00")
    london, kolkata = (item.request for item in result.items)
    assert london == EditRequest(schedule_time=datetime(2026, 11, 25, 10, tzinfo=UTC))
    assert kolkata is not None and kolkata.timezone is None
    assert kolkata.schedule_time == datetime(2026, 11, 25, 4, 30, tzinfo=UTC)
    note, error = time_note(result, NOW)
    assert note == "The time is read in each message's own zone." and not error


def test_a_time_and_a_zone_give_every_message_the_same_instant() -> None:
    result = plan(LONDON, KOLKATA, CHECK_IN, when="2026-11-26 10:00", zone="Asia/Tokyo")
    expected = datetime(2026, 11, 26, 10, 0, tzinfo=TOKYO)
    for item in result.items:
        assert item.request == EditRequest(schedule_time=expected, timezone="Asia/Tokyo")
    assert result.items[2].line.startswith("on check-in → Thu 26 Nov 10:00 Asia/Tokyo")


def test_a_trigger_message_given_a_time_gets_a_zone_too() -> None:
    (item,) = plan(CHECK_IN, when="+2h").items
    assert item.request == EditRequest(schedule_time=NOW + timedelta(hours=2), timezone="UTC")


def test_a_trigger_applies_to_every_message_not_already_on_it() -> None:
    result = plan(LONDON, CHECK_IN, mode="status", status=ScheduleStatus.CHECK_IN)
    assert result.items[0].request == EditRequest(status=ScheduleStatus.CHECK_IN)
    assert result.items[0].line == "Wed 25 Nov 09:00 Europe/London → on check-in"
    assert result.items[1].request is None and "skipped" in result.items[1].line


def test_the_schedule_fields_of_the_mode_not_chosen_are_ignored() -> None:
    result = plan(LONDON, mode="status", when="+2h", zone="Asia/Tokyo")
    assert result.to_send == [] and result.choice.is_blank


def test_text_goes_to_text_messages_only_and_an_equal_text_is_not_sent() -> None:
    same = message("6", message={"type": "text", "content": {"text": "Hello"}})
    result = plan(LONDON, FILE, same, text="Hello")
    assert [item.request for item in result.items] == [EditRequest(text="Hello"), None, None]
    assert "file message: text cannot be edited" in result.items[1].line
    assert "text unchanged" in result.items[2].line


def test_blank_text_and_blank_fields_change_nothing() -> None:
    result = plan(LONDON, FILE, text="   \n")
    assert result.choice.is_blank and result.to_send == []
    assert all(item.line.endswith("· unchanged") for item in result.items)
    assert result.refusal is not None and result.refusal.startswith("Nothing set")


def test_a_past_time_is_refused_naming_the_message_and_the_time() -> None:
    result = plan(LONDON, KOLKATA, when="2026-11-24 10:00", zone="UTC")
    assert result.to_send == [] and len(result.problems) == 2
    assert result.refusal == (
        "“Text of 1” would move to Tue 24 Nov 10:00 UTC, which has passed (and 1 more)."
    )
    assert result.items[0].line.startswith("✗ Wed 25 Nov 09:00 Europe/London → ")


def test_a_zone_alone_that_moves_a_message_into_the_past_is_refused() -> None:
    soon = message("7", time="2026-11-24T14:30:00+00:00")  # 14:30 London, in 30 minutes
    result = plan(soon, zone="Asia/Tokyo")  # 14:30 in Tokyo was hours ago
    assert result.to_send == [] and result.refusal is not None
    assert "Tue 24 Nov 14:30 Asia/Tokyo, which has passed" in result.refusal


def test_fields_that_cannot_be_read_are_one_error_and_nothing_is_sent() -> None:
    zone = plan(LONDON, zone="Mars/Base")
    assert zone.error_field == "zone" and zone.to_send == []
    assert zone.refusal is not None and "Mars/Base" in zone.refusal
    when = plan(LONDON, when="yesterday-ish")
    assert when.error_field == "when" and when.to_send == []
    assert time_note(when, NOW)[1] is True
    long = plan(LONDON, text="x" * 5001)
    assert long.error_field == "text" and long.refusal is not None and "1 character" in long.refusal


def test_remove_file_goes_to_file_messages_only() -> None:
    result = plan(LONDON, FILE, remove_file=True)
    assert result.items[0].request is None and "no file to remove" in result.items[0].line
    assert result.items[1].request == EditRequest(remove_file=True)


def test_the_summary_counts_what_changes_and_what_is_skipped() -> None:
    assert plan(LONDON, CHECK_IN, zone="Asia/Tokyo").summary == "1 to change, 1 unchanged (skipped)"
    assert plan(LONDON).summary == "Nothing set yet: each message stays as it is."
