"""Conformance: drive every operation and check each response against the spec files.

Every test runs in each named reality of the fake (cliq_tui/fake/realities.py): in ``spec`` the
answers must be exactly as documented; in the others they may differ only by the switches the
reality names (``as_documented`` undoes exactly those, and nothing else).

Spec dir from env CLIQ_SPEC_DIR (default ../shared/spec). Skips, with the reason, when the files
are absent; in CI (CI=true) that is a failure (see the ``spec_dir`` fixture).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from cliq_tui.fake import FakeConfig, FakeServer
from tests.support.conformance import Spec, as_documented, send
from tests.support.servers import HOUR_MS, chat_of_type, pending
from tests.support.spec_shapes import (
    documented_codes,
    json_response,
    shape_problems,
)

OPERATIONS = [
    "listAllScheduledMessagesV3",
    "listScheduledMessagesInChatV3",
    "sendScheduledMessagesNowV3",
    "bulkRescheduleScheduledMessagesV3",
    "deleteAllScheduledMessagesInChatV3",
    "editScheduledMessageV3",
    "deleteScheduledMessageV3",
    "Retrieve all direct chats",
    "getChatV3",
]


@pytest.fixture
def fake_config(reality_fake_config: FakeConfig) -> FakeConfig:
    return reality_fake_config


@pytest.fixture(scope="module")
def loaded_spec(spec_dir: Path) -> Spec:
    return Spec(spec_dir)


@pytest.fixture
def spec(loaded_spec: Spec, fake_config: FakeConfig) -> Spec:
    loaded_spec.config = fake_config
    return loaded_spec


def test_every_spec_operation_is_driven(spec: Spec) -> None:
    assert sorted(spec.ops) == sorted(OPERATIONS)


# --- 2xx responses -------------------------------------------------------------------------


def test_list_all_pages_conform(api: httpx.Client, spec: Spec) -> None:
    first = spec.check("listAllScheduledMessagesV3", api.get("/api/v3/scheduledmessages?limit=5"))
    second = api.get("/api/v3/scheduledmessages", params={"next_token": first["next_token"]})
    spec.check("listAllScheduledMessagesV3", second)


def test_incremental_list_all_conforms(api, spec: Spec, fake_server: FakeServer) -> None:
    token = api.get("/api/v3/scheduledmessages").json()["sync_token"]
    fake_server.state.update_message(pending(fake_server)[0]["id"], text="changed")
    fake_server.state.delete_message(pending(fake_server)[1]["id"])
    response = api.get("/api/v3/scheduledmessages", params={"sync_token": token})
    body = spec.check("listAllScheduledMessagesV3", response)
    assert len(body["data"]) == 1 and len(body["deleted"]) == 1


def test_list_in_chat_conforms(api, spec: Spec, fake_server: FakeServer) -> None:
    for chat_type in ("channel", "direct_message", "group_chat"):
        chat_id = chat_of_type(fake_server, chat_type)
        spec.check(
            "listScheduledMessagesInChatV3",
            send(api, spec, "listScheduledMessagesInChatV3", chat=chat_id),
        )


def test_list_in_empty_chat_conforms(api, spec: Spec, fake_server: FakeServer) -> None:
    chat_id = chat_of_type(fake_server, "channel")
    send(api, spec, "deleteAllScheduledMessagesInChatV3", chat=chat_id)
    response = send(api, spec, "listScheduledMessagesInChatV3", chat=chat_id)
    assert spec.check("listScheduledMessagesInChatV3", response)["data"] == []


def test_send_now_examples_conform(api, spec: Spec, fake_server: FakeServer) -> None:
    chat_id = chat_of_type(fake_server, "channel")
    for name, example in spec.request_examples("sendScheduledMessagesNowV3").items():
        body = dict(example)
        if "id" in body:
            body["id"] = pending(fake_server, chat_id)[0]["id"]
        spec.check_request("sendScheduledMessagesNowV3", body)
        response = send(api, spec, "sendScheduledMessagesNowV3", chat=chat_id, json=body)
        assert response.status_code == 204, name
        spec.check("sendScheduledMessagesNowV3", response)


def status_chat_type(server: FakeServer) -> str:
    """A chat type where the reality accepts every status trigger the examples use."""
    return "direct_message" if server.config.status_triggers == "only_in_dms" else "channel"


def test_bulk_reschedule_examples_conform(api, spec: Spec, fake_server: FakeServer) -> None:
    chat_id = chat_of_type(fake_server, status_chat_type(fake_server))
    items = pending(fake_server, chat_id)
    timed = fake_server.state.store.messages[next(i["id"] for i in items if "time" in i)]
    other = next(i["id"] for i in reversed(items) if i["id"] != timed.id)
    fake_server.state.update_message(other, status="check_in")
    for name, example in spec.request_examples("bulkRescheduleScheduledMessagesV3").items():
        body = dict(example)
        if body["apply_to"] == "all_time_based":
            body["time"] = timed.time_ms
            body["schedule_time"] = fake_server.state.now_ms() + 30 * HOUR_MS
        spec.check_request("bulkRescheduleScheduledMessagesV3", body)
        response = send(api, spec, "bulkRescheduleScheduledMessagesV3", chat=chat_id, json=body)
        assert response.status_code == 200, (name, response.text)
        assert spec.check("bulkRescheduleScheduledMessagesV3", response)["data"]


def test_delete_all_conforms(api, spec: Spec, fake_server: FakeServer) -> None:
    chat_id = chat_of_type(fake_server, "group_chat")
    response = send(api, spec, "deleteAllScheduledMessagesInChatV3", chat=chat_id)
    spec.check("deleteAllScheduledMessagesInChatV3", response)


def test_edit_examples_conform(api, spec: Spec, fake_server: FakeServer) -> None:
    files = [m for m in pending(fake_server) if m["message"]["type"] == "file"]
    texts = [
        m
        for m in pending(fake_server)
        if m["message"]["type"] == "text"
        and (chat_type_of(fake_server, m) == "direct_message")
        == (status_chat_type(fake_server) == "direct_message")
    ]
    for name, example in spec.request_examples("editScheduledMessageV3").items():
        body = dict(example)
        target = files[0] if body.get("file_remove") else texts[0]
        if "schedule_time" in body:
            body["schedule_time"] = fake_server.state.now_ms() + 20 * HOUR_MS
        spec.check_request("editScheduledMessageV3", body)
        response = send(
            api, spec, "editScheduledMessageV3", chat=target["chat_id"], msg=target["id"], json=body
        )
        assert response.status_code == 200, (name, response.text)
        spec.check("editScheduledMessageV3", response)


def test_delete_one_conforms(api, spec: Spec, fake_server: FakeServer) -> None:
    target = pending(fake_server)[0]
    response = send(api, spec, "deleteScheduledMessageV3", chat=target["chat_id"], msg=target["id"])
    spec.check("deleteScheduledMessageV3", response)


def test_list_chats_conforms(api: httpx.Client, spec: Spec) -> None:
    for params in ({}, {"type": "dm"}, {"limit": 2}):
        spec.check("Retrieve all direct chats", api.get("/api/v3/chats", params=params))


def test_chat_details_conform(api, spec: Spec, fake_server: FakeServer) -> None:
    for chat in fake_server.state.chats():
        spec.check("getChatV3", send(api, spec, "getChatV3", chat=chat["chat_id"]))


def test_v2_create_answer_has_the_shape_of_its_reality(api, spec: Spec, fake_server) -> None:
    chat_id = chat_of_type(fake_server, "direct_message")
    body = {"text": "v2", "schedule_time": "20260602T090000", "schedule_timezone": "UTC"}
    response = api.post(f"/api/v2/chats/{chat_id}/scheduledmessages", json=body)
    assert response.status_code == 200
    created = response.json()
    if fake_server.config.create_answer == "v3":
        assert created["type"] == "scheduledmessage"
        assert shape_problems(created["data"], spec.item_shape) == []
    else:  # as Zoho's v2 spec shows it: flat, epoch ms, creator as an id, message.chid
        assert "data" not in created
        assert created["time_string"] == "20260602T090000"
        assert created["time"] == 1_780_390_800_000
        assert isinstance(created["created_time"], int) and isinstance(created["creator"], str)
        assert created["message"]["chid"] == chat_id and created["message"]["msg"] == "v2"


def chat_type_of(server: FakeServer, message: dict[str, Any]) -> str:
    return server.state.store.chats[message["chat_id"]].chat_type


# --- documented error codes ------------------------------------------------------------------


def _no_pending_send(api, spec, server):
    chat_id = chat_of_type(server, "channel")
    send(api, spec, "deleteAllScheduledMessagesInChatV3", chat=chat_id)
    body = {"status": "send", "apply_to": "all"}
    return send(api, spec, "sendScheduledMessagesNowV3", chat=chat_id, json=body)


def _param_missing_send(api, spec, server):
    chat_id = chat_of_type(server, "channel")
    return send(api, spec, "sendScheduledMessagesNowV3", chat=chat_id, json={"status": "send"})


def _reschedule(body: dict[str, Any], *, empty: bool = False):
    def scenario(api, spec, server):
        chat_id = chat_of_type(server, "channel")
        if empty:
            send(api, spec, "deleteAllScheduledMessagesInChatV3", chat=chat_id)
        return send(api, spec, "bulkRescheduleScheduledMessagesV3", chat=chat_id, json=body)

    return scenario


def _edit(body: dict[str, Any], *, chat_type: str = "channel", unknown: bool = False):
    def scenario(api, spec, server):
        chat_id = chat_of_type(server, _refused_in(server) if chat_type == "refused" else chat_type)
        message_id = "00000000-0000-4000-8000-000000000000"
        if not unknown:
            message_id = pending(server, chat_id)[0]["id"]
        return send(api, spec, "editScheduledMessageV3", chat=chat_id, msg=message_id, json=body)

    return scenario


def _refused_in(server: FakeServer) -> str:
    """A chat type where the reality refuses check-in (skip where none does)."""
    rule = server.config.status_triggers
    if rule == "everywhere":
        pytest.skip("this reality accepts check-in in every chat")
    return "direct_message" if rule == "checkin_not_in_dms" else "channel"


def _delete_unknown(api, spec, server):
    chat_id = chat_of_type(server, "channel")
    missing = "00000000-0000-4000-8000-000000000000"
    return send(api, spec, "deleteScheduledMessageV3", chat=chat_id, msg=missing)


def _unknown_chat(api, spec, server):
    return send(api, spec, "getChatV3", chat="CT_1_2")


STATUS_BODY = {
    "status": "reschedule",
    "apply_to": "all_status_based",
    "existing_status": "check_out",
    "schedule_status": "call_end",
}
SCENARIOS: dict[tuple[str, str], Callable[..., httpx.Response]] = {
    ("sendScheduledMessagesNowV3", "scheduled_msg_no_pending_msgs"): _no_pending_send,
    ("sendScheduledMessagesNowV3", "param_missing"): _param_missing_send,
    ("bulkRescheduleScheduledMessagesV3", "param_missing"): _reschedule(
        {"status": "reschedule", "apply_to": "all_time_based"}
    ),
    ("bulkRescheduleScheduledMessagesV3", "scheduled_msg_no_pending_msgs"): _reschedule(
        STATUS_BODY, empty=True
    ),
    ("bulkRescheduleScheduledMessagesV3", "scheduled_msg_invalid_time_format"): _reschedule(
        {**STATUS_BODY, "apply_to": "all_time_based", "time": "9am", "schedule_time": "10am"}
    ),
    ("bulkRescheduleScheduledMessagesV3", "input_pattern_mismatch"): _reschedule(
        {**STATUS_BODY, "schedule_status": "on_break"}
    ),
    ("editScheduledMessageV3", "scheduled_msg_not_found"): _edit({"text": "x"}, unknown=True),
    ("editScheduledMessageV3", "scheduled_msg_invalid_time_format"): _edit(
        {"schedule_time": "2026-06-02 09:00"}
    ),
    ("editScheduledMessageV3", "checkin_status_message_restricted"): _edit(
        {"schedule_status": "check_in"}, chat_type="refused"
    ),
    ("editScheduledMessageV3", "extra_key_found"): _edit({"text": "x", "mood": "happy"}),
    ("deleteScheduledMessageV3", "scheduled_msg_not_found"): _delete_unknown,
    ("getChatV3", "chat_access_denied"): _unknown_chat,
}
# Documented codes the fake cannot be asked to produce, and why.
UNPRODUCIBLE = {
    ("getChatV3", "chat_operation_failed"): "a transient Cliq-side failure ('please retry')",
}


def test_every_documented_error_code_has_a_scenario(spec: Spec) -> None:
    documented = {
        (op_id, code)
        for op_id, (_, _, operation, _) in spec.ops.items()
        for code in documented_codes(operation)
    }
    assert documented == set(SCENARIOS) | set(UNPRODUCIBLE)


@pytest.mark.parametrize(("op_id", "code"), sorted(SCENARIOS))
def test_documented_error_code_conforms(api, spec: Spec, fake_server, op_id, code) -> None:
    response = SCENARIOS[(op_id, code)](api, spec, fake_server)
    body = spec.check(op_id, response)
    assert body["code"] == (code if fake_server.config.error_codes else "absent_in_this_reality")


# --- 401 and 429 on every operation -----------------------------------------------------------


def _any_call(spec: Spec, server: FakeServer, op_id: str) -> tuple[str, str]:
    target = pending(server)[0]
    return spec.url(op_id, target["chat_id"], target["id"])


@pytest.mark.parametrize("op_id", OPERATIONS)
def test_missing_token_is_a_documented_401(spec: Spec, fake_server: FakeServer, op_id) -> None:
    method, url = _any_call(spec, fake_server, op_id)
    response = httpx.request(method, fake_server.base_url + url, json={"status": "send"})
    assert response.status_code == 401
    spec.check(op_id, response)


@pytest.mark.parametrize("op_id", OPERATIONS)
def test_throttled_call_is_a_documented_refusal(api, spec, fake_server, control, op_id) -> None:
    control.post("/faults", json={"throttle_all": True})
    method, url = _any_call(spec, fake_server, op_id)
    response = api.request(method, url, json={"status": "send"})
    if fake_server.config.throttle_form == "400":  # as reported: 400 request_limit_exceeded
        assert response.status_code == 400
        body = as_documented(response, fake_server.config).json()
        jsonschema.validate(body, spec.error_schema)
        assert body["message"] == "You have exceeded the URL throttle limits."
        return
    body = spec.check(op_id, response)
    assert response.status_code == 429
    documented = json_response(spec.ops[op_id][2], 429)["schema"]["properties"]["message"]
    assert body["message"] == documented["example"]
