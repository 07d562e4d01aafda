"""A reschedule that matches nothing says what is due (or waits) there instead of "no pending
messages in this chat"."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from cliq_tui.cli.listing import readable_time
from cliq_tui.fake import FakeServer
from tests.support.cli import on, one_line, run

Capsys = pytest.CaptureFixture[str]


def _timed_in_a_chat(server: FakeServer) -> tuple[str, list[datetime]]:
    """A chat with time-based messages, and their due times."""
    m = next(m for m in server.state.messages() if "time" in m)
    times = [
        datetime.fromisoformat(x["time"])
        for x in server.state.messages()
        if x["chat_id"] == m["chat_id"] and "time" in x
    ]
    return m["chat_id"], sorted(times)


def test_reschedule_from_a_time_with_nothing_due_names_the_due_times(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    chat_id, times = _timed_in_a_chat(fake_server)
    nothing_at = times[0] + timedelta(minutes=1)
    before = fake_server.state.messages()

    result = run(
        capsys,
        "reschedule",
        chat_id,
        "--from-time",
        nothing_at.isoformat(),
        "--to-time",
        "+3d",
        *on(fake_server),
    )

    line = one_line(result.err)
    assert result.code == 1
    assert f"nothing is due at {readable_time(nothing_at)} in chat " in line
    assert chat_id in line
    assert "no pending messages in this chat" not in line.lower()
    assert readable_time(times[0]) in line.split("due there:")[1]
    assert line.endswith("Nothing was changed.")
    assert fake_server.state.messages() == before


def test_reschedule_from_a_time_in_a_chat_with_only_triggers_says_so(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    chat_id = next(c["chat_id"] for c in fake_server.state.chats() if c["chat_type"] == "channel")
    for m in fake_server.state.messages():
        if m["chat_id"] == chat_id and "time" in m:
            fake_server.state.delete_message(m["id"])

    result = run(
        capsys,
        "reschedule",
        chat_id,
        "--from-time",
        "tomorrow 9am",
        "--to-time",
        "+3d",
        *on(fake_server),
    )

    assert result.code == 1
    assert "no time-based message is pending there" in one_line(result.err)


def test_reschedule_from_a_trigger_nothing_waits_for_names_the_triggers(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    m = next(m for m in fake_server.state.messages() if "schedule_status" in m)
    chat_id = m["chat_id"]
    there = {
        x.get("schedule_status") for x in fake_server.state.messages() if x["chat_id"] == chat_id
    } - {None}
    absent = next(t for t in ("call_end", "user_available", "check_out") if t not in there)

    result = run(
        capsys,
        "reschedule",
        chat_id,
        "--from-status",
        absent,
        "--to-status",
        "check-out",
        *on(fake_server),
    )

    line = one_line(result.err)
    assert result.code == 1
    assert f"nothing waits for {absent.replace('_', '-')} in chat" in line
    assert str(m["schedule_status"]).replace("_", "-") in line.split("triggers there:")[1]
