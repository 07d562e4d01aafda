"""A delivery is seen by the poll the cadence schedules just after its due time."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cliq_tui.api.auth import StaticToken
from cliq_tui.api.client import CliqClient
from cliq_tui.api.retry import NO_RETRY
from cliq_tui.fake import FakeServer
from cliq_tui.sync.cadence import DUE_FIRST
from cliq_tui.sync.engine import SyncEngine
from tests.support.clock import FakeClock


class _Seen(Exception):
    """Raised by the injected sleep once the delivered message has left the engine's queue."""


async def test_a_delivery_at_t_is_seen_by_the_poll_just_after_t(
    make_server: Callable[..., FakeServer],
) -> None:
    server = make_server()
    clock = FakeClock.of(server)
    chat_id = server.state.chats()[0]["chat_id"]
    # Due 23 s from now, on a whole second (the list shows due times to the second): not on
    # the 5 s grid of regular polls.
    due = float(int(clock()) + 23)
    item = server.state.create_message(chat_id, text="due soon", time_ms=int(due * 1000))
    message_id = str(item["id"])
    seen: list[float] = []

    async def sleep(wait: float) -> None:
        # Checked before time moves on: ``seen`` is the instant of the poll that showed it.
        if message_id not in engine.messages:
            seen.append(clock())
            raise _Seen
        await clock.sleep(wait)
        if clock() > due + 60:
            raise AssertionError("the delivery was not seen within a minute")

    async with CliqClient(
        server.base_url, StaticToken(server.token), clock=clock, sleep=sleep, retry=NO_RETRY
    ) as client:
        engine = SyncEngine(client, clock=clock.now, sleep=sleep)
        await engine.refresh()
        assert message_id in engine.messages
        with pytest.raises(_Seen):
            await engine.run()

    delivered = [d for d in server.state.deliveries() if d["id"] == message_id]
    assert delivered and delivered[0]["via"] == "time"
    # Seen by the poll at T + 0.5 s, not by the next regular one up to 5 s later.
    assert due <= seen[0] <= due + DUE_FIRST.total_seconds() + 0.01
