"""Edit, bulk reschedule, delete and the v2 create, as the spec describes them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import httpx

from cliq_tui.fake import FakeServer
from tests.support.servers import CHAT_MESSAGES, HOUR_MS, chat_of_type, pending


def epoch_ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp() * 1000)


def a_message(server: FakeServer, chat_type: str, *, timed: bool) -> tuple[str, dict]:
    for chat in server.state.chats():
        if chat["chat_type"] != chat_type:
            continue
        for message in pending(server, chat["chat_id"]):
            if ("time" in message) == timed and message["message"]["type"] == "text":
                return chat["chat_id"], message
    raise LookupError(chat_type)


def test_edit_text_returns_the_item_with_new_text(api, fake_server: FakeServer) -> None:
    chat_id, message = a_message(fake_server, "group_chat", timed=True)
    url = CHAT_MESSAGES.format(chat_id) + f"/{message['id']}"
    response = api.put(url, json={"text": "Updated"})
    assert response.status_code == 200
    body = response.json()
    assert body["url"] == url and body["type"] == "scheduledmessages"
    assert body["data"]["id"] == message["id"]
    assert body["data"]["message"]["content"]["text"] == "Updated"


def test_edit_time_and_timezone_moves_the_message(api, fake_server: FakeServer) -> None:
    chat_id, message = a_message(fake_server, "group_chat", timed=True)
    url = CHAT_MESSAGES.format(chat_id) + f"/{message['id']}"
    new_time = fake_server.state.now_ms() // 60_000 * 60_000 + 5 * HOUR_MS
    data = api.put(url, json={"schedule_time": new_time, "schedule_timezone": "Asia/Tokyo"}).json()
    assert epoch_ms(data["data"]["time"]) == new_time
    assert data["data"]["timezone"] == "Asia/Tokyo"
    assert data["data"]["time"].endswith("+09:00")


def test_edit_status_switches_to_status_based(api, fake_server: FakeServer) -> None:
    chat_id, message = a_message(fake_server, "group_chat", timed=True)
    url = CHAT_MESSAGES.format(chat_id) + f"/{message['id']}"
    data = api.put(url, json={"schedule_status": "check_in"}).json()["data"]
    assert data["schedule_status"] == "check_in"
    assert "time" not in data


def test_edit_time_switches_to_time_based(api, fake_server: FakeServer) -> None:
    chat_id, message = a_message(fake_server, "group_chat", timed=False)
    url = CHAT_MESSAGES.format(chat_id) + f"/{message['id']}"
    new_time = fake_server.state.now_ms() + 2 * HOUR_MS
    data = api.put(url, json={"schedule_time": new_time}).json()["data"]
    assert "schedule_status" not in data and "time" in data


def test_file_remove_keeps_file_fields_in_the_response(api, fake_server) -> None:
    message = next(m for m in pending(fake_server) if m["message"]["type"] == "file")
    url = CHAT_MESSAGES.format(message["chat_id"]) + f"/{message['id']}"
    data = api.put(url, json={"file_remove": True}).json()["data"]
    assert data["message"]["content"]["file_name"] == message["message"]["content"]["file_name"]
    assert fake_server.state.store.messages[message["id"]].file_removed


def test_file_remove_on_a_text_message_is_refused(api, fake_server: FakeServer) -> None:
    chat_id, message = a_message(fake_server, "group_chat", timed=True)
    url = CHAT_MESSAGES.format(chat_id) + f"/{message['id']}"
    assert api.put(url, json={"file_remove": True}).status_code == 400


def test_edit_is_seen_by_the_server(api, fake_server: FakeServer) -> None:
    chat_id, message = a_message(fake_server, "channel", timed=True)
    url = CHAT_MESSAGES.format(chat_id) + f"/{message['id']}"
    api.put(url, json={"text": "Seen?"})
    assert fake_server.state.message(message["id"])["message"]["content"]["text"] == "Seen?"


def test_bulk_time_reschedule_moves_only_messages_at_that_time(api, fake_server) -> None:
    by_time: dict[tuple[str, str], list[str]] = {}
    for m in pending(fake_server):
        if "time" in m:
            by_time.setdefault((m["chat_id"], m["time"]), []).append(m["id"])
    (chat_id, when), ids = max(by_time.items(), key=lambda kv: len(kv[1]))
    others = [m["id"] for m in pending(fake_server, chat_id) if m["id"] not in ids]
    new_time = epoch_ms(when) + 24 * HOUR_MS
    body = {
        "status": "reschedule",
        "apply_to": "all_time_based",
        "time": epoch_ms(when),
        "schedule_time": new_time,
        "schedule_timezone": "Europe/London",
    }
    response = api.put(CHAT_MESSAGES.format(chat_id), json=body)
    assert response.status_code == 200
    assert len(ids) >= 2
    assert sorted(i["id"] for i in response.json()["data"]) == sorted(ids)
    assert all(epoch_ms(i["time"]) == new_time for i in response.json()["data"])
    untouched = {m["id"]: m for m in pending(fake_server, chat_id)}
    assert all(untouched[o].get("time") != response.json()["data"][0]["time"] for o in others)


def test_bulk_status_reschedule_moves_every_matching_message(api, fake_server) -> None:
    chat_id = chat_of_type(fake_server, "channel")
    trigger = next(
        m["schedule_status"] for m in pending(fake_server, chat_id) if "schedule_status" in m
    )
    matching = {
        m["id"] for m in pending(fake_server, chat_id) if m.get("schedule_status") == trigger
    }
    body = {
        "status": "reschedule",
        "apply_to": "all_status_based",
        "existing_status": trigger,
        "schedule_status": "user_available",
    }
    data = api.put(CHAT_MESSAGES.format(chat_id), json=body).json()["data"]
    assert {i["id"] for i in data} == matching
    assert all(i["schedule_status"] == "user_available" for i in data)


def test_delete_one_removes_it(api, fake_server: FakeServer) -> None:
    chat_id, message = a_message(fake_server, "channel", timed=True)
    response = api.delete(CHAT_MESSAGES.format(chat_id) + f"/{message['id']}")
    assert response.status_code == 204 and response.content == b""
    assert fake_server.state.message(message["id"]) is None


def test_delete_all_empties_the_chat_only(api, fake_server: FakeServer) -> None:
    chat_id = chat_of_type(fake_server, "channel")
    before = len(pending(fake_server))
    mine = len(pending(fake_server, chat_id))
    assert api.delete(CHAT_MESSAGES.format(chat_id)).status_code == 204
    assert pending(fake_server, chat_id) == []
    assert len(pending(fake_server)) == before - mine


def test_delete_all_in_an_empty_chat_is_204(api, fake_server: FakeServer) -> None:
    chat_id = chat_of_type(fake_server, "channel")
    api.delete(CHAT_MESSAGES.format(chat_id))
    assert api.delete(CHAT_MESSAGES.format(chat_id)).status_code == 204


def test_deleted_messages_are_not_delivered(api, fake_server: FakeServer) -> None:
    chat_id, message = a_message(fake_server, "channel", timed=True)
    api.delete(CHAT_MESSAGES.format(chat_id) + f"/{message['id']}")
    fake_server.state.advance(30 * 24 * 3600)
    assert message["id"] not in {e["id"] for e in fake_server.state.deliveries()}


def test_v2_create_time_based_in_the_given_timezone(api, fake_server: FakeServer) -> None:
    chat_id = chat_of_type(fake_server, "group_chat")
    local = datetime.fromtimestamp(
        fake_server.state.now_ms() / 1000 + 86400, ZoneInfo("Asia/Tokyo")
    )
    stamp = local.strftime("%Y%m%dT%H%M%S")
    body = {"text": "Hello", "schedule_time": stamp, "schedule_timezone": "Asia/Tokyo"}
    response = api.post(f"/api/v2/chats/{chat_id}/scheduledmessages", json=body)
    assert response.status_code == 200
    data = response.json()  # the flat v2 answer (the default reality)
    assert data["time_string"] == stamp
    assert data["time"] == int(local.replace(microsecond=0).timestamp() * 1000)
    assert data["message"]["chid"] == chat_id
    assert fake_server.state.message(data["id"])["chat_id"] == chat_id


def test_v2_create_status_based(api, fake_server: FakeServer) -> None:
    chat_id = chat_of_type(fake_server, "group_chat")
    body = {"text": "On check-in", "schedule_status": "check_in"}
    data = api.post(f"/api/v2/chats/{chat_id}/scheduledmessages", json=body).json()
    assert data["schedule_status"] == "check_in" and "time" not in data


def test_v2_create_with_epoch_time_is_invalid_time_format(api, fake_server) -> None:
    chat_id = chat_of_type(fake_server, "group_chat")
    body = {"text": "Hello", "schedule_time": fake_server.state.now_ms() + HOUR_MS}
    response = api.post(f"/api/v2/chats/{chat_id}/scheduledmessages", json=body)
    assert response.json()["code"] == "scheduled_msg_invalid_time_format"


def test_v2_create_check_in_in_a_dm_is_restricted(api, fake_server) -> None:
    chat_id = chat_of_type(fake_server, "direct_message")
    body = {"text": "Hi", "schedule_status": "check_in"}
    response = api.post(f"/api/v2/chats/{chat_id}/scheduledmessages", json=body)
    assert response.json()["code"] == "checkin_status_message_restricted"


def test_v2_create_without_time_or_status_is_param_missing(api, fake_server) -> None:
    chat_id = chat_of_type(fake_server, "group_chat")
    response = api.post(f"/api/v2/chats/{chat_id}/scheduledmessages", json={"text": "Hi"})
    assert response.json()["code"] == "param_missing"


def test_created_message_is_listed(api: httpx.Client, fake_server: FakeServer) -> None:
    chat_id = chat_of_type(fake_server, "group_chat")
    body = {"text": "Listed?", "schedule_status": "call_end"}
    made = api.post(f"/api/v2/chats/{chat_id}/scheduledmessages", json=body).json()
    listed = api.get(CHAT_MESSAGES.format(chat_id)).json()["data"]
    assert made["id"] in {i["id"] for i in listed}
