"""Access tokens and the OAuth token endpoint (both grants), on the fake clock."""

from __future__ import annotations

import httpx
import pytest

from cliq_tui.fake import FakeServer

LIST_ALL = "/api/v3/scheduledmessages"
REFRESH = {
    "grant_type": "refresh_token",
    "client_id": "demo-client",
    "client_secret": "demo-secret",
    "refresh_token": "demo-refresh",
}


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


def test_eleventh_token_in_ten_minutes_is_access_denied(fake_server: FakeServer) -> None:
    answers = [token_call(fake_server, **REFRESH) for _ in range(11)]
    assert all("access_token" in a.json() for a in answers[:10])
    assert answers[10].status_code == 400
    assert answers[10].json()["error"] == "Access Denied"


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
