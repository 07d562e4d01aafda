"""A shared budget file with any content: never a crash, never a lockout, never over the limit."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cliq_tui.api import Endpoint, RateBudgets
from cliq_tui.api.budget_store import shared_budgets
from tests.support.clock import START, FakeClock


@pytest.fixture
def budgets(path: Path, clock: FakeClock, warnings: list[str]) -> Iterator[Any]:
    """Opens the budget on ``path`` when called (after the test has spoilt the file)."""
    opened: list[RateBudgets] = []

    def open_() -> RateBudgets:
        b = shared_budgets(path, clock=clock, on_warning=warnings.append)
        opened.append(b)
        return b

    yield open_
    for b in opened:
        b.close()


def a_valid_store(path: Path) -> None:
    shared_budgets(path).close()


def insert(path: Path, table: str, rows: list[tuple[Any, ...]]) -> None:
    db = sqlite3.connect(path)
    with db:
        marks = ", ".join("?" * len(rows[0]))
        db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    db.close()


def rows_in(path: Path, table: str) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute(f"SELECT * FROM {table}").fetchall()
    finally:
        db.close()


GARBAGE = [
    pytest.param(1e308, id="1e308"),
    pytest.param(float("inf"), id="Infinity"),
    pytest.param(float("-inf"), id="-Infinity"),
    pytest.param(-5.0, id="negative"),
    pytest.param("soon", id="text"),
    pytest.param(b"\x00\xff", id="blob"),
    pytest.param(START + 1e9, id="30-years-ahead"),
]


@pytest.mark.parametrize("value", GARBAGE)
def test_garbage_times_are_dropped_with_one_line_naming_the_file(
    path: Path, budgets: Any, warnings: list[str], value: object
) -> None:
    a_valid_store(path)
    insert(path, "sent", [("LIST_CHAT", value, value, "boot", 0, "x")] * 25)
    insert(path, "locks", [("LIST_ALL", value, value, "boot")])

    b = budgets()

    assert b.remaining(Endpoint.LIST_CHAT) == 20
    assert b.locked_until(Endpoint.LIST_ALL) is None
    assert b.try_acquire(Endpoint.LIST_CHAT) == 0
    assert len(rows_in(path, "sent")) == 1 and rows_in(path, "locks") == []
    assert warnings == [f"The rate budget file {path} held unreadable entries; they were dropped."]


def test_unknown_endpoints_and_a_loose_layout_with_nulls_are_garbage_too(
    path: Path, budgets: Any, warnings: list[str]
) -> None:
    db = sqlite3.connect(path.parent.mkdir(parents=True) or path)
    with db:
        db.execute("CREATE TABLE meta (key, value)")
        db.execute("CREATE TABLE sent (endpoint, wall, mono, boot, pending, owner)")
        db.execute("CREATE TABLE locks (endpoint, wall, mono, boot)")
        meta = [("kind", "cliq-tui rate budget"), ("schema_version", "1"), ("account", path.stem)]
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta)
        db.executemany(
            "INSERT INTO sent VALUES (?, ?, ?, ?, ?, ?)",
            [("DROP TABLE", START, None, None, 0, "")] * 5
            + [("LIST_CHAT", None, None, None, None, None)] * 25
            + [(None, START, START, b"boot", b"x", 7)] * 5,
        )
        db.execute("INSERT INTO locks VALUES ('LIST_CHAT', NULL, NULL, NULL)")
    db.close()

    b = budgets()

    assert b.remaining(Endpoint.LIST_CHAT) == 20
    assert b.try_acquire(Endpoint.LIST_CHAT) == 0
    assert len(warnings) == 1 and str(path) in warnings[0]


def test_times_in_the_future_block_for_one_window_at_most_and_locks_for_their_period(
    path: Path, budgets: Any, clock: FakeClock, warnings: list[str]
) -> None:
    a_valid_store(path)
    insert(path, "sent", [("LIST_CHAT", START + 3600, None, None, 0, "x")] * 25)
    insert(path, "locks", [("LIST_ALL", START + 3600, None, None)])

    b = budgets()

    # Counted as just sent (a wall clock set back looks the same): careful, and brief.
    assert b.try_acquire(Endpoint.LIST_CHAT) == pytest.approx(61.0)
    assert b.seconds_until_free(Endpoint.LIST_ALL) == pytest.approx(600.0)
    clock.advance(61)
    assert b.try_acquire(Endpoint.LIST_CHAT) == 0
    clock.advance(540)
    assert b.locked_until(Endpoint.LIST_ALL) is None
    assert warnings == []


def test_a_lock_in_the_file_never_outlasts_its_lock_period(
    path: Path, budgets: Any, clock: FakeClock
) -> None:
    a_valid_store(path)
    insert(path, "locks", [("CHAT_DETAILS", START + 86_000, None, None)])

    b = budgets()

    assert b.seconds_until_free(Endpoint.CHAT_DETAILS) == pytest.approx(300.0)
    clock.advance(301)
    assert b.locked_until(Endpoint.CHAT_DETAILS) is None


def _foreign_sqlite(path: Path, statements: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    with db:
        for statement in statements:
            db.execute(statement)
    db.close()


WHOLE_FILES = {
    "not-sqlite": lambda p: p.write_bytes(b"\x1b]0;owned\x07 not a database at all" * 100),
    "empty-sqlite-of-another-app": lambda p: _foreign_sqlite(p, ["CREATE TABLE t (x)"]),
    "the-queue-cache": lambda p: _foreign_sqlite(
        p, ["CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)", "CREATE TABLE sent (a)"]
    ),
    "another-account": lambda p: (
        a_valid_store(p.with_name("fedcba9876543210.sqlite3")),
        p.with_name("fedcba9876543210.sqlite3").replace(p),
    ),
    "a-later-layout": lambda p: (
        a_valid_store(p),
        _foreign_sqlite(p, ["UPDATE meta SET value = '2' WHERE key = 'schema_version'"]),
    ),
    "a-trigger": lambda p: (
        a_valid_store(p),
        _foreign_sqlite(
            p,
            [
                "CREATE TRIGGER t AFTER INSERT ON sent BEGIN "
                "INSERT INTO sent VALUES ('LIST_ALL', 1, 1, 'b', 0, ''); END"
            ],
        ),
    ),
    "a-view": lambda p: (
        a_valid_store(p),
        _foreign_sqlite(p, ["CREATE VIEW v AS SELECT * FROM sent"]),
    ),
    "a-column-missing": lambda p: (
        a_valid_store(p),
        _foreign_sqlite(p, ["DROP TABLE locks", "CREATE TABLE locks (endpoint TEXT)"]),
    ),
}


@pytest.mark.parametrize("spoil", list(WHOLE_FILES))
def test_a_file_that_is_not_this_accounts_budget_is_moved_aside_with_one_line(
    path: Path, budgets: Any, warnings: list[str], spoil: str
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    WHOLE_FILES[spoil](path)

    b = budgets()
    assert b.try_acquire(Endpoint.LIST_ALL) == 0

    assert len(warnings) == 1
    assert warnings[0].startswith(f"The rate budget file {path} was unusable (")
    assert "moved to 0123456789abcdef.sqlite3.discarded-" in warnings[0]
    assert list(path.parent.glob("*.discarded-*"))
    assert b.backend.shared
    assert len(rows_in(path, "sent")) == 1


def test_a_file_swollen_with_rows_or_huge_values_is_read_within_bounds(
    path: Path, budgets: Any, warnings: list[str]
) -> None:
    a_valid_store(path)
    insert(path, "sent", [("LIST_ALL", START, None, None, 0, "x")] * 100_000)
    insert(path, "sent", [("LIST_CHAT", START, None, "b" * 1_000_000, 0, "o" * 1_000_000)] * 20)

    b = budgets()

    assert len(b.backend.read().sent) <= 5_000
    assert b.remaining(Endpoint.LIST_CHAT) == 20  # the huge rows are not read
    assert b.try_acquire(Endpoint.LIST_CHAT) == 0
    assert len(rows_in(path, "sent")) <= 5_001  # the next write keeps only what was read
