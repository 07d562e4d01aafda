"""``cliq-tui list`` leaves half of the per-chat budget to the next command, even cold."""

from __future__ import annotations

import pytest

from cliq_tui.fake import FakeConfig, FakeServer
from tests.support.cli import on, requests_sent_by_the_cli, run
from tests.support.servers import stats_after

Capsys = pytest.CaptureFixture[str]


@pytest.fixture
def fake_config() -> FakeConfig:
    """A real-sized account in the documented form: resolution needs more than half a window."""
    return FakeConfig(seed="realistic")


def _chat_listings(server: FakeServer) -> int:
    stats = stats_after(server, requests_sent_by_the_cli(server))
    return int(stats["endpoints"].get("list_chat", {}).get("requests", 0))


def test_a_cold_list_spends_at_most_half_the_per_chat_budget(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    result = run(capsys, "list", "--json", *on(fake_server))

    assert result.code == 0
    # 12 of 300 chats hold messages: the run could use the whole window, but keeps to half,
    # within its first resolution step as between steps.
    assert 0 < _chat_listings(fake_server) <= 10
    assert any(item.get("chat_id") for item in result.json())
    # The next command has its half: a chat listing of its own goes through at once.
    chat_id = next(m["chat_id"] for m in fake_server.state.messages())
    listed = run(capsys, "list", "--chat", chat_id, "--json", *on(fake_server))
    assert listed.code == 0 and listed.json()
    assert stats_after(fake_server, 0)["total"]["throttled"] == 0
