"""Each documented error code, over real HTTP, with the documented body shape."""

from __future__ import annotations

import httpx

from cliq_tui.fake import FakeServer
from tests.support.servers import CHAT_MESSAGES, HOUR_MS, chat_of_type, pending


def assert_error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]


def first_message(server: FakeServer, chat_type: str = "group_chat") -> tuple[str, dict]:
    chat_id = chat_of_type(server, chat_type)
    return chat_id, pending(server, chat_id)[0]


def test_edit_with_unknown_key_is_extra_key_found(api: httpx.Client, fake_server: FakeServer):
    chat_id, message = first_message(fake_server)
    url = CHAT_MESSAGES.format(chat_id) + f"/{message['id']}"
    assert_error(api.put(url, json={"text": "hi", "colour": "red"}), 400, "extra_key_found")


def test_send_now_with_unknown_key_is_extra_key_found(api: httpx.Client, fake_server):
    chat_id, message = first_message(fake_server)
    body = {"status": "send", "id": message["id"], "priority": 1}
    assert_error(api.post(CHAT_MESSAGES.format(chat_id), json=body), 400, "extra_key_found")


def test_edit_with_unknown_trigger_is_input_pattern_mismatch(api: httpx.Client, fake_server):
    chat_id, message = first_message(fake_server)
    url = CHAT_MESSAGES.format(chat_id) + f"/{message['id']}"
    response = api.put(url, json={"schedule_status": "on_lunch"})
    assert_error(response, 400, "input_pattern_mismatch")


def test_reschedule_with_unknown_apply_to_is_input_pattern_mismatch(api, fake_server):
    chat_id, _ = first_message(fake_server)
    body = {"status": "reschedule", "apply_to": "everything"}
    response = api.put(CHAT_MESSAGES.format(chat_id), json=body)
    assert_error(response, 400, "input_pattern_mismatch")


def test_send_now_with_wrong_status_value_is_input_pattern_mismatch(api, fake_server):
    chat_id, message = first_message(fake_server)
    body = {"status": "deliver", "id": message["id"]}
    response = api.post(CHAT_MESSAGES.format(chat_id), json=body)
    assert_error(response, 400, "input_pattern_mismatch")


def test_send_now_without_id_or_apply_to_is_param_missing(api: httpx.Client, fake_server):
    chat_id, _ = first_message(fake_server)
    response = api.post(CHAT_MESSAGES.format(chat_id), json={"status": "send"})
    assert_error(response, 400, "param_missing")


def test_send_now_without_status_is_param_missing(api: httpx.Client, fake_server):
    chat_id, message = first_message(fake_server)
    response = api.post(CHAT_MESSAGES.format(chat_id), json={"id": message["id"]})
    assert_error(response, 400, "param_missing")


def test_time_reschedule_without_schedule_time_is_param_missing(api, fake_server):
    chat_id, _ = first_message(fake_server)
    body = {"status": "reschedule", "apply_to": "all_time_based", "time": 1_780_400_000_000}
    assert_error(api.put(CHAT_MESSAGES.format(chat_id), json=body), 400, "param_missing")


def test_status_reschedule_without_existing_status_is_param_missing(api, fake_server):
    chat_id, _ = first_message(fake_server)
    body = {"status": "reschedule", "apply_to": "all_status_based", "schedule_status": "call_end"}
    assert_error(api.put(CHAT_MESSAGES.format(chat_id), json=body), 400, "param_missing")


def test_edit_with_empty_body_is_param_missing(api: httpx.Client, fake_server):
    chat_id, message = first_message(fake_server)
    url = CHAT_MESSAGES.format(chat_id) + f"/{message['id']}"
    assert_error(api.put(url, json={}), 400, "param_missing")


def test_edit_time_as_string_is_invalid_time_format(api: httpx.Client, fake_server):
    chat_id, message = first_message(fake_server)
    url = CHAT_MESSAGES.format(chat_id) + f"/{message['id']}"
    response = api.put(url, json={"schedule_time": "2026-06-02T09:00:00Z"})
    assert_error(response, 400, "scheduled_msg_invalid_time_format")


