"""A cache with hostile content never crashes: bad rows are skipped, a bad file is set aside."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.sync.cache import QueueCache, cache_path
from cliq_tui.sync.types import Delta

URL = "http://127.0.0.1:9999"

GOOD = ScheduledMessage.model_validate(
    {"id": "good", "time": "2026-06-06T21:00:00-07:00", "message": {"content": {"text": "hi"}}}
)


def _hostile_file(tmp_path: Path, *, meta: dict[str, object] | None = None) -> Path:
    """Our tables without their constraints, so any cell may hold anything."""
    path = cache_path("default", URL, tmp_path)
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE meta (key, value);
        CREATE TABLE chats (chat_id, json, rev);
        CREATE TABLE messages (id, json, rev);
        CREATE TABLE mapping (message_id, chat_id);
        CREATE TABLE removed (id, rev);
        """
    )
    values = {"schema_version": "2", "server_url": URL, **(meta or {})}
    db.executemany("INSERT INTO meta VALUES (?, ?)", list(values.items()))
    db.execute("INSERT INTO messages VALUES ('good', ?, 1)", (GOOD.model_dump_json(),))
    db.commit()
    db.close()
    return path


@pytest.mark.parametrize(
    "cell",
    [
        None,
        b"\x00\xff blob",
        42,
        1e308,
        "not json",
        "[]",
        '{"id": null}',
        '{"id": "x", "time": "year ten thousand"}',
        '{"id": "x"}, {"id": "y"}',
        '{"id": "x"}]',
    ],
)
def test_a_bad_message_row_is_skipped_and_named(tmp_path: Path, cell: object) -> None:
    path = _hostile_file(tmp_path)
    db = sqlite3.connect(path)
    db.execute("INSERT INTO messages VALUES ('bad', ?, 2)", (cell,))
    db.commit()
    db.close()

    cache = QueueCache(path, URL)
    loaded = cache.load()

    assert [m.id for m in loaded.messages] == ["good"]
    assert cache.warning and path.name in cache.warning and "skipped" in cache.warning
    # The bad row was dropped: the next start is quiet.
    cache.close()
    again = QueueCache(path, URL)
    assert [m.id for m in again.load().messages] == ["good"]
    assert again.warning is None


@pytest.mark.parametrize("cell", [None, b"\x01", 7, ""])
def test_bad_mapping_chat_and_meta_cells_are_ignored(tmp_path: Path, cell: object) -> None:
    path = _hostile_file(tmp_path, meta={"sync_token": cell, "generation": cell})
    db = sqlite3.connect(path)
    db.execute("INSERT INTO mapping VALUES ('good', ?)", (cell,))
    db.execute("INSERT INTO mapping VALUES (?, 'C1')", (cell,))
    db.execute("INSERT INTO chats VALUES ('C1', ?, ?)", (cell, cell))
    db.execute("INSERT INTO removed VALUES (?, ?)", (cell, cell))
    db.commit()
    db.close()

    cache = QueueCache(path, URL)
    loaded = cache.load()

    assert [m.id for m in loaded.messages] == ["good"]
    assert loaded.mapping == {} and loaded.sync_token is None
    cache.save(Delta(added=(GOOD,)), mapping={"good": "C1"}, sync_token="T")  # still writable
    assert cache.load().mapping == {"good": "C1"}


@pytest.mark.parametrize(
    "meta",
    [
        {"generation": "1e308"},
        {"generation": "-5"},
        {"generation": "9" * 50},
        {"sync_token": "x" * 100_000},
        {"sync_token": "\x1b]0;pwned\x07"},
        {"removed_floor": "99999999999999999999999"},
    ],
)
def test_absurd_meta_values_do_not_crash(tmp_path: Path, meta: dict[str, object]) -> None:
    path = _hostile_file(tmp_path, meta=meta)
    cache = QueueCache(path, URL)

    loaded = cache.load()
    cache.save(Delta(added=(GOOD,)), mapping={}, sync_token="T")

    assert loaded.sync_token is None
    # These tables have no primary key, so the good row may now be there twice.
    assert {m.id for m in cache.load().messages} == {"good"}


def test_an_absurd_revision_sets_the_file_aside_with_its_name(tmp_path: Path) -> None:
    path = _hostile_file(tmp_path)
    db = sqlite3.connect(path)
    db.execute("UPDATE messages SET rev = ?", (2**63 - 1,))
    db.commit()
    db.close()

    cache = QueueCache(path, URL)
    loaded = cache.load()
    cache.save(Delta(added=(GOOD,)), mapping={}, sync_token="T")

    assert loaded.messages == []
    assert cache.warning and path.name in cache.warning and "moved to" in cache.warning
    assert [m.id for m in cache.load().messages] == ["good"]


def test_tables_of_another_shape_set_the_file_aside(tmp_path: Path) -> None:
    path = cache_path("default", URL, tmp_path)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (key, value)")
    db.execute("CREATE TABLE messages (something_else)")
    db.executemany("INSERT INTO meta VALUES (?, ?)", [("schema_version", "2"), ("server_url", URL)])
    db.commit()
    db.close()

    cache = QueueCache(path, URL)
    assert cache.load().messages == []
    assert cache.warning and path.name in cache.warning
    cache.save(Delta(added=(GOOD,)), mapping={}, sync_token="T")
    assert [m.id for m in cache.load().messages] == ["good"]


def test_a_bad_file_open_in_another_process_is_left_alone(tmp_path: Path) -> None:
    path = cache_path("default", URL, tmp_path)
    other = QueueCache(path, URL)
    other.load()  # holds the file open, as another window would
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()

    cache = QueueCache(path, URL)
    loaded = cache.load()

    assert loaded.messages == []
    assert cache.warning and "another window" in cache.warning
    assert path.exists() and not list(tmp_path.glob("*.discarded-*"))
