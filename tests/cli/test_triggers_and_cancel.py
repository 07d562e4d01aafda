"""Triggers typed either way (check-in, check_in), listed in --help; a declined delete's own
exit status."""

from __future__ import annotations

import pytest

from cliq_tui.cli.common import EXIT_CANCELLED, EXIT_FAILED, EXIT_USAGE
from cliq_tui.fake import FakeServer
from tests.support.cli import on, on_a_terminal, run
from tests.support.servers import a_message

Capsys = pytest.CaptureFixture[str]

_VALUES = ("check-in", "check-out", "user-available", "call-end")


@pytest.mark.parametrize("command", ["reschedule", "edit", "create"])
def test_help_lists_every_trigger_value(
    command: str, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # argparse wraps at spaces and hyphens
    result = run(capsys, command, "--help")
    out = " ".join(result.out.split())

    assert result.code == 0
    assert all(value in out for value in _VALUES), out
    assert "check_in" in out


def _a_channel(server: FakeServer) -> str:
    # check_in is refused in direct messages (the spec's error table): a channel takes it.
    return next(c["chat_id"] for c in server.state.chats() if c["chat_type"] == "channel")


@pytest.mark.parametrize("spelling", ["check-in", "check_in", "Check-In"])
def test_create_accepts_the_trigger_in_either_spelling(
    fake_server: FakeServer, capsys: Capsys, spelling: str
) -> None:
    chat_id = _a_channel(fake_server)

    result = run(
        capsys, "create", chat_id, "--text", "Hi", "--status", spelling, "--json", *on(fake_server)
    )

    assert result.code == 0, result.err
    created = fake_server.state.message(result.json()["id"])
    assert created["schedule_status"] == "check_in"


def test_reschedule_and_edit_accept_hyphenated_triggers(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    m = a_message(fake_server, schedule_status="check_out")

    moved = run(
        capsys,
        "reschedule",
        m["chat_id"],
        "--from-status",
        "check-out",
        "--to-status",
        "call-end",
        *on(fake_server),
    )
    edited = run(
        capsys, "edit", m["chat_id"], m["id"], "--status", "user-available", *on(fake_server)
    )

    assert moved.code == 0, moved.err
    assert edited.code == 0, edited.err
    assert fake_server.state.message(m["id"])["schedule_status"] == "user_available"


def test_an_unknown_trigger_is_a_usage_error_naming_the_values(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    result = run(
        capsys, "create", "chat", "--text", "x", "--status", "checkin-ish", *on(fake_server)
    )

    assert result.code == EXIT_USAGE
    assert "'checkin-ish' is not a trigger; use one of check-in, check-out" in result.err
    assert fake_server.state.stats()["total"]["requests"] == 0


# --- a declined delete -------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["", "no thanks", None])  # "n": test_messages.py
def test_a_declined_delete_exits_3_not_the_failure_1(
    fake_server: FakeServer,
    capsys: Capsys,
    monkeypatch: pytest.MonkeyPatch,
    answer: str | None,
) -> None:
    m = a_message(fake_server)

    def reply(prompt: str) -> str:
        if answer is None:
            raise EOFError  # Ctrl-D at the prompt: no answer is no
        return answer

    on_a_terminal(monkeypatch, reply)

    result = run(capsys, "delete", m["chat_id"], "--all", *on(fake_server))

    assert (result.code, result.err) == (EXIT_CANCELLED, "cliq-tui: cancelled: nothing deleted.\n")
    assert EXIT_CANCELLED not in (EXIT_FAILED, EXIT_USAGE)
    assert fake_server.state.message(m["id"]) is not None  # --all deleted nothing
    assert fake_server.state.stats()["total"]["requests"] == 0


def test_ctrl_c_at_the_delete_prompt_exits_130(
    fake_server: FakeServer, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    m = a_message(fake_server)

    def interrupt(prompt: str) -> str:
        raise KeyboardInterrupt

    on_a_terminal(monkeypatch, interrupt)

    result = run(capsys, "delete", m["chat_id"], m["id"], *on(fake_server))

    assert result.code == 130
    assert fake_server.state.message(m["id"]) is not None
