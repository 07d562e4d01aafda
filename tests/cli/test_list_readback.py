"""``cliq-tui list``: times that ``--from-time`` reads back, chat names where known, the
dashboard's order, and ``--json`` items that only gain fields."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from cliq_tui.api import ScheduledMessage
from cliq_tui.cli.listing import readable_time
from cliq_tui.core.format import sort_key
from cliq_tui.core.timeparse import parse_when
from cliq_tui.fake import FakeServer
from tests.support.cli import on, run
from tests.support.servers import a_message

Capsys = pytest.CaptureFixture[str]

_HEADER = ["WHEN", "TRIGGER", "TYPE", "CHAT", "CHAT_ID", "PREVIEW", "ID"]


def _rows(out: str) -> list[dict[str, str]]:
    """The table's rows by column (cells are one line each, two or more spaces apart)."""
    lines = out.splitlines()
    assert re.split(r"\s{2,}", lines[0]) == _HEADER
    return [dict(zip(_HEADER, re.split(r"\s{2,}", line), strict=True)) for line in lines[1:]]


def _names(server: FakeServer) -> dict[str, str]:
    return {c["chat_id"]: c["name"] for c in server.state.chats()}


def test_every_listed_time_reads_back_as_the_same_instant(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    chat_id = a_message(fake_server)["chat_id"]
    # A time with seconds must not be rounded away to the minute.
    odd = fake_server.state.now_ms() // 60_000 * 60_000 + 3 * 3600_000 + 17_000
    fake_server.state.create_message(chat_id, text="odd second", time_ms=odd)

    result = run(capsys, "list", *on(fake_server))

    assert result.code == 0, result.err
    truth = {m["id"]: m for m in fake_server.state.messages()}
    timed = [r for r in _rows(result.out) if r["WHEN"] != "-"]
    assert len(timed) == sum(1 for m in truth.values() if "time" in m)
    now = datetime.now(UTC)
    for row in timed:
        read = parse_when(row["WHEN"], tz=ZoneInfo("Pacific/Kiritimati"), now=now)
        assert read == datetime.fromisoformat(truth[row["ID"]]["time"]), row
    assert any(re.search(r"T\d\d:\d\d:17[+-]", r["WHEN"]) for r in timed)


def test_a_listed_time_moves_its_messages_with_reschedule(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    row = next(r for r in _rows(run(capsys, "list", *on(fake_server)).out) if r["WHEN"] != "-")

    moved = run(
        capsys,
        "reschedule",
        row["CHAT_ID"],
        "--from-time",
        row["WHEN"],
        "--to-time",
        "+3d",
        "--json",
        *on(fake_server),
    )

    assert moved.code == 0, moved.err
    assert row["ID"] in {m["id"] for m in moved.json()}


def test_the_table_names_each_chat_and_keeps_its_id(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    result = run(capsys, "list", *on(fake_server))

    names = _names(fake_server)
    truth = {m["id"]: m["chat_id"] for m in fake_server.state.messages()}
    rows = _rows(result.out)
    assert rows
    for row in rows:
        assert row["CHAT_ID"] == truth[row["ID"]]
        assert names[row["CHAT_ID"]].startswith(row["CHAT"].rstrip("…"))


def test_the_order_is_the_dashboards(fake_server: FakeServer, capsys: Capsys) -> None:
    table = [r["ID"] for r in _rows(run(capsys, "list", *on(fake_server)).out)]
    items = run(capsys, "list", "--json", *on(fake_server)).json()

    messages = [ScheduledMessage.model_validate(i) for i in items]
    assert [m.id for m in messages] == table
    assert messages == sorted(messages, key=sort_key)
    # Time-based first, then the status-based ones grouped by trigger.
    kinds = ["time" if m.time else "status" for m in messages]
    assert kinds == sorted(kinds, key=lambda k: k != "time")
    assert "status" in kinds


def test_json_items_keep_the_api_fields_and_add_the_chat_name(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    items = run(capsys, "list", "--json", *on(fake_server)).json()

    truth = {m["id"]: m for m in fake_server.state.messages()}
    names = _names(fake_server)
    for item in items:
        sent = truth[item["id"]]
        # The fields as before (times re-written by the model in UTC, the same instants).
        assert set(item) - {"chat_name"} == set(sent)
        assert item["message"] == sent["message"] and item["chat_id"] == sent["chat_id"]
        if "time" in sent:
            assert datetime.fromisoformat(item["time"]) == datetime.fromisoformat(sent["time"])
        assert item["chat_name"] == names[sent["chat_id"]]


def test_list_chat_names_the_chat_once_it_is_known(fake_server: FakeServer, capsys: Capsys) -> None:
    chat_id = a_message(fake_server)["chat_id"]

    before = run(capsys, "list", "--chat", chat_id, "--json", *on(fake_server)).json()
    run(capsys, "list", *on(fake_server))  # learns the chats' names, as the dashboard does
    after = run(capsys, "list", "--chat", chat_id, "--json", *on(fake_server)).json()

    assert {i["chat_name"] for i in before} == {None}
    assert {i["chat_name"] for i in after} == {_names(fake_server)[chat_id]}


@pytest.mark.parametrize(
    ("instant", "shown"),
    [
        ("2026-06-01T09:00:00+00:00", "2026-06-01T09:00+00:00"),
        ("2026-06-01T09:00:05+00:00", "2026-06-01T09:00:05+00:00"),
        ("2026-06-01T09:00:05.120+00:00", "2026-06-01T09:00:05.120+00:00"),
    ],
)
def test_readable_time_keeps_seconds_only_when_there_are_some(
    instant: str, shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    __import__("time").tzset()
    try:
        assert readable_time(datetime.fromisoformat(instant)) == shown
    finally:
        monkeypatch.undo()
        __import__("time").tzset()
