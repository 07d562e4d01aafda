"""Hostile or old budget files never break a command, never lock it out (issue: 1e308, Infinity,
times in the future); each is set aside with one line naming it."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from cliq_tui.api import Endpoint
from cliq_tui.api.budget_store import shared_budgets
from cliq_tui.fake import FakeServer
from cliq_tui.storage.config import load_settings
from tests.support.cli import on, run
from tests.support.servers import a_message

Capsys = pytest.CaptureFixture[str]


def budget_file(server: FakeServer) -> Path:
    profile = load_settings(base_url=server.base_url, access_token=server.token).profile()
    assert profile is not None
    return profile.budget_path()


def _times(value: str, n: int = 25) -> str:
    return "[" + ", ".join([value] * n) + "]"


def _old(sent: str, locked: str = "{}") -> str:
    return f'{{"version": 1, "sent": {{"LIST_CHAT": {sent}}}, "locked_until": {locked}}}'


SOON = time.time() + 3600
OLD_FILES = {
    "1e308": _old(_times("1e308"), '{"LIST_CHAT": 1e308}'),
    "Infinity": _old(_times("Infinity"), '{"LIST_CHAT": Infinity}'),
    "NaN": _old(_times("NaN"), '{"LIST_CHAT": NaN}'),
    "an-hour-ahead": _old(_times(repr(SOON)), f'{{"LIST_CHAT": {SOON!r}}}'),
    "negative": _old(_times("-1")),
    "strings": _old(_times('"soon"')),
    "not-json": "{not json",
    "deeply-nested": "[" * 100_000,
    "another-shape": '{"version": 1, "sent": [1, 2], "locked_until": "x"}',
}


@pytest.mark.parametrize("content", list(OLD_FILES.values()), ids=list(OLD_FILES))
def test_a_hostile_old_budget_file_is_set_aside_once_and_the_command_runs(
    fake_server: FakeServer, capsys: Capsys, content: str
) -> None:
    old = budget_file(fake_server).with_suffix(".json")
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text(content)
    chat_id = a_message(fake_server)["chat_id"]

    first = run(capsys, "list", "--chat", chat_id, *on(fake_server))
    second = run(capsys, "list", "--chat", chat_id, *on(fake_server))

    assert (first.code, second.code) == (0, 0), first.err
    assert first.err.startswith(f"cliq-tui: warning: The rate budget file {old} was unusable")
    assert len(first.err.splitlines()) == 1
    assert second.err == ""
    assert not old.exists()
    assert list(old.parent.glob(f"{old.name}.discarded-*"))


def test_an_old_budget_file_that_makes_sense_is_taken_over_quietly(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    old = budget_file(fake_server).with_suffix(".json")
    old.parent.mkdir(parents=True, exist_ok=True)
    now = time.time()
    old.write_text(_old(_times(repr(now - 5), 19), f'{{"LIST_ALL": {now + 300!r}}}'))
    chat_id = a_message(fake_server)["chat_id"]

    result = run(capsys, "list", "--chat", chat_id, *on(fake_server))

    assert (result.code, result.err) == (0, "")
    assert not old.exists()
    budgets = shared_budgets(budget_file(fake_server))
    assert budgets.used(Endpoint.LIST_CHAT) == 20
    assert budgets.status(Endpoint.LIST_ALL).locked
    budgets.close()


@pytest.mark.parametrize("value", [1e308, float("inf"), -1.0, "x"], ids=str)
def test_garbage_in_the_shared_file_is_dropped_with_one_line(
    fake_server: FakeServer, capsys: Capsys, value: object
) -> None:
    path = budget_file(fake_server)
    shared_budgets(path).close()
    db = sqlite3.connect(path)
    with db:
        db.executemany(
            "INSERT INTO sent VALUES ('LIST_CHAT', ?, ?, 'b', 0, '')", [(value, value)] * 25
        )
        db.execute("INSERT INTO locks VALUES ('LIST_CHAT', ?, ?, 'b')", (value, value))
    db.close()
    chat_id = a_message(fake_server)["chat_id"]

    first = run(capsys, "list", "--chat", chat_id, *on(fake_server))
    second = run(capsys, "list", "--chat", chat_id, *on(fake_server))

    assert (first.code, second.code) == (0, 0)
    assert first.err == (
        f"cliq-tui: warning: The rate budget file {path} held unreadable entries; "
        "they were dropped.\n"
    )
    assert second.err == ""


def test_a_budget_file_that_is_not_a_database_is_set_aside_once(
    fake_server: FakeServer, capsys: Capsys
) -> None:
    path = budget_file(fake_server)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00" * 4096 + b"1e308 Infinity")
    chat_id = a_message(fake_server)["chat_id"]

    first = run(capsys, "list", "--chat", chat_id, *on(fake_server))
    second = run(capsys, "list", "--chat", chat_id, *on(fake_server))

    assert (first.code, second.code) == (0, 0)
    assert first.err.startswith(f"cliq-tui: warning: The rate budget file {path} was unusable")
    assert second.err == ""
