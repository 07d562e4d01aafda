"""Fault injection over real HTTP: what a client sees for each fault."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest

from cliq_tui.fake import FakeConfig, FakeServer
from tests.support.servers import CHAT_MESSAGES, REFRESH, chat_of_type, pending

LIST_ALL = "/api/v3/scheduledmessages"


def test_error_rate_one_answers_5xx(api: httpx.Client, control: httpx.Client) -> None:
    control.post("/faults", json={"error_rate": 1.0})
    statuses = {api.get(LIST_ALL).status_code for _ in range(12)}
    assert statuses <= {500, 502, 503} and statuses


def test_500_fault_body_is_an_error_body(api: httpx.Client, control: httpx.Client) -> None:
    control.post("/faults", json={"error_rate": 1.0})
    bodies = [r for r in (api.get(LIST_ALL) for _ in range(20)) if r.status_code == 500]
    assert bodies and set(bodies[0].json()) == {"message", "code"}


def test_reset_fault_is_a_connection_error(api: httpx.Client, control: httpx.Client) -> None:
    control.post("/faults", json={"reset_rate": 1.0})
    with pytest.raises(httpx.TransportError):
        api.get(LIST_ALL)


def test_server_still_serves_after_a_reset(api: httpx.Client, control: httpx.Client) -> None:
    control.post("/faults", json={"reset_rate": 1.0})
    with pytest.raises(httpx.TransportError):
        api.get(LIST_ALL)
    control.delete("/faults")
    assert api.get(LIST_ALL).status_code == 200


def test_malformed_fault_is_200_with_invalid_json(api: httpx.Client, control) -> None:
    control.post("/faults", json={"malformed_rate": 1.0})
    response = api.get(LIST_ALL)
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


def test_malformed_fault_still_applies_the_change(api, control, fake_server) -> None:
    chat_id = chat_of_type(fake_server, "channel")
    message = pending(fake_server, chat_id)[0]
    control.post("/faults", json={"malformed_rate": 1.0})
    api.put(CHAT_MESSAGES.format(chat_id) + f"/{message['id']}", json={"text": "applied"})
    assert fake_server.state.message(message["id"])["message"]["content"]["text"] == "applied"


def test_truncate_fault_breaks_the_body(api: httpx.Client, control: httpx.Client) -> None:
    control.post("/faults", json={"truncate_rate": 1.0})
    with pytest.raises(httpx.RemoteProtocolError):
        api.get(LIST_ALL)


def test_truncate_fault_on_204_drops_the_answer_after_the_change(api, control, fake_server):
    chat_id = chat_of_type(fake_server, "channel")
    message = pending(fake_server, chat_id)[0]
    control.post("/faults", json={"truncate_rate": 1.0})
    with pytest.raises(httpx.TransportError):
        api.delete(CHAT_MESSAGES.format(chat_id) + f"/{message['id']}")
    assert fake_server.state.message(message["id"]) is None


def test_latency_fault_delays_the_answer(api: httpx.Client, control: httpx.Client) -> None:
    control.post("/faults", json={"latency_ms": 250})
    response = api.get(LIST_ALL)
    assert response.status_code == 200
    assert response.elapsed >= timedelta(milliseconds=250)


def test_latency_is_capped_at_ten_seconds(control: httpx.Client) -> None:
    assert control.post("/faults", json={"latency_ms": 60_000}).json()["latency_ms"] == 10_000


def test_throttle_all_refuses_every_request(api: httpx.Client, control: httpx.Client) -> None:
    control.post("/faults", json={"throttle_all": True})
    response = api.get("/api/v3/chats")
    assert response.status_code == 400  # the default reality's form of throttling
    assert response.json()["code"] == "request_limit_exceeded"


def test_faults_never_touch_control_endpoints(control: httpx.Client) -> None:
    control.post("/faults", json={"error_rate": 1.0, "reset_rate": 0.0})
    assert control.get("/clock").status_code == 200


def test_faults_skip_oauth_unless_asked(fake_server: FakeServer, control) -> None:
    control.post("/faults", json={"error_rate": 1.0})
    response = httpx.post(
        fake_server.base_url + "/oauth/v2/token",
        params=REFRESH,
    )
    assert "access_token" in response.json()


def test_unknown_fault_switch_is_refused(control: httpx.Client) -> None:
    response = control.post("/faults", json={"gremlins": True})
    assert response.status_code == 400
    assert "gremlins" in response.json()["message"]


def test_bad_fault_rate_is_refused(control: httpx.Client) -> None:
    assert control.post("/faults", json={"error_rate": 2}).status_code == 400


@pytest.mark.parametrize("fake_config", [FakeConfig(seed="demo", clock="manual", error_rate=1.0)])
def test_faults_can_be_set_by_config(api: httpx.Client) -> None:
    assert api.get(LIST_ALL).status_code >= 500


def test_partial_error_rate_fails_some_and_serves_others() -> None:
    config = FakeConfig(seed="empty", clock="manual", error_rate=0.5, rate_limits=False)
    with FakeServer(config) as server, httpx.Client(base_url=server.base_url) as client:
        client.headers["Authorization"] = f"Zoho-oauthtoken {server.token}"
        statuses = {client.get(LIST_ALL).status_code for _ in range(60)}
    assert 200 in statuses and statuses - {200}
