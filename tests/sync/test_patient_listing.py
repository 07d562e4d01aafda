"""A long full listing waits for its budget without making anything else wait."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from cliq_tui.api.auth import StaticToken
from cliq_tui.api.budget import RateBudgets
from cliq_tui.api.client import CliqClient
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import RateLimitError
from cliq_tui.api.retry import NO_RETRY
from cliq_tui.fake import FakeServer
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.fullsync import FULL_LISTING_MAX_WAIT
from tests.support.clock import FakeClock


async def test_an_edit_fails_fast_while_a_full_listing_waits_for_the_list_budget(
    make_server: Callable[..., FakeServer],
) -> None:
    # 250 messages are 3 pages; a list budget of 3 a minute makes a second listing wait.
    server = make_server(seed="generated", messages=250, chats=5, include_chat_id=True)
    waits: list[float] = []
    gate = asyncio.Event()

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        await gate.wait()  # the listing stays parked in its budget wait

    clock = FakeClock.of(server)
    budgets = RateBudgets(clock=clock, limits={Endpoint.LIST_ALL: 3})
    async with CliqClient(
        server.base_url,
        StaticToken(server.token),
        clock=clock,
        sleep=sleep,
        retry=NO_RETRY,
        budgets=budgets,
    ) as client:
        engine = SyncEngine(client, refresh_coalesce=0.0)
        await engine.refresh()
        message = next(iter(engine.messages.values()))
        while budgets.try_acquire(Endpoint.EDIT) == 0:
            pass  # the user has spent every edit of this minute
        listing = asyncio.create_task(engine.refresh(full=True))
        while not waits:
            await asyncio.sleep(0.01)  # until the listing waits for its budget

        edit = asyncio.create_task(engine.edit(message, text="changed"))
        for _ in range(20):
            await asyncio.sleep(0)

        assert edit.done(), "the edit waited for its budget instead of failing fast"
        with pytest.raises(RateLimitError):
            edit.result()
        assert 5.0 < waits[0] <= FULL_LISTING_MAX_WAIT
        assert client.max_wait == 5.0
        listing.cancel()
        await asyncio.gather(listing, return_exceptions=True)
