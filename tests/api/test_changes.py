"""Changes end to end against the fake server: the requests sent and what they did."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cliq_tui.api import InputError, ScheduleStatus
from tests.support.client import Harness
from tests.support.servers import chat_of_type, first_chat_with

HOUR_MS = 3_600_000


def _now_ms(h: Harness) -> int:
    return h.server.state.now_ms()


async def test_send_now_delivers_one_message(harness: Harness) -> None:
    chat_id, messages = first_chat_with(harness.server, lambda m: True)
    target = messages[0]["id"]

    await harness.client.send_now(chat_id, target)

    assert harness.transport.bodies() == [{"status": "send", "id": target}]
    assert harness.transport.sent[0].method == "POST"
    assert [(d["id"], d["via"]) for d in harness.server.state.deliveries()] == [
        (target, "send_now")
    ]


async def test_send_all_now_delivers_every_message_of_the_chat(harness: Harness) -> None:
    chat_id, messages = first_chat_with(harness.server, lambda m: True)

    await harness.client.send_all_now(chat_id)

    assert harness.transport.bodies() == [{"status": "send", "apply_to": "all"}]
    delivered = {d["id"] for d in harness.server.state.deliveries()}
    assert delivered == {m["id"] for m in messages}


async def test_reschedule_time_based_moves_the_messages_due_at_that_time(
    harness: Harness,
) -> None:
    chat_id, messages = first_chat_with(harness.server, lambda m: "time" in m)
    due = datetime.fromisoformat(messages[0]["time"])
    new = due + timedelta(days=1)

    moved = await harness.client.reschedule_time_based(
        chat_id, time=due, new_time=new, timezone="Asia/Kolkata"
    )

    assert harness.transport.bodies() == [
        {
            "status": "reschedule",
            "apply_to": "all_time_based",
            "time": int(due.timestamp() * 1000),
            "schedule_time": int(new.timestamp() * 1000),
            "schedule_timezone": "Asia/Kolkata",
        }
    ]
    assert messages[0]["id"] in {m.id for m in moved}
    assert all(m.time == new and m.chat_id == chat_id for m in moved)


async def test_reschedule_status_based_switches_the_trigger(harness: Harness) -> None:
    chat_id, messages = first_chat_with(harness.server, lambda m: "schedule_status" in m)
    old = messages[0]["schedule_status"]
    new = next(s for s in ("call_end", "check_out") if s != old)

    moved = await harness.client.reschedule_status_based(
        chat_id, existing_status=old, new_status=new
    )

    assert harness.transport.bodies()[0] == {
        "status": "reschedule",
        "apply_to": "all_status_based",
        "existing_status": old,
        "schedule_status": new,
    }
    assert moved and all(m.schedule_status == ScheduleStatus(new) for m in moved)


async def test_edit_text_returns_the_message_as_the_server_has_it(harness: Harness) -> None:
    chat_id, messages = first_chat_with(harness.server, lambda m: m["message"]["type"] == "text")
    target = messages[0]["id"]

    edited = await harness.client.edit_message(chat_id, target, text="New words")

    assert harness.transport.sent[0].method == "PUT"
    assert harness.transport.sent[0].url.path.endswith(f"/{chat_id}/scheduledmessages/{target}")
    assert harness.transport.bodies() == [{"text": "New words"}]
    assert edited.text == "New words"
    assert edited.chat_id == chat_id
    assert harness.server.state.message(target)["message"]["content"]["text"] == "New words"


async def test_edit_time_sends_epoch_ms_and_the_timezone(harness: Harness) -> None:
    chat_id, messages = first_chat_with(harness.server, lambda m: True)
    new_ms = _now_ms(harness) + 5 * HOUR_MS

    edited = await harness.client.edit_message(
        chat_id, messages[0]["id"], schedule_time=new_ms, timezone="Europe/London"
    )

    assert harness.transport.bodies() == [
        {"schedule_time": new_ms, "schedule_timezone": "Europe/London"}
    ]
    assert edited.due_epoch_ms == new_ms
    assert edited.timezone == "Europe/London"


async def test_edit_status_makes_the_message_status_based(harness: Harness) -> None:
    chat_id, messages = first_chat_with(harness.server, lambda m: "time" in m)

    edited = await harness.client.edit_message(
        chat_id, messages[0]["id"], status=ScheduleStatus.CALL_END
    )

    assert harness.transport.bodies() == [{"schedule_status": "call_end"}]
    assert edited.schedule_status is ScheduleStatus.CALL_END
    assert edited.time is None


async def test_edit_remove_file_sends_file_remove(harness: Harness) -> None:
    chat_id, messages = first_chat_with(harness.server, lambda m: m["message"]["type"] == "file")

    edited = await harness.client.edit_message(chat_id, messages[0]["id"], remove_file=True)

    assert harness.transport.bodies() == [{"file_remove": True}]
    assert edited.id == messages[0]["id"]


async def test_delete_message_removes_it(harness: Harness) -> None:
    chat_id, messages = first_chat_with(harness.server, lambda m: True)

    await harness.client.delete_message(chat_id, messages[0]["id"])

    assert harness.transport.sent[0].method == "DELETE"
    assert harness.server.state.message(messages[0]["id"]) is None


async def test_delete_all_empties_the_chat(harness: Harness) -> None:
    chat_id, _ = first_chat_with(harness.server, lambda m: True)

    await harness.client.delete_all(chat_id)

    assert not [m for m in harness.server.state.messages() if m["chat_id"] == chat_id]
    assert harness.server.state.deliveries() == []


async def test_create_time_based_sends_wall_time_in_the_zone(harness: Harness) -> None:
    chat_id = chat_of_type(harness.server, "group_chat")
    zone = ZoneInfo("Asia/Kolkata")
    when = datetime.fromtimestamp(_now_ms(harness) / 1000, zone).replace(
        second=0, microsecond=0
    ) + timedelta(hours=3)

    created = await harness.client.create_message(
        chat_id, text="Hello later", schedule_time=when, timezone="Asia/Kolkata"
    )

    assert harness.transport.sent[0].url.path == f"/api/v2/chats/{chat_id}/scheduledmessages"
    assert harness.transport.bodies() == [
        {
            "text": "Hello later",
            "schedule_time": when.strftime("%Y%m%dT%H%M%S"),
            "schedule_timezone": "Asia/Kolkata",
        }
    ]
    assert created is not None
    assert created.time == when.astimezone(UTC)
    assert created.chat_id == chat_id
    assert harness.server.state.message(created.id) is not None


async def test_create_status_based_sends_the_trigger(harness: Harness) -> None:
    chat_id = chat_of_type(harness.server, "group_chat")

    created = await harness.client.create_message(
        chat_id, text="When free", status="user_available"
    )

    assert harness.transport.bodies() == [
        {"text": "When free", "schedule_status": "user_available"}
    ]
    assert created is not None
    assert created.schedule_status is ScheduleStatus.USER_AVAILABLE


async def test_chat_ids_that_would_change_the_path_are_refused_unsent(harness: Harness) -> None:
    with pytest.raises(InputError, match="not a valid chat id"):
        await harness.client.delete_all("odd/chat id")

    assert harness.transport.sent == []
