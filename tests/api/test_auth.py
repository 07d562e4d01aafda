"""Auth: static tokens, the OAuth refresh flow against the fake's token endpoint, no leaks."""

from __future__ import annotations

import logging

import pytest

from cliq_tui.api import (
    DATA_CENTRES,
    AuthenticationError,
    CliqClient,
    StaticToken,
    exchange_grant_code,
)
from cliq_tui.fake import FakeServer
from tests.support.client import Harness, make_harness
from tests.support.client import oauth_process as _oauth
from tests.support.servers import oauth_requests

SECRETS = ("demo-secret", "demo-refresh", "demo-token", "demo-grant")


async def test_requests_carry_the_zoho_oauthtoken_header(harness: Harness) -> None:
    await harness.client.list_chats()

    assert harness.transport.sent[0].headers["Authorization"] == "Zoho-oauthtoken demo-token"


async def test_oauth_fetches_one_access_token_and_reuses_it(fake_server: FakeServer) -> None:
    h = make_harness(fake_server, auth=_oauth(fake_server))
    async with h.client:
        await h.client.list_chats()
        await h.client.list_scheduled_messages()

    assert oauth_requests(fake_server) == 1
    sent = [r for r in h.transport.sent if r.url.path.startswith("/api/")]
    assert len({r.headers["Authorization"] for r in sent}) == 1
    assert "demo-token" not in sent[0].headers["Authorization"]


async def test_oauth_refreshes_shortly_before_the_token_expires(fake_server: FakeServer) -> None:
    h = make_harness(fake_server, auth=_oauth(fake_server))
    async with h.client:
        await h.client.list_chats()
        fake_server.state.advance(3600 - 30)  # inside the expiry margin
        await h.client.list_chats()

    assert oauth_requests(fake_server) == 2


async def test_a_401_triggers_one_refresh_and_one_retry(fake_server: FakeServer) -> None:
    auth = _oauth(fake_server)
    h = make_harness(fake_server, auth=auth)
    async with h.client:
        await h.client.list_chats()
        fake_server.state.set_faults(expire_tokens=True)

        chats = await h.client.list_chats()

    assert chats
    assert auth.refresh_count == 2
    assert h.served("list_chats") == 3  # ok, 401, retried ok


async def test_a_static_token_is_not_retried_after_a_401(harness: Harness) -> None:
    harness.server.state.set_faults(expire_tokens=True)

    with pytest.raises(AuthenticationError):
        await harness.client.list_chats()

    assert harness.served("list_chats") == 1


async def test_wrong_client_secret_is_an_authentication_error_without_the_secret(
    fake_server: FakeServer,
) -> None:
    h = make_harness(fake_server, auth=_oauth(fake_server, secret="not-the-secret"))
    async with h.client:
        with pytest.raises(AuthenticationError) as caught:
            await h.client.list_chats()

    assert caught.value.code in ("invalid_client", "invalid_client_secret")
    assert "not-the-secret" not in str(caught.value)
    assert h.served("list_chats") == 0


async def test_exchange_grant_code_returns_a_refresh_token(fake_server: FakeServer) -> None:
    result = await exchange_grant_code(
        "demo-grant",
        client_id="demo-client",
        client_secret="demo-secret",
        accounts_url=fake_server.base_url,
    )

    assert result.refresh_token is not None
    assert result.refresh_token.get_secret_value()
    assert result.expires_in > 0


async def test_exchange_of_a_bad_grant_code_is_refused(fake_server: FakeServer) -> None:
    with pytest.raises(AuthenticationError) as caught:
        await exchange_grant_code(
            "used-or-wrong",
            client_id="demo-client",
            client_secret="demo-secret",
            accounts_url=fake_server.base_url,
        )

    assert caught.value.code == "invalid_code"
    assert "used-or-wrong" not in str(caught.value)


def test_reprs_hide_every_secret(fake_server: FakeServer) -> None:
    texts = [
        repr(StaticToken("demo-token")),
        str(StaticToken("demo-token")),
        repr(_oauth(fake_server)),
        repr(CliqClient(fake_server.base_url, StaticToken("demo-token"))),
        repr(CliqClient(fake_server.base_url, _oauth(fake_server))),
    ]

    assert not [t for t in texts if any(s in t for s in SECRETS)]


async def test_logs_never_contain_tokens(
    fake_server: FakeServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    h = make_harness(fake_server, auth=_oauth(fake_server))
    async with h.client:
        fake_server.state.set_faults(expire_tokens=True)
        await h.client.list_chats()

    assert caplog.records
    assert not [s for s in SECRETS if s in caplog.text]


def test_every_data_centre_has_https_cliq_and_accounts_hosts() -> None:
    assert set(DATA_CENTRES) == {"com", "eu", "in", "com.au", "jp", "com.cn", "sa", "uk", "ca"}
    assert DATA_CENTRES["eu"] == ("https://cliq.zoho.eu", "https://accounts.zoho.eu")
    assert DATA_CENTRES["ca"].base_url == "https://cliq.zohocloud.ca"
    assert all(dc.accounts_url.startswith("https://accounts.") for dc in DATA_CENTRES.values())


async def test_a_401_right_after_a_forced_refresh_does_not_refresh_again(
    fake_server: FakeServer,
) -> None:
    auth = _oauth(fake_server)
    h = make_harness(fake_server, auth=auth)
    async with h.client:
        await h.client.list_chats()
        fake_server.state.set_faults(expire_tokens=True)
        await h.client.list_chats()  # 401, refresh, retry: fine
        fake_server.state.set_faults(expire_tokens=True)  # the new token dies too

        with pytest.raises(AuthenticationError):
            await h.client.list_chats()

    assert auth.refresh_count == 2
