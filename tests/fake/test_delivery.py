"""Delivery: by time on the clock, by status event, and by send now; each exactly once."""

from __future__ import annotations

from collections import Counter

import httpx

from cliq_tui.fake import FakeConfig, FakeServer, FakeState
from tests.support.servers import CHAT_MESSAGES, HOUR_MS, chat_of_type, pending


def test_advancing_the_clock_delivers_due_messages(fake_server: FakeServer) -> None:
    now = fake_server.state.now_ms()
    due = {m["id"] for m in fake_server.state.store.messages.values() if False}
    due = {
        m.id
        for m in fake_server.state.store.messages.values()
        if m.time_ms is not None and m.time_ms <= now + HOUR_MS
    }
    delivered = fake_server.state.advance(3600)
    assert due and {entry["id"] for entry in delivered} == due
    assert all(entry["via"] == "time" for entry in delivered)


def test_delivered_messages_leave_the_queue(api, fake_server: FakeServer) -> None:
    delivered = {e["id"] for e in fake_server.state.advance(3600)}
    listed = {
        i["id"] for i in api.get("/api/v3/scheduledmessages", params={"limit": 100}).json()["data"]
    }
    assert delivered and not delivered & listed


def test_delivery_is_logged_at_the_due_time(fake_server: FakeServer) -> None:
    message = min(
        (m for m in fake_server.state.store.messages.values() if m.time_ms is not None),
        key=lambda m: m.time_ms or 0,
    )
    fake_server.state.advance(48 * 3600)
    entry = next(e for e in fake_server.state.deliveries() if e["id"] == message.id)
    assert entry["at_ms"] == message.time_ms


def test_every_message_is_delivered_exactly_once(control: httpx.Client, fake_server) -> None:
    for _ in range(10):
        control.post("/clock/advance", json={"seconds": 3 * 24 * 3600})
    for status in ("check_in", "check_out", "user_available", "call_end", "check_in"):
        control.post("/status-event", json={"status": status})
    counts = Counter(e["id"] for e in control.get("/deliveries").json()["deliveries"])
    assert counts and set(counts.values()) == {1}
    assert pending(fake_server) == []


def test_status_event_delivers_only_matching_messages(control: httpx.Client, fake_server):
    waiting = {m["id"] for m in pending(fake_server) if m.get("schedule_status") == "call_end"}
    body = control.post("/status-event", json={"status": "call_end"}).json()
    assert waiting and {entry["id"] for entry in body["delivered"]} == waiting
    assert all(entry["via"] == "status" for entry in body["delivered"])


def test_status_event_with_unknown_status_is_refused(control: httpx.Client) -> None:
    assert control.post("/status-event", json={"status": "asleep"}).status_code == 400


def test_send_now_one_delivers_it(api, fake_server: FakeServer) -> None:
    chat_id = chat_of_type(fake_server, "channel")
    target = pending(fake_server, chat_id)[0]["id"]
    response = api.post(CHAT_MESSAGES.format(chat_id), json={"status": "send", "id": target})
    assert response.status_code == 204
    assert [(e["id"], e["via"]) for e in fake_server.state.deliveries()] == [(target, "send_now")]


def test_send_now_all_delivers_every_message_of_the_chat(api, fake_server) -> None:
    chat_id = chat_of_type(fake_server, "channel")
    expected = {m["id"] for m in pending(fake_server, chat_id)}
    response = api.post(CHAT_MESSAGES.format(chat_id), json={"status": "send", "apply_to": "all"})
    assert response.status_code == 204
    assert {e["id"] for e in fake_server.state.deliveries()} == expected
    assert pending(fake_server, chat_id) == []


def test_sent_message_is_not_delivered_again_when_due(api, fake_server) -> None:
    target = min(
        (m for m in fake_server.state.store.messages.values() if m.time_ms is not None),
        key=lambda m: m.time_ms or 0,
    )
    api.post(CHAT_MESSAGES.format(target.chat_id), json={"status": "send", "id": target.id})
    fake_server.state.advance(7 * 24 * 3600)
    assert [e["id"] for e in fake_server.state.deliveries()].count(target.id) == 1


def test_sending_a_delivered_message_again_is_not_found(api, fake_server) -> None:
    chat_id = chat_of_type(fake_server, "channel")
    target = pending(fake_server, chat_id)[0]["id"]
    api.post(CHAT_MESSAGES.format(chat_id), json={"status": "send", "id": target})
    again = api.post(CHAT_MESSAGES.format(chat_id), json={"status": "send", "id": target})
    assert again.status_code == 404
    assert again.json()["code"] == "scheduled_msg_not_found"


def test_advancing_a_real_clock_also_delivers() -> None:
    state = FakeState(FakeConfig(seed="demo", clock="real"))
    due = {m.id for m in state.store.messages.values() if m.time_ms is not None}
    delivered = {e["id"] for e in state.advance(30 * 24 * 3600)}
    assert due and delivered == due