def test_edit_time_as_float_is_invalid_time_format(api: httpx.Client, fake_server):
    chat_id, message = first_message(fake_server)
    url = CHAT_MESSAGES.format(chat_id) + f"/{message['id']}"
    later = fake_server.state.now_ms() + HOUR_MS + 0.5
    assert_error(
        api.put(url, json={"schedule_time": later}), 400, "scheduled_msg_invalid_time_format"
    )


def test_edit_time_in_seconds_is_invalid_time_format(api: httpx.Client, fake_server):
    chat_id, message = first_message(fake_server)
    url = CHAT_MESSAGES.format(chat_id) + f"/{message['id']}"
    seconds = fake_server.state.now_ms() // 1000 + 3600
    response = api.put(url, json={"schedule_time": seconds})
    assert_error(response, 400, "scheduled_msg_invalid_time_format")


def test_edit_time_negative_is_invalid_time_format(api: httpx.Client, fake_server):
    chat_id, message = first_message(fake_server)
    url = CHAT_MESSAGES.format(chat_id) + f"/{message['id']}"
    response = api.put(url, json={"schedule_time": -5})
    assert_error(response, 400, "scheduled_msg_invalid_time_format")


def test_reschedule_with_string_time_is_invalid_time_format(api, fake_server):
    chat_id, _ = first_message(fake_server)
    body = {
        "status": "reschedule",
        "apply_to": "all_time_based",
        "time": "tomorrow",
        "schedule_time": fake_server.state.now_ms() + HOUR_MS,
    }
    response = api.put(CHAT_MESSAGES.format(chat_id), json=body)
    assert_error(response, 400, "scheduled_msg_invalid_time_format")


def test_edit_past_time_is_refused(api: httpx.Client, fake_server):
    chat_id, message = first_message(fake_server)
    url = CHAT_MESSAGES.format(chat_id) + f"/{message['id']}"
    response = api.put(url, json={"schedule_time": fake_server.state.now_ms() - HOUR_MS})
    assert_error(response, 400, "scheduled_msg_time_in_past")


def test_edit_unknown_message_is_not_found(api: httpx.Client, fake_server):
    chat_id, _ = first_message(fake_server)
    url = CHAT_MESSAGES.format(chat_id) + "/00000000-0000-4000-8000-000000000000"
    assert_error(api.put(url, json={"text": "hello"}), 404, "scheduled_msg_not_found")


def test_delete_unknown_message_is_not_found(api: httpx.Client, fake_server):
    chat_id, _ = first_message(fake_server)
    url = CHAT_MESSAGES.format(chat_id) + "/00000000-0000-4000-8000-000000000000"
    assert_error(api.delete(url), 404, "scheduled_msg_not_found")


def test_message_addressed_through_another_chat_is_not_found(api, fake_server):
    _, message = first_message(fake_server, "group_chat")
    other_chat = chat_of_type(fake_server, "channel")
    url = CHAT_MESSAGES.format(other_chat) + f"/{message['id']}"
    assert_error(api.delete(url), 404, "scheduled_msg_not_found")


def test_send_all_in_empty_chat_is_no_pending(api: httpx.Client, fake_server):
    chat_id, _ = first_message(fake_server)
    assert api.delete(CHAT_MESSAGES.format(chat_id)).status_code == 204
    response = api.post(CHAT_MESSAGES.format(chat_id), json={"status": "send", "apply_to": "all"})
    assert_error(response, 400, "scheduled_msg_no_pending_msgs")


def test_reschedule_matching_nothing_is_no_pending(api: httpx.Client, fake_server):
    chat_id, _ = first_message(fake_server)
    now = fake_server.state.now_ms()
    body = {
        "status": "reschedule",
        "apply_to": "all_time_based",
        "time": now + 7 * HOUR_MS + 1,
        "schedule_time": now + 8 * HOUR_MS,
    }
    response = api.put(CHAT_MESSAGES.format(chat_id), json=body)
    assert_error(response, 400, "scheduled_msg_no_pending_msgs")


