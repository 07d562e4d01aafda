"""The /_fake/ control endpoints and their server.state counterparts."""

from __future__ import annotations

import httpx

from cliq_tui.fake import FakeServer
from tests.support.servers import chat_of_type, pending


def test_clock_reports_manual_time(control: httpx.Client, fake_server: FakeServer) -> None:
    body = control.get("/clock").json()
    assert body == {"now_ms": fake_server.state.now_ms(), "mode": "manual"}


def test_advance_moves_the_clock(control: httpx.Client) -> None:
    before = control.get("/clock").json()["now_ms"]
    after = control.post("/clock/advance", json={"seconds": 90}).json()["now_ms"]
    assert after - before == 90_000


def test_advance_backwards_is_refused(control: httpx.Client) -> None:
    assert control.post("/clock/advance", json={"seconds": -1}).status_code == 400


def test_create_message_server_side(control: httpx.Client, fake_server: FakeServer) -> None:
    chat_id = chat_of_type(fake_server, "group_chat")
    body = {"chat_id": chat_id, "text": "from the phone", "status": "check_out"}
    response = control.post("/messages", json=body)
    assert response.status_code == 201
    assert fake_server.state.message(response.json()["data"]["id"])["chat_id"] == chat_id


def test_create_message_in_unknown_chat_is_404(control: httpx.Client) -> None:
    body = {"chat_id": "nope", "text": "x", "status": "check_out"}
    assert control.post("/messages", json=body).status_code == 404


def test_update_message_server_side(control: httpx.Client, fake_server: FakeServer) -> None:
    target = pending(fake_server)[0]
    new_time = fake_server.state.now_ms() + 7_200_000
    data = control.put(f"/messages/{target['id']}", json={"time_ms": new_time}).json()["data"]
    assert "time" in data and "schedule_status" not in data


def test_delete_message_server_side(control: httpx.Client, fake_server: FakeServer) -> None:
    target = pending(fake_server)[0]
    assert control.delete(f"/messages/{target['id']}").status_code == 204
    assert control.delete(f"/messages/{target['id']}").status_code == 404


def test_messages_lists_everything_with_chat_ids(control, fake_server: FakeServer) -> None:
    data = control.get("/messages").json()["data"]
    assert len(data) == len(fake_server.state.store.messages)
    assert all(item["chat_id"] for item in data)


def test_stats_count_requests_and_bytes(api: httpx.Client, control: httpx.Client) -> None:
    response = api.get("/api/v3/chats")
    stats = control.get("/stats").json()
    assert stats["endpoints"]["list_chats"]["requests"] == 1
    assert stats["endpoints"]["list_chats"]["bytes_sent"] == len(response.content)
    assert stats["total"]["requests"] == 1


def test_control_requests_are_not_counted(control: httpx.Client) -> None:
    control.get("/clock")
    assert control.get("/stats").json()["total"]["requests"] == 0


def test_request_log_lists_api_requests(api: httpx.Client, control: httpx.Client) -> None:
    api.get("/api/v3/scheduledmessages")
    log = control.get("/requests").json()["requests"]
    assert [(r["method"], r["endpoint"], r["status"]) for r in log] == [("GET", "list_all", 200)]


def test_rate_limit_switches_round_trip(control: httpx.Client) -> None:
    body = control.post(
        "/rate-limits", json={"enabled": False, "scale": 3, "throttle_form": "400"}
    ).json()
    assert (body["enabled"], body["scale"], body["throttle_form"]) == (False, 3, "400")


def test_unknown_rate_limit_switch_is_refused(control: httpx.Client) -> None:
    assert control.post("/rate-limits", json={"speed": 1}).status_code == 400


def test_reset_restores_the_seed(control: httpx.Client, fake_server: FakeServer) -> None:
    count = len(pending(fake_server))
    control.post("/status-event", json={"status": "check_in"})
    body = control.post("/reset").json()
    assert body["messages"] == count
    assert control.get("/deliveries").json()["deliveries"] == []


