"""``edit`` allows a file message what the dashboard's edit dialog allows (its time or trigger,
removing the file) and refuses the rest (its comment) with one line, before anything changes."""

from __future__ import annotations

import pytest

from cliq_tui.fake import FakeServer
from tests.support.cli import on, one_line, run

Capsys = pytest.CaptureFixture[str]


def test_edit_refuses_the_comment_of_a_file_message_and_changes_nothing(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    m = _file(fake_server)

    result = run(
        capsys, "edit", m["chat_id"], m["id"], "--text", "new", "--time", "+5h", *on(fake_server)
    )

    line = one_line(result.err)
    assert result.code == 2
    assert "is a file message: its comment cannot be edited" in line
    assert "--time or --status, or --remove-file" in line
    assert fake_server.state.message(m["id"]) == m
    edits = [r for r in fake_server.state.requests() if r["method"] == "PUT"]
    assert edits == []


def test_edit_of_a_file_message_changes_its_time_and_removes_the_file(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    m = _file(fake_server)

    timed = run(capsys, "edit", m["chat_id"], m["id"], "--time", "+5h", *on(fake_server))
    trig = run(capsys, "edit", m["chat_id"], m["id"], "--status", "check-out", *on(fake_server))
    removed = run(capsys, "edit", m["chat_id"], m["id"], "--remove-file", *on(fake_server))

    assert (timed.code, trig.code, removed.code) == (0, 0, 0), timed.err + trig.err + removed.err
    assert fake_server.state.message(m["id"])["schedule_status"] == "check_out"


def test_edit_refuses_to_remove_the_file_of_a_text_message(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    m = next(m for m in fake_server.state.messages() if m["message"]["type"] == "text")

    result = run(capsys, "edit", m["chat_id"], m["id"], "--remove-file", *on(fake_server))

    assert result.code == 2
    assert "is a text message: it has no file to remove" in one_line(result.err)
    assert not [r for r in fake_server.state.requests() if r["method"] == "PUT"]


def _file(server: FakeServer) -> dict[str, object]:
    return next(m for m in server.state.messages() if m["message"]["type"] == "file")
