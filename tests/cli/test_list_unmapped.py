"""``cliq-tui list`` says on stderr why messages have no chat (``?``); stdout stays as it was."""

from __future__ import annotations

import re

import pytest

from cliq_tui.fake import FakeConfig, FakeServer
from tests.support.cli import on, run

Capsys = pytest.CaptureFixture[str]


@pytest.mark.parametrize("status", [401, 403])
def test_a_token_without_chats_read_is_explained_in_one_line(status: int, capsys: Capsys) -> None:
    config = FakeConfig(
        seed="demo", token_scopes=("ZohoCliq.Messages.READ",), scope_error_status=status
    )
    with FakeServer(config) as server:
        result = run(capsys, "list", "--json", *on(server))

    assert result.code == 0
    items = result.json()
    assert items and all(item.get("chat_id") is None for item in items)
    lines = result.err.splitlines()
    assert len(lines) == 1
    assert f"{len(items)} messages have no chat" in lines[0]
    assert "ZohoCliq.Chats.READ" in lines[0] and "cliq-tui auth login" in lines[0]


def test_messages_left_for_the_next_run_are_counted_with_the_time_to_run_again(
    capsys: Capsys,
) -> None:
    with FakeServer(FakeConfig(seed="realistic")) as server:
        result = run(capsys, "list", "--json", *on(server))

    assert result.code == 0
    items = result.json()  # stdout is still the plain JSON list
    unmapped = [item for item in items if not item.get("chat_id")]
    assert unmapped, "the realistic account needs more than one run's share of the budget"
    lines = result.err.splitlines()
    assert len(lines) == 1
    assert re.fullmatch(
        rf"cliq-tui: warning: {len(unmapped)} messages not yet mapped to a chat \(the per-chat"
        r" listing budget frees up at \d\d:\d\d:\d\d\); run again then",
        lines[0],
    )


def test_a_fully_mapped_list_says_nothing_more(fake_server: FakeServer, capsys: Capsys) -> None:
    result = run(capsys, "list", "--json", *on(fake_server))

    assert result.code == 0 and all(item.get("chat_id") for item in result.json())
    assert result.err == ""
