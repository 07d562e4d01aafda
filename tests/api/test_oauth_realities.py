"""The client in each OAuth reality of the fake (issue 12, rows 2-4): token lifetimes in
milliseconds, tokens without a scope, the token limit answered as 200 or 400."""

from __future__ import annotations

import pytest

from cliq_tui.api import (
    AuthenticationError,
    PermissionDeniedError,
    ScopeError,
    StaticToken,
    TokenLimitError,
)
from cliq_tui.api.oauth_answers import token_lifetime
from cliq_tui.api.scopes import is_scope_refusal
from cliq_tui.fake import FakeServer
from tests.support.client import clocked_client as _client
from tests.support.client import oauth_process as _oauth


@pytest.mark.parametrize(
    ("body", "seconds"),
    [
        ({"expires_in": 3600}, 3600),
        ({"expires_in": 3_600_000}, 3600),  # milliseconds
        ({"expires_in": 3_600_000, "expires_in_sec": 3600}, 3600),
        ({"expires_in_sec": 1800, "expires_in": 3600}, 1800),  # expires_in_sec wins
        ({"expires_in": "3600"}, 3600),
        ({}, 3600),
        ({"expires_in": 10**15}, 3600),  # absurd even as milliseconds
        ({"expires_in": -5}, 3600),
        ({"expires_in": True}, 3600),
        ({"expires_in": "NaN"}, 3600),
        ({"expires_in": None, "expires_in_sec": "x"}, 3600),
        ({"expires_in_sec": 10**9, "expires_in": 600}, 600),
    ],
)
def test_token_lifetime_reads_seconds_and_milliseconds(body: dict, seconds: float) -> None:
    assert token_lifetime(body) == seconds


@pytest.mark.parametrize("unit", ["s", "ms"])
async def test_a_token_lives_its_hour_whatever_the_unit(fake_server: FakeServer, unit: str) -> None:
    fake_server.state.set_oauth(expires_in_unit=unit)
    auth = _oauth(fake_server)
    async with _client(fake_server, auth) as client:
        await client.check_access()
        fake_server.state.advance(3000)
        await client.check_access()
        assert auth.refresh_count == 1
        fake_server.state.advance(560)  # 3560 s: inside the margin before the hour ends
        await client.check_access()

    assert auth.refresh_count == 2  # renewed in time, not kept for a thousand hours
    assert all(r["status"] == 200 for r in fake_server.state.requests())


@pytest.mark.parametrize("status", [401, 403])
async def test_a_token_without_the_scope_is_a_scope_error_and_spends_no_refresh(
    fake_server: FakeServer, status: int
) -> None:
    fake_server.state.set_oauth(token_scopes=["ZohoCliq.Chats.READ"], scope_error_status=status)
    auth = _oauth(fake_server)
    async with _client(fake_server, auth) as client:
        chats = await client.list_chats()
        with pytest.raises(ScopeError) as refused:
            await client.list_scheduled_messages()

    error = refused.value
    assert chats
    assert not isinstance(error, AuthenticationError | PermissionDeniedError)
    assert (error.status_code, error.code, error.scope) == (
        status,
        "oauthtoken_scope_invalid",
        "ZohoCliq.Messages.READ",
    )
    assert "ZohoCliq.Messages.READ" in str(error) and "cliq-tui auth login" in str(error)
    assert auth.refresh_count == 1  # the first token only
    assert fake_server.state.oauth()["minted"] == 1


async def test_a_static_token_without_the_scope_names_the_scope(fake_server: FakeServer) -> None:
    fake_server.state.set_oauth(token_scopes=["ZohoCliq.Messages.READ"])
    async with _client(fake_server, StaticToken(fake_server.token)) as client:
        with pytest.raises(ScopeError) as refused:
            await client.get_chat("CT_1")

    assert refused.value.scope == "ZohoCliq.Chats.READ"


@pytest.mark.parametrize("status", [200, 400])
async def test_the_token_limit_is_not_blamed_on_the_credentials(
    fake_server: FakeServer, status: int
) -> None:
    fake_server.state.set_oauth(token_limit_status=status)
    for _ in range(10):
        async with _client(fake_server, _oauth(fake_server)) as client:
            await client.check_access()

    async with _client(fake_server, _oauth(fake_server)) as client:
        with pytest.raises(TokenLimitError) as refused:
            await client.check_access()

    text = str(refused.value)
    assert text.startswith("Zoho allows 10 access tokens per 10 minutes for a refresh token")
    assert "wait until" in text and "credentials are fine" in text
    assert refused.value.title == "Token limit"


@pytest.mark.parametrize(
    ("status", "code", "message", "expected"),
    [
        (401, "oauthtoken_scope_invalid", None, True),
        (403, "oauthtoken_scope_invalid", "anything", True),
        (401, None, "The OAuth token passed does not have the required scope.", True),
        (403, None, "Invalid OAuth Scope", True),
        (401, "oauthtoken_expired", "Scope of the token: expired", False),
        (401, None, "Request was rejected because of invalid AuthToken.", False),
        (400, None, "scope", False),
    ],
)
def test_a_scope_refusal_is_known_by_its_code_or_else_by_its_message(
    status: int, code: str | None, message: str | None, expected: bool
) -> None:
    assert is_scope_refusal(status, code, message) is expected
