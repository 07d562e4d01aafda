"""The engine with its cache: instant first paint, incremental continuation, no secrets on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.fake import FakeServer
from cliq_tui.sync.cache import QueueCache
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.types import Delta, SyncStatus
from tests.support.engines import resolve_all
from tests.support.servers import server_queue


def _cache(server: FakeServer, cache_dir: Path) -> QueueCache:
    return QueueCache.for_profile("default", server.base_url, cache_dir)


async def test_the_cache_paints_the_last_queue_with_its_chats(
    server: FakeServer, make_engine: Callable[..., SyncEngine], cache_dir: Path
) -> None:
    first = make_engine(server, cache=_cache(server, cache_dir))
    await first.refresh()
    await resolve_all(first)

    second = make_engine(server, cache=_cache(server, cache_dir))
    delta = await second.load_cache()

    assert {m.id: m for m in delta.added} == first.messages
    assert second.messages == first.messages
    assert second.chats == first.chats
    assert all(second.chat_of(mid) for mid in second.messages)


async def test_after_the_cache_syncing_continues_incrementally(
    server: FakeServer, make_engine: Callable[..., SyncEngine], cache_dir: Path
) -> None:
    cache = _cache(server, cache_dir)
    await make_engine(server, cache=cache).refresh()
    # A row only the cache knows: a full listing would drop it, an incremental one cannot see it.
    marker = ScheduledMessage.model_validate({"id": "only-in-cache", "schedule_status": "call_end"})
    cache.save(Delta(added=(marker,)), mapping={}, sync_token=cache.load().sync_token)
    changed = next(iter(server_queue(server)))
    server.state.update_message(changed, text="changed while the app was closed")

    engine = make_engine(server, cache=_cache(server, cache_dir))
    await engine.load_cache()
    delta = await engine.refresh()

    assert [m.id for m in delta.changed] == [changed]
    assert "only-in-cache" in engine.messages


async def test_the_cache_file_holds_no_token(
    server: FakeServer, make_engine: Callable[..., SyncEngine], cache_dir: Path
) -> None:
    cache = _cache(server, cache_dir)
    engine = make_engine(server, cache=cache)
    await engine.refresh()
    await resolve_all(engine)
    cache.close()

    files = list(cache_dir.iterdir())
    assert files
    for path in files:
        assert server.token.encode() not in path.read_bytes()
        assert server.token not in path.name


async def test_a_corrupt_cache_is_discarded_and_the_engine_carries_on(
    server: FakeServer, make_engine: Callable[..., SyncEngine], cache_dir: Path
) -> None:
    cache = _cache(server, cache_dir)
    cache_dir.mkdir(parents=True)
    cache.path.write_bytes(b"\x00garbage" * 512)
    engine = make_engine(server, cache=cache)

    delta = await engine.load_cache()
    await engine.refresh()

    assert not delta
    assert "unusable" in (engine.state.cache_warning or "")
    assert engine.state.status is SyncStatus.SYNCED
    assert {m.id for m in cache.load().messages} == set(server_queue(server))


async def test_the_newest_sync_token_is_cached_even_when_nothing_changed(
    server: FakeServer, make_engine: Callable[..., SyncEngine], cache_dir: Path
) -> None:
    cache = _cache(server, cache_dir)
    engine = make_engine(server, cache=cache)
    await engine.refresh()
    first = cache.load().sync_token
    server.state.advance(60)  # a new token for the same, unchanged queue

    delta = await engine.refresh()

    assert not delta
    assert cache.load().sync_token not in (None, first)
