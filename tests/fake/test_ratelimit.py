"""The documented rate limits and lock periods, on the manual clock."""

from __future__ import annotations

import httpx
import pytest

from cliq_tui.fake import FakeConfig, FakeServer
from tests.support.servers import REFRESH

LIST_ALL = "/api/v3/scheduledmessages"


@pytest.fixture
def fake_config() -> FakeConfig:
    """The 429 form of throttling (the 400 form has its own tests below)."""
    return FakeConfig(seed="demo", clock="manual", throttle_form="429")


def hammer(api: httpx.Client, times: int, url: str = LIST_ALL) -> list[httpx.Response]:
    return [api.get(url) for _ in range(times)]


def test_twenty_lists_a_minute_are_allowed(api: httpx.Client) -> None:
    assert all(r.status_code == 200 for r in hammer(api, 20))


def test_the_21st_list_in_a_minute_is_429(api: httpx.Client) -> None:
    response = hammer(api, 21)[-1]
    assert response.status_code == 429
    assert response.json() == {
        "message": "Too many requests within a certain time frame.",
        "code": "too_many_requests",
    }
    assert "retry-after" not in response.headers


def test_lock_lasts_the_whole_ten_minutes(api, fake_server: FakeServer) -> None:
    hammer(api, 21)
    fake_server.state.advance(599)
    assert api.get(LIST_ALL).status_code == 429


def test_lock_ends_after_ten_minutes(api, fake_server: FakeServer) -> None:
    hammer(api, 21)
    fake_server.state.advance(600)
    assert api.get(LIST_ALL).status_code == 200


def test_window_slides_so_spread_requests_are_never_locked(api, fake_server) -> None:
    statuses = []
    for _ in range(60):
        statuses.append(api.get(LIST_ALL).status_code)
        fake_server.state.advance(3.1)
    assert set(statuses) == {200}


def test_lock_is_per_endpoint(api: httpx.Client, fake_server: FakeServer) -> None:
    hammer(api, 21)
    assert api.get("/api/v3/chats").status_code == 200


def test_chat_details_lock_lasts_five_minutes(api, fake_server: FakeServer) -> None:
    chat_id = fake_server.state.chats()[0]["chat_id"]
    url = f"/api/v3/chats/{chat_id}"
    assert hammer(api, 61, url)[-1].status_code == 429
    fake_server.state.advance(299)
    assert api.get(url).status_code == 429
    fake_server.state.advance(1)
    assert api.get(url).status_code == 200


@pytest.mark.parametrize(
    "fake_config", [FakeConfig(seed="demo", clock="manual", throttle_form="400")]
)
def test_400_form_is_request_limit_exceeded(api: httpx.Client) -> None:
    response = hammer(api, 21)[-1]
    assert response.status_code == 400
    assert response.json() == {
        "code": "request_limit_exceeded",
        "message": "You have exceeded the URL throttle limits.",
    }


@pytest.mark.parametrize(
    "fake_config", [FakeConfig(seed="demo", clock="manual", throttle_form="400")]
)
def test_400_form_lock_lasts_its_lock_period(api, fake_server: FakeServer) -> None:
    hammer(api, 21)
    fake_server.state.advance(599)
    assert api.get(LIST_ALL).json()["code"] == "request_limit_exceeded"


@pytest.mark.parametrize(
    "fake_config", [FakeConfig(seed="demo", clock="manual", rate_scale=2, throttle_form="429")]
)
def test_rate_scale_multiplies_the_limit(api: httpx.Client) -> None:
    statuses = [r.status_code for r in hammer(api, 41)]
    assert statuses[:40] == [200] * 40 and statuses[40] == 429


@pytest.mark.parametrize(
    "fake_config", [FakeConfig(seed="demo", clock="manual", rate_limits=False)]
)
def test_rate_limits_can_be_switched_off(api: httpx.Client) -> None:
    assert all(r.status_code == 200 for r in hammer(api, 30))


def test_throttled_requests_are_counted_in_stats(api, control: httpx.Client) -> None:
    hammer(api, 23)
    stats = control.get("/stats").json()["endpoints"]["list_all"]
    assert stats["requests"] == 23 and stats["throttled"] == 3


def test_a_new_token_does_not_escape_a_lock(api, fake_server: FakeServer) -> None:
    hammer(api, 21)
    fresh = httpx.post(
        fake_server.base_url + "/oauth/v2/token",
        params=REFRESH,
    ).json()["access_token"]
    headers = {"Authorization": f"Zoho-oauthtoken {fresh}"}
    assert api.get(LIST_ALL, headers=headers).status_code == 429


def test_control_endpoint_clears_locks(api, control: httpx.Client) -> None:
    hammer(api, 21)
    control.post("/rate-limits", json={"clear_locks": True})
    assert api.get(LIST_ALL).status_code == 200
