"""The SQLite cache: round trip, corrupt or foreign files discarded, no secrets inside."""

from __future__ import annotations

from pathlib import Path

from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.sync.cache import QueueCache, cache_path
from cliq_tui.sync.types import Delta

URL = "http://127.0.0.1:9999"


def _msg(mid: str, chat_id: str | None = None) -> ScheduledMessage:
    return ScheduledMessage.model_validate(
        {
            "id": mid,
            "time": "2026-06-06T21:00:00-07:00",
            "timezone": "America/Los_Angeles",
            "message": {"content": {"text": f"text of {mid}"}},
            "chat_id": chat_id,
        }
    )


def _saved(tmp_path: Path) -> QueueCache:
    cache = QueueCache.for_profile("default", URL, tmp_path)
    delta = Delta(added=(_msg("a", "C1"), _msg("b")), chats=(Chat(chat_id="C1", name="Ops"),))
    cache.save(delta, mapping={"a": "C1"}, sync_token="SYNC1")
    return cache


def test_what_is_saved_loads_back_equal(tmp_path: Path) -> None:
    _saved(tmp_path).close()
    loaded = QueueCache.for_profile("default", URL, tmp_path).load()
    assert {m.id: m for m in loaded.messages} == {"a": _msg("a", "C1"), "b": _msg("b")}
    assert loaded.chats == [Chat(chat_id="C1", name="Ops")]
    assert loaded.mapping == {"a": "C1"}
    assert loaded.sync_token == "SYNC1"


def test_a_removed_message_leaves_the_cache(tmp_path: Path) -> None:
    cache = _saved(tmp_path)
    cache.save(Delta(removed=("a",)), mapping={}, sync_token="SYNC2")
    loaded = cache.load()
    assert [m.id for m in loaded.messages] == ["b"]
    assert loaded.mapping == {}
    assert loaded.sync_token == "SYNC2"


def test_each_profile_and_server_gets_its_own_file(tmp_path: Path) -> None:
    paths = {
        cache_path("default", URL, tmp_path),
        cache_path("work", URL, tmp_path),
        cache_path("default", "https://cliq.zoho.eu", tmp_path),
    }
    assert len(paths) == 3


def test_a_file_that_is_not_sqlite_is_discarded_with_a_warning(tmp_path: Path) -> None:
    path = cache_path("default", URL, tmp_path)
    path.write_bytes(b"this is not a database" * 100)
    cache = QueueCache(path, URL)
    loaded = cache.load()
    assert loaded.messages == []
    assert cache.warning and "unusable" in cache.warning
    assert list(tmp_path.glob("*.discarded-*"))


def test_a_cache_of_another_server_is_discarded(tmp_path: Path) -> None:
    _saved(tmp_path).close()
    path = cache_path("default", URL, tmp_path)
    foreign = QueueCache(path, "https://cliq.zoho.com")
    assert foreign.load().messages == []
    assert foreign.warning and "another server" in foreign.warning


def test_unreadable_rows_are_skipped_with_a_warning_naming_the_file(tmp_path: Path) -> None:
    cache = _saved(tmp_path)
    db = cache._connect()
    assert db is not None
    db.execute("UPDATE messages SET json = '{broken' WHERE id = 'a'")
    assert [m.id for m in cache.load().messages] == ["b"]
    assert cache.warning and cache.path.name in cache.warning


def test_an_unusable_cache_directory_means_no_cache_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    cache = QueueCache.for_profile("default", URL, blocker)

    cache.save(Delta(added=(_msg("a"),)), mapping={}, sync_token="T")
    loaded = cache.load()

    assert loaded.messages == []
    assert cache.warning and "not available" in cache.warning
