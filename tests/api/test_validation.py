"""Validation before sending: bad input raises InputError naming the field, and sends nothing."""

from __future__ import annotations

from datetime import datetime

import pytest

from cliq_tui.api import InputError
from cliq_tui.api.validation import (
    check_page_size,
    check_timezone,
    create_body,
    edit_body,
    epoch_ms,
    local_timezone_name,
    reschedule_status_body,
    reschedule_time_body,
    v2_time,
)
from tests.support.client import Harness
from tests.support.servers import first_chat_with

NOW_MS = 1_780_304_400_000  # 2026-06-01T09:00:00Z
LATER_MS = NOW_MS + 3_600_000


def _edit(**kwargs: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "text": None,
        "schedule_time": None,
        "timezone": None,
        "status": None,
        "remove_file": False,
    }
    fields.update(kwargs)
    return edit_body(now_ms=NOW_MS, **fields)  # type: ignore[arg-type]


def _field_of(call: object) -> str | None:
    with pytest.raises(InputError) as caught:
        call()  # type: ignore[operator]
    return caught.value.field


def test_edit_needs_at_least_one_field() -> None:
    with pytest.raises(InputError, match="Nothing to change"):
        _edit()


def test_edit_text_over_5000_characters_is_refused() -> None:
    assert _field_of(lambda: _edit(text="x" * 5001)) == "text"
    assert _edit(text="x" * 5000) == {"text": "x" * 5000}


def test_edit_blank_text_is_refused() -> None:
    assert _field_of(lambda: _edit(text="   ")) == "text"


def test_edit_time_and_status_are_exclusive() -> None:
    assert _field_of(lambda: _edit(schedule_time=LATER_MS, status="call_end")) == "status"


def test_edit_time_in_the_past_is_refused() -> None:
    assert _field_of(lambda: _edit(schedule_time=NOW_MS - 1)) == "schedule_time"


def test_edit_naive_datetime_is_refused() -> None:
    assert _field_of(lambda: _edit(schedule_time=datetime(2030, 1, 1))) == "schedule_time"


def test_edit_unknown_timezone_is_refused() -> None:
    assert _field_of(lambda: _edit(schedule_time=LATER_MS, timezone="Mars/Olympus")) == "timezone"


def test_edit_unknown_trigger_is_refused() -> None:
    assert _field_of(lambda: _edit(status="on_lunch")) == "status"


def test_edit_check_in_is_left_for_cliq_to_judge() -> None:
    assert _edit(status="check_in") == {"schedule_status": "check_in"}


def test_edit_body_uses_the_spec_field_names() -> None:
    body = _edit(text="t", schedule_time=LATER_MS, timezone="Asia/Kolkata", remove_file=True)

    assert body == {
        "text": "t",
        "schedule_time": LATER_MS,
        "schedule_timezone": "Asia/Kolkata",
        "file_remove": True,
    }


def test_epoch_seconds_are_taken_for_a_mistake() -> None:
    with pytest.raises(InputError, match="seconds"):
        epoch_ms(1_780_304_400, field="time")


def test_reschedule_time_needs_a_new_time_in_the_future() -> None:
    with pytest.raises(InputError) as caught:
        reschedule_time_body(now_ms=NOW_MS, time=LATER_MS, new_time=NOW_MS - 5, timezone=None)

    assert caught.value.field == "new_time"


def test_reschedule_time_to_the_same_time_is_refused() -> None:
    with pytest.raises(InputError):
        reschedule_time_body(now_ms=NOW_MS, time=LATER_MS, new_time=LATER_MS, timezone=None)


def test_reschedule_status_needs_two_different_valid_triggers() -> None:
    with pytest.raises(InputError):
        reschedule_status_body(existing_status="check_in", new_status="check_in")
    with pytest.raises(InputError):
        reschedule_status_body(existing_status="check_in", new_status="lunch")


def test_create_needs_exactly_one_of_time_and_trigger() -> None:
    common = {"now_ms": NOW_MS, "text": "hi", "timezone": None}
    with pytest.raises(InputError):
        create_body(schedule_time=None, status=None, **common)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        create_body(schedule_time=LATER_MS, status="call_end", **common)  # type: ignore[arg-type]


def test_create_text_over_4096_characters_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        create_body(
            now_ms=NOW_MS, text="x" * 4097, schedule_time=None, timezone=None, status="call_end"
        )

    assert caught.value.field == "text"


def test_create_time_defaults_to_the_local_zone() -> None:
    body = create_body(now_ms=NOW_MS, text="hi", schedule_time=LATER_MS, timezone=None, status=None)

    assert body["schedule_timezone"] == local_timezone_name()


def test_v2_time_is_the_wall_time_in_the_zone() -> None:
    assert v2_time(NOW_MS, "Asia/Kolkata") == "20260601T143000"
    assert v2_time(NOW_MS, "UTC") == "20260601T090000"


def test_page_size_must_be_positive() -> None:
    with pytest.raises(InputError):
        check_page_size(0)
    assert check_page_size(250) == 100


def test_timezone_must_be_an_iana_name() -> None:
    assert check_timezone("Europe/London") == "Europe/London"
    with pytest.raises(InputError):
        check_timezone("GMT+5:30")


async def test_the_client_sends_nothing_for_invalid_input(harness: Harness) -> None:
    chat_id, messages = first_chat_with(harness.server, lambda m: True)

    with pytest.raises(InputError):
        await harness.client.edit_message(chat_id, messages[0]["id"], text="x" * 5001)
    with pytest.raises(InputError):
        await harness.client.reschedule_status_based(
            chat_id, existing_status="call_end", new_status="call_end"
        )
    with pytest.raises(InputError):
        await harness.client.send_now(chat_id, "")

    assert harness.transport.sent == []


async def test_future_is_judged_by_the_clients_clock(harness: Harness) -> None:
    chat_id, messages = first_chat_with(harness.server, lambda m: True)
    fake_now = harness.server.state.now_ms()

    with pytest.raises(InputError):
        await harness.client.edit_message(chat_id, messages[0]["id"], schedule_time=fake_now - 1)
    edited = await harness.client.edit_message(
        chat_id, messages[0]["id"], schedule_time=fake_now + 60_000
    )

    assert edited.due_epoch_ms == fake_now + 60_000
