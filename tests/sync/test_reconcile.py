"""Rolling per-chat reconciliation: what vanished unreported leaves the queue at large sizes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from cliq_tui.api.auth import StaticToken
from cliq_tui.api.client import CliqClient
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.retry import NO_RETRY
from cliq_tui.fake import FakeServer
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.fullsync import FORCED_FULL_SECONDS
from cliq_tui.sync.polling import reserve
from cliq_tui.sync.reconcile import CHAT_PAGE, RECONCILE_HEADROOM
from tests.support.clock import FakeClock
from tests.support.memory_client import MemoryClient
from tests.support.servers import requests_to, server_queue


class _Gone(Exception):
    """Raised by the simulated sleep to end the run."""


async def test_a_deletion_not_reported_incrementally_leaves_a_large_queue_in_bounded_time(
    make_server: Callable[..., FakeServer],
) -> None:
    # 5,000 messages: polling leaves the list budget no room for a periodic full listing.
    chats, messages = 50, 5000
    server = make_server(
        seed="generated",
        messages=messages,
        chats=chats,
        include_chat_id=True,
        report_deletions=False,
    )

    seconds = FakeClock.of(server)  # called: epoch seconds
    clock = seconds.now

    # The slowest turn: every chat's listing (pages estimated for the largest chat) must fit
    # in the spare chat-list budget above the reserve and the headroom.
    largest = max(
        sum(1 for m in server_queue(server).values() if m["chat_id"] == cid)
        for cid in {m["chat_id"] for m in server_queue(server).values()}
    )
    limit = Endpoint.LIST_CHAT.spec.per_minute
    per_minute = (limit - reserve(None, Endpoint.LIST_CHAT) - RECONCILE_HEADROOM) // (
        largest // CHAT_PAGE + 1
    )
    bound = 2 * 60 * chats / per_minute  # two full rounds of every chat, in seconds
    target: dict[str, str] = {}

    async def sleep(wait: float) -> None:
        await seconds.sleep(wait)
        if target and (target["id"] not in engine.messages or seconds() > deadline):
            raise _Gone

    async with CliqClient(
        server.base_url,
        StaticToken(server.token),
        clock=seconds,
        sleep=sleep,
        retry=NO_RETRY,
    ) as client:
        engine = SyncEngine(client, clock=clock, sleep=sleep)
        await engine.refresh()
        assert len(engine.messages) == messages
        last_full = engine._full.last_full
        # The last chat in turn, so the test waits out a whole round.
        last_chat = max(m.chat_id for m in engine.messages.values() if m.chat_id)
        target["id"] = next(mid for mid, m in engine.messages.items() if m.chat_id == last_chat)
        assert server.state.delete_message(target["id"])
        deadline = seconds() + bound

        with pytest.raises(_Gone):
            await engine.run()

    assert target["id"] not in engine.messages
    assert seconds() <= deadline
    assert server.state.stats()["total"]["throttled"] == 0
    # It was the per-chat reconciliation: no full listing ran meanwhile.
    assert engine._full.last_full == last_full
    assert requests_to(server, "list_chat") > 0


async def test_a_vanished_message_in_no_known_chat_goes_by_a_forced_full_listing() -> None:
    time = FakeClock(datetime(2026, 1, 1, tzinfo=UTC))
    clock = time.now

    async def sleep(wait: float) -> None:
        time.advance(wait)
        if "ghost" not in engine.messages or clock() > deadline:
            raise _Gone

    client = MemoryClient(clock)
    for n in range(5000):
        client.add(f"c{n % 50}", f"m{n}")
    # A message in a chat the chat list never shows: no chat listing can reconcile it.
    client.add("hidden", "ghost")
    del client.chats["hidden"]
    engine = SyncEngine(client, clock=clock, sleep=sleep)
    await engine.refresh()
    assert "ghost" in engine.messages
    client.messages.pop("ghost")  # gone, and no incremental listing will say so
    deadline = clock() + timedelta(seconds=FORCED_FULL_SECONDS + 60)

    with pytest.raises(_Gone):
        await engine.run()

    assert "ghost" not in engine.messages
    assert clock() <= deadline
    assert len(engine.messages) == 5000


async def test_a_small_queue_spends_nothing_on_per_chat_reconciliation(
    make_server: Callable[..., FakeServer],
) -> None:
    # Its periodic full listing has room in the budget, so it reconciles on its own.
    server = make_server(include_chat_id=True)
    seconds = FakeClock.of(server)  # called: epoch seconds
    end = seconds() + 600

    async def sleep(wait: float) -> None:
        await seconds.sleep(wait)
        if seconds() > end:
            raise _Gone

    async with CliqClient(
        server.base_url, StaticToken(server.token), clock=seconds, sleep=sleep, retry=NO_RETRY
    ) as client:
        engine = SyncEngine(client, clock=seconds.now, sleep=sleep)
        with pytest.raises(_Gone):
            await engine.run()

    assert requests_to(server, "list_all") > 60  # it polled all along
    assert requests_to(server, "list_chat") == 0
