"""Only Cliq's refusal about the number of scheduled messages is reported as the 25 cap."""

from __future__ import annotations

import pytest

from cliq_tui.fake import FakeServer
from tests.support.cli import on, run

Capsys = pytest.CaptureFixture[str]


def _group(server: FakeServer) -> str:
    return next(c["chat_id"] for c in server.state.chats() if c["chat_type"] == "group_chat")


def test_a_text_too_long_for_cliq_is_not_called_the_cap(
    fake_server: FakeServer, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Let the text past the client's own check, so Cliq (the fake) is the one to refuse it.
    monkeypatch.setattr("cliq_tui.api.validation.CREATE_TEXT_MAX", 100_000)
    before = len(fake_server.state.messages())

    refused = run(
        capsys,
        "create",
        *on(fake_server),
        "--text",
        "x" * 5000,
        "--time",
        "+3h",
        _group(fake_server),
    )

    assert refused.code == 1
    assert "input_length_exceeded" in refused.err
    assert "per user" not in refused.err and "as many scheduled messages" not in refused.err
    assert len(fake_server.state.messages()) == before
