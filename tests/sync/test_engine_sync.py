"""Freshness against the fake server over real HTTP: full, incremental, fallback, reconciliation."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.fake import FakeServer
from cliq_tui.sync.cache import QueueCache
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.types import Delta, SyncStatus
from tests.support.servers import requests_recorded, server_queue


async def test_the_first_refresh_lists_every_pending_message(
    server: FakeServer, engine: SyncEngine
) -> None:
    delta = await engine.refresh()
    assert {m.id for m in delta.added} == set(server_queue(server))
    assert set(engine.messages) == set(server_queue(server))
    assert engine.state.status is SyncStatus.SYNCED
    assert engine.state.last_synced is not None


async def test_a_server_side_edit_arrives_as_a_changed_row(
    server: FakeServer, engine: SyncEngine
) -> None:
    await engine.refresh()
    target = next(iter(server_queue(server)))
    server.state.update_message(target, text="changed on another device")

    delta = await engine.refresh()

    assert [m.id for m in delta.changed] == [target]
    assert not delta.added and not delta.removed
    assert engine.messages[target].text == "changed on another device"


async def test_an_incremental_refresh_with_no_changes_is_empty(engine: SyncEngine) -> None:
    await engine.refresh()
    assert not await engine.refresh()


async def test_a_server_side_delete_arrives_as_a_removed_row(
    server: FakeServer, engine: SyncEngine
) -> None:
    await engine.refresh()
    target = next(iter(server_queue(server)))
    server.state.delete_message(target)

    delta = await engine.refresh()

    assert delta.removed == (target,)
    assert target not in engine.messages


async def test_a_delivered_message_leaves_the_queue(server: FakeServer, engine: SyncEngine) -> None:
    await engine.refresh()
    delivered = server.state.advance(3 * 24 * 3600)
    assert delivered, "the demo seed should have messages due within three days"

    delta = await engine.refresh()

    assert {d["id"] for d in delivered} <= set(delta.removed)
    assert set(engine.messages) == set(server_queue(server))


async def test_a_refused_sync_token_falls_back_to_a_full_listing(
    make_server: Callable[..., FakeServer], make_engine: Callable[..., SyncEngine]
) -> None:
    server = make_server(sync_token_ttl=60)
    engine = make_engine(server)
    await engine.refresh()
    gone = next(iter(server_queue(server)))
    server.state.delete_message(gone)
    server.state.advance(120)  # the token expires

    await engine.refresh()

    assert engine.state.status is SyncStatus.SYNCED
    assert set(engine.messages) == set(server_queue(server))
    assert gone not in engine.messages


async def test_a_periodic_full_listing_removes_what_vanished_unnoticed(
    server: FakeServer, make_engine: Callable[..., SyncEngine], cache_dir: Path
) -> None:
    # A stale cache holds a message the server never heard of: no incremental list reports it.
    cache = QueueCache.for_profile("p", server.base_url, cache_dir)
    await make_engine(server, cache=cache).refresh()
    phantom = ScheduledMessage.model_validate(
        {"id": "phantom-1", "schedule_status": "call_end", "message": {"content": {"text": "x"}}}
    )
    cache.save(Delta(added=(phantom,)), mapping={}, sync_token=cache.load().sync_token)
    cache.close()
    engine = make_engine(
        server, cache=QueueCache.for_profile("p", server.base_url, cache_dir), full_every=3
    )
    await engine.load_cache()
    assert "phantom-1" in engine.messages

    removed: list[str] = []
    for _ in range(3):
        removed += (await engine.refresh()).removed

    assert removed == ["phantom-1"]
    assert set(engine.messages) == set(server_queue(server))


async def test_every_delta_reaches_subscribers(server: FakeServer, engine: SyncEngine) -> None:
    deltas: list[Delta] = []
    statuses: list[SyncStatus] = []
    engine.subscribe(deltas.append, lambda s: statuses.append(s.status))

    await engine.refresh()

    assert sum(len(d.added) for d in deltas) == len(server_queue(server))
    assert statuses[-1] is SyncStatus.SYNCED
    assert SyncStatus.SYNCING in statuses


async def test_a_held_refresh_key_costs_one_listing_not_one_per_press(
    server: FakeServer, make_engine: Callable[..., SyncEngine]
) -> None:
    engine = make_engine(server, refresh_coalesce=60.0)
    await engine.refresh()
    before = await requests_recorded(server, at_least=1)

    await asyncio.gather(*(engine.refresh() for _ in range(10)))
    for _ in range(10):
        await engine.refresh()

    assert await requests_recorded(server, at_least=before) == before
