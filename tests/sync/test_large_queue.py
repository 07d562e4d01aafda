"""A queue larger than one minute's list budget: listed in full without tripping a lock."""

from __future__ import annotations

from collections.abc import Callable

from cliq_tui.api.auth import StaticToken
from cliq_tui.api.client import CliqClient
from cliq_tui.api.retry import NO_RETRY
from cliq_tui.fake import FakeServer
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.types import SyncStatus
from tests.support.clock import FakeClock


async def test_a_full_listing_of_more_pages_than_the_budget_completes_without_a_lock(
    make_server: Callable[..., FakeServer],
) -> None:
    # 2,500 messages are 25 pages of 100 against 20 list requests a minute.
    server = make_server(seed="generated", messages=2500, chats=50)

    clock = FakeClock.of(server)  # the client's and the server's clocks move together

    async with CliqClient(
        server.base_url, StaticToken(server.token), clock=clock, sleep=clock.sleep, retry=NO_RETRY
    ) as client:
        engine = SyncEngine(client)
        await engine.refresh()

    stats = server.state.stats()
    assert engine.state.status is SyncStatus.SYNCED
    assert len(engine.messages) == len(server.state.messages())
    assert stats["total"]["throttled"] == 0
