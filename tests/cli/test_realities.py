"""``cliq-tui list`` and ``create`` against the fake server in every named reality."""

from __future__ import annotations

import json

import pytest

from cliq_tui.fake import FakeConfig, FakeServer
from cliq_tui.fake.realities import reality_config
from tests.support.cli import on, run

Capsys = pytest.CaptureFixture[str]


@pytest.fixture
def fake_config(reality: str) -> FakeConfig:
    """The CLI reads the wall clock, so its fake server does too."""
    return reality_config(reality, seed="demo")


def _group(server: FakeServer) -> str:
    return next(c["chat_id"] for c in server.state.chats() if c["chat_type"] == "group_chat")


def test_list_names_every_message_with_its_chat(fake_server: FakeServer, capsys: Capsys) -> None:
    result = run(capsys, "list", "--json", *on(fake_server))

    assert result.code == 0, result.err
    listed = {item["id"]: item["chat_id"] for item in json.loads(result.out)}
    assert listed == {m["id"]: m["chat_id"] for m in fake_server.state.messages()}


def test_create_reports_the_new_message_with_its_chat(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    chat_id = _group(fake_server)

    result = run(
        capsys,
        "create",
        "--json",
        *on(fake_server),
        "--text",
        "From the CLI",
        "--time",
        "+2h",
        chat_id,
    )

    assert result.code == 0, result.err
    created = json.loads(result.out)
    assert created["chat_id"] == chat_id
    assert fake_server.state.message(created["id"])["chat_id"] == chat_id


def test_create_beyond_the_cap_says_so(fake_server: FakeServer, capsys: Capsys) -> None:
    if fake_server.config.message_cap is None:
        pytest.skip("this reality has no cap")
    chat_id = _group(fake_server)
    args = [*on(fake_server), "--time", "+3h", chat_id]
    while len(fake_server.state.messages()) < fake_server.config.message_cap:
        assert run(capsys, "create", "--text", "filler", *args).code == 0

    refused = run(capsys, "create", "--text", "one too many", *args)

    assert refused.code == 1
    assert "as many scheduled messages as it allows (25 per user)" in refused.err
    assert "Send or delete one first" in refused.err