def test_check_in_trigger_in_direct_message_is_restricted(api: httpx.Client, fake_server):
    chat_id, message = first_message(fake_server, "direct_message")
    url = CHAT_MESSAGES.format(chat_id) + f"/{message['id']}"
    response = api.put(url, json={"schedule_status": "check_in"})
    assert_error(response, 400, "checkin_status_message_restricted")


def test_check_in_bulk_reschedule_in_direct_message_is_restricted(api, fake_server):
    chat_id = chat_of_type(fake_server, "direct_message")
    trigger = next(
        m["schedule_status"] for m in pending(fake_server, chat_id) if "schedule_status" in m
    )
    body = {
        "status": "reschedule",
        "apply_to": "all_status_based",
        "existing_status": trigger,
        "schedule_status": "check_in",
    }
    response = api.put(CHAT_MESSAGES.format(chat_id), json=body)
    assert_error(response, 400, "checkin_status_message_restricted")


def test_edit_text_over_5000_characters_is_refused(api: httpx.Client, fake_server):
    chat_id, message = first_message(fake_server)
    url = CHAT_MESSAGES.format(chat_id) + f"/{message['id']}"
    response = api.put(url, json={"text": "x" * 5001})
    assert_error(response, 400, "input_length_exceeded")


def test_edit_text_of_exactly_5000_characters_is_accepted(api: httpx.Client, fake_server):
    chat_id, message = first_message(fake_server)
    url = CHAT_MESSAGES.format(chat_id) + f"/{message['id']}"
    assert api.put(url, json={"text": "x" * 5000}).status_code == 200


def test_create_text_over_4096_characters_is_refused(api: httpx.Client, fake_server):
    chat_id, _ = first_message(fake_server)
    body = {"text": "x" * 4097, "schedule_status": "check_out"}
    response = api.post(f"/api/v2/chats/{chat_id}/scheduledmessages", json=body)
    assert_error(response, 400, "input_length_exceeded")


def test_list_in_unknown_chat_is_404(api: httpx.Client):
    response = api.get(CHAT_MESSAGES.format("CT_0_0"))
    assert_error(response, 404, "chat_access_denied")


def test_body_that_is_not_json_is_refused(api: httpx.Client, fake_server):
    chat_id, _ = first_message(fake_server)
    response = api.post(
        CHAT_MESSAGES.format(chat_id),
        content=b"status=send",
        headers={"content-type": "application/json"},
    )
    assert_error(response, 400, "input_pattern_mismatch")


def test_unknown_url_is_json_404(api: httpx.Client):
    assert_error(api.get("/api/v3/nothing/here/at/all"), 404, "url_not_found")


def test_create_with_unknown_key_is_extra_key_found(api: httpx.Client, fake_server) -> None:
    chat_id, _ = first_message(fake_server)
    body = {"text": "hi", "schedule_status": "call_end", "urgent": True}
    response = api.post(f"/api/v2/chats/{chat_id}/scheduledmessages", json=body)
    assert_error(response, 400, "extra_key_found")


def test_unknown_timezone_is_input_pattern_mismatch(api: httpx.Client, fake_server) -> None:
    chat_id, message = first_message(fake_server)
    url = CHAT_MESSAGES.format(chat_id) + f"/{message['id']}"
    response = api.put(url, json={"schedule_timezone": "Mars/Olympus_Mons"})
    assert_error(response, 400, "input_pattern_mismatch")


def test_unsupported_method_is_json_405(api: httpx.Client, fake_server) -> None:
    chat_id, message = first_message(fake_server)
    response = api.get(CHAT_MESSAGES.format(chat_id) + f"/{message['id']}")
    assert_error(response, 405, "method_not_allowed")