def test_control_body_that_is_not_json_is_400(control: httpx.Client) -> None:
    response = control.post("/clock/advance", content=b"{oops")
    assert response.status_code == 400


def test_server_side_time_must_be_epoch_ms(control: httpx.Client, fake_server) -> None:
    chat_id = chat_of_type(fake_server, "group_chat")
    body = {"chat_id": chat_id, "text": "x", "time_ms": "tomorrow"}
    assert control.post("/messages", json=body).status_code == 400


def test_stats_count_a_request_before_its_answer_arrives(api, fake_server) -> None:
    counts = []
    for _ in range(15):
        api.get("/api/v3/chats")
        counts.append(fake_server.state.stats()["endpoints"]["list_chats"]["requests"])
    assert counts == list(range(1, 16))


# --- refused control requests change nothing -------------------------------------------------


def test_a_refused_rate_limit_change_changes_nothing(control: httpx.Client) -> None:
    before = control.get("/rate-limits").json()
    for body in (
        b'{"scale": NaN}',
        b'{"scale": Infinity}',
        b'{"enabled": false, "scale": NaN}',
        b'{"enabled": false, "scale": -1}',
        b'{"enabled": 1, "scale": 2}',
        b'{"enabled": false, "scale": 2, "throttle_form": "418"}',
        b'{"scale": 1e308}',
    ):
        response = control.post(
            "/rate-limits", content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code == 400, body
        assert control.get("/rate-limits").json() == before, body


def test_a_refused_clock_advance_leaves_the_clock(control: httpx.Client) -> None:
    before = control.get("/clock").json()["now_ms"]
    for body in (b'{"seconds": 1e20}', b'{"seconds": NaN}', b'{"seconds": Infinity}'):
        response = control.post(
            "/clock/advance", content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code == 400, body
    assert control.get("/clock").json()["now_ms"] == before
    assert control.post("/clock/advance", json={"seconds": 60}).status_code == 200


def test_a_message_with_an_impossible_time_or_wrong_types_is_refused(
    control: httpx.Client, fake_server: FakeServer
) -> None:
    chat_id = chat_of_type(fake_server, "group_chat")
    target = pending(fake_server)[0]
    before = fake_server.state.messages()
    for body in (
        {"chat_id": chat_id, "text": "x", "time_ms": 10**20},
        {"chat_id": chat_id, "text": "x", "time_ms": -1},
        {"chat_id": chat_id, "text": "x", "time_ms": 1.5},
        {"chat_id": chat_id, "text": ["x"], "status": "check_out"},
        {"chat_id": 7, "text": "x", "status": "check_out"},
        {"chat_id": chat_id, "text": "x", "status": "check_out", "file_name": {"a": 1}},
        {"text": "x", "status": "check_out"},
    ):
        assert control.post("/messages", json=body).status_code == 400, body
    for body in ({"time_ms": 10**20}, {"timezone": 5}, {"text": "x", "time_ms": True}):
        assert control.put(f"/messages/{target['id']}", json=body).status_code == 400, body
    assert fake_server.state.messages() == before


def test_a_body_over_one_mebibyte_is_refused_with_413(
    control: httpx.Client, api: httpx.Client, fake_server: FakeServer
) -> None:
    huge = b'{"seconds": 1, "pad": "' + b"x" * (1 << 20) + b'"}'
    assert control.post("/clock/advance", content=huge).status_code == 413
    chat_id = chat_of_type(fake_server, "group_chat")
    before = fake_server.state.messages()
    response = api.post(f"/api/v2/chats/{chat_id}/scheduledmessages", content=huge)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert fake_server.state.messages() == before


def test_deeply_nested_json_is_a_400_not_a_crash(
    control: httpx.Client, api: httpx.Client, fake_server: FakeServer
) -> None:
    nested = b"[" * 100_000 + b"]" * 100_000
    assert control.post("/faults", content=nested).status_code == 400
    chat_id = chat_of_type(fake_server, "group_chat")
    response = api.post(f"/api/v2/chats/{chat_id}/scheduledmessages", content=nested)
    assert response.status_code == 400
