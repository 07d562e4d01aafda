"""Access tokens and the OAuth token endpoint (both grants), on the fake clock."""

from __future__ import annotations

import httpx
import pytest

from cliq_tui.fake import FakeServer
from tests.support.servers import REFRESH

LIST_ALL = "/api/v3/scheduledmessages"


def token_call(server: FakeServer, **params: str) -> httpx.Response:
    return httpx.post(server.base_url + "/oauth/v2/token", params=params)


def list_with(server: FakeServer, token: str) -> httpx.Response:
    return httpx.get(
        server.base_url + LIST_ALL, headers={"Authorization": f"Zoho-oauthtoken {token}"}
    )


def test_missing_token_is_401(fake_server: FakeServer) -> None:
    response = httpx.get(fake_server.base_url + LIST_ALL)
    assert response.status_code == 401
    assert set(response.json()) == {"message", "code"}


def test_wrong_token_is_401(fake_server: FakeServer) -> None:
    assert list_with(fake_server, "not-the-token").status_code == 401


def test_bearer_scheme_is_401(fake_server: FakeServer) -> None:
    headers = {"Authorization": f"Bearer {fake_server.token}"}
    assert httpx.get(fake_server.base_url + LIST_ALL, headers=headers).status_code == 401


def test_refresh_grant_issues_a_working_token(fake_server: FakeServer) -> None:
    body = token_call(fake_server, **REFRESH).json()
    assert body["expires_in"] == 3600 and body["token_type"] == "Bearer"
    assert body["api_domain"] == fake_server.base_url
    assert "refresh_token" not in body
    assert list_with(fake_server, body["access_token"]).status_code == 200


def test_refresh_grant_as_form_body_works(fake_server: FakeServer) -> None:
    response = httpx.post(fake_server.base_url + "/oauth/v2/token", data=REFRESH)
    assert "access_token" in response.json()


def test_issued_token_expires_after_an_hour(fake_server: FakeServer) -> None:
    token = token_call(fake_server, **REFRESH).json()["access_token"]
    fake_server.state.advance(3600)
    response = list_with(fake_server, token)
    assert response.status_code == 401
    assert response.json()["code"] == "oauthtoken_expired"


def test_code_grant_issues_access_and_refresh_tokens(fake_server: FakeServer) -> None:
    body = token_call(
        fake_server,
        grant_type="authorization_code",
        client_id="demo-client",
        client_secret="demo-secret",
        code="demo-grant",
    ).json()
    refreshed = token_call(fake_server, **{**REFRESH, "refresh_token": body["refresh_token"]})
    assert list_with(fake_server, body["access_token"]).status_code == 200
    assert "access_token" in refreshed.json()


def test_grant_code_works_only_once(fake_server: FakeServer) -> None:
    params = {
        "grant_type": "authorization_code",
        "client_id": "demo-client",
        "client_secret": "demo-secret",
        "code": "demo-grant",
    }
    token_call(fake_server, **params)
    assert token_call(fake_server, **params).json() == {"error": "invalid_code"}


def test_control_endpoint_makes_fresh_grant_codes(fake_server, control: httpx.Client) -> None:
    code = control.post("/oauth/grant-code").json()["code"]
    body = token_call(
        fake_server,
        grant_type="authorization_code",
        client_id="demo-client",
        client_secret="demo-secret",
        code=code,
    ).json()
    assert "refresh_token" in body


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"client_id": "other"}, "invalid_client"),
        ({"client_secret": "other"}, "invalid_client_secret"),
        ({"refresh_token": "other"}, "invalid_code"),
        ({"grant_type": "password"}, "unsupported_grant_type"),
    ],
)
def test_wrong_credentials_answer_200_with_error(fake_server, change, error) -> None:
    response = token_call(fake_server, **{**REFRESH, **change})
    assert response.status_code == 200
    assert response.json() == {"error": error}


