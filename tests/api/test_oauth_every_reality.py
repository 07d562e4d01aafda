"""The OAuth flow in every named reality of the fake: one token per hour, one shared refresh
after a rejection, a missing scope and the token limit in words (issue 12, rows 2-4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cliq_tui.api import ScopeError, TokenLimitError
from cliq_tui.fake import FakeConfig, FakeServer
from tests.support.client import clocked_client as client
from tests.support.client import oauth_process as process


@pytest.fixture
def fake_config(reality_fake_config: FakeConfig) -> FakeConfig:
    """Every test here runs in each named reality."""
    return reality_fake_config


async def test_processes_share_one_token_for_its_hour_then_one_more(
    fake_server: FakeServer, tmp_path: Path
) -> None:
    for _ in range(14):  # a run every 5 minutes for 65 minutes
        async with client(fake_server, process(fake_server, tmp_path)) as c:
            await c.check_access()
        fake_server.state.advance(300)

    assert fake_server.state.oauth()["minted"] == 2
    assert all(r["status"] == 200 for r in fake_server.state.requests())


async def test_a_missing_scope_and_the_token_limit_are_told_apart(
    fake_server: FakeServer, tmp_path: Path
) -> None:
    fake_server.state.set_oauth(token_scopes=["ZohoCliq.Chats.READ"])
    async with client(fake_server, process(fake_server, tmp_path)) as c:
        with pytest.raises(ScopeError):
            await c.check_access()
    fake_server.state.set_oauth(token_scopes=None)
    for i in range(9):  # nine more tokens, from other machines (no shared cache)
        async with client(fake_server, process(fake_server, tmp_path / str(i))) as c:
            await c.check_access()

    async with client(fake_server, process(fake_server, tmp_path / "eleventh")) as c:
        with pytest.raises(TokenLimitError) as refused:
            await c.check_access()

    assert fake_server.state.oauth()["minted"] == 10
    assert "Zoho allows 10 access tokens per 10 minutes" in str(refused.value)