@pytest.mark.parametrize("status", [None, 200, 400])
def test_eleventh_token_in_ten_minutes_is_access_denied(fake_server, control, status) -> None:
    if status is not None:
        control.post("/oauth", json={"token_limit_status": status})
    answers = [token_call(fake_server, **REFRESH) for _ in range(11)]
    assert all("access_token" in a.json() for a in answers[:10])
    assert answers[10].status_code == (status or 200)  # 200 is the default, as seen from Zoho
    assert answers[10].json()["error"] == "Access Denied"
    assert control.get("/oauth").json()["minted"] == 10


def test_the_token_limit_frees_up_ten_minutes_after_the_first_token(fake_server) -> None:
    for _ in range(10):
        token_call(fake_server, **REFRESH)
    fake_server.state.advance(599)
    refused = token_call(fake_server, **REFRESH).json()
    fake_server.state.advance(1)
    assert refused["error"] == "Access Denied"
    assert "access_token" in token_call(fake_server, **REFRESH).json()


def test_the_token_limit_can_be_switched_off(fake_server, control) -> None:
    control.post("/oauth", json={"token_limit": False})
    answers = [token_call(fake_server, **REFRESH).json() for _ in range(12)]
    assert all("access_token" in a for a in answers)
    assert control.get("/oauth").json()["minted"] == 12


def test_expires_in_can_come_in_milliseconds_beside_expires_in_sec(fake_server, control) -> None:
    control.post("/oauth", json={"expires_in_unit": "ms"})
    body = token_call(fake_server, **REFRESH).json()
    assert (body["expires_in"], body["expires_in_sec"]) == (3_600_000, 3600)
    fake_server.state.advance(3599)
    assert list_with(fake_server, body["access_token"]).status_code == 200


@pytest.mark.parametrize("status", [401, 403])
def test_a_token_without_the_scope_gets_oauthtoken_scope_invalid(
    fake_server, control, status
) -> None:
    control.post(
        "/oauth", json={"token_scopes": ["ZohoCliq.Chats.READ"], "scope_error_status": status}
    )
    token = token_call(fake_server, **REFRESH).json()["access_token"]
    refused = list_with(fake_server, token)
    chats = httpx.get(
        fake_server.base_url + "/api/v3/chats",
        headers={"Authorization": f"Zoho-oauthtoken {token}"},
    )
    assert refused.status_code == status
    assert refused.json()["code"] == "oauthtoken_scope_invalid"
    assert refused.json()["message"]
    assert chats.status_code == 200


def test_an_expired_token_is_expired_before_it_is_short_of_scopes(fake_server, control) -> None:
    control.post("/oauth", json={"token_scopes": []})
    token = token_call(fake_server, **REFRESH).json()["access_token"]
    fake_server.state.advance(3600)
    assert list_with(fake_server, token).json()["code"] == "oauthtoken_expired"


@pytest.mark.parametrize(
    "change",
    [
        {"token_limit_status": 429},
        {"expires_in_unit": "h"},
        {"scope_error_status": "401"},
        {"token_scopes": 5},
        {"token_limit": "yes"},
        {"no_such_switch": True},
    ],
)
def test_bad_oauth_switches_are_refused_and_change_nothing(fake_server, control, change) -> None:
    before = control.get("/oauth").json()
    response = control.post("/oauth", json=change)
    assert response.status_code == 400
    assert control.get("/oauth").json() == before


def test_expire_tokens_fault_expires_static_token_until_refresh(fake_server, control) -> None:
    control.post("/faults", json={"expire_tokens": True})
    refused = list_with(fake_server, fake_server.token)
    fresh = token_call(fake_server, **REFRESH).json()["access_token"]
    assert refused.status_code == 401
    assert list_with(fake_server, fresh).status_code == 200


def test_expire_tokens_fault_expires_issued_tokens(fake_server, control) -> None:
    old = token_call(fake_server, **REFRESH).json()["access_token"]
    control.post("/faults", json={"expire_tokens": True})
    assert list_with(fake_server, old).status_code == 401


def test_clearing_faults_restores_the_static_token(fake_server, control) -> None:
    control.post("/faults", json={"expire_tokens": True})
    control.delete("/faults")
    assert list_with(fake_server, fake_server.token).status_code == 200
