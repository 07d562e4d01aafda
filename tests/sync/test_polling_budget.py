"""Polling stays inside the list budget over a simulated hour, chat resolution included."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.polling import POLL_SHARE, base_interval, poll_delay
from tests.support.clock import FakeClock
from tests.support.memory_client import MemoryClient


class _HourIsUp(Exception):
    """Raised by the simulated sleep to end the run."""


class SimulatedTime:
    """The tests' clock, moved only by the engine's sleeps, until ``end_after`` seconds."""

    def __init__(self, end_after: float) -> None:
        self.time = FakeClock(datetime(2026, 1, 1, tzinfo=UTC))
        self.clock = self.time.now
        self.end = self.clock() + timedelta(seconds=end_after)

    async def sleep(self, seconds: float) -> None:
        self.time.advance(seconds)
        if self.clock() >= self.end:
            raise _HourIsUp


def _max_per_minute(times: list[datetime]) -> int:
    """The most calls in any sliding 60-second window."""
    times = sorted(times)
    best = 0
    start = 0
    for end, t in enumerate(times):
        while t - times[start] >= timedelta(seconds=60):
            start += 1
        best = max(best, end - start + 1)
    return best


def test_base_interval_spends_at_most_the_polling_share_of_the_list_budget() -> None:
    assert base_interval(2.0, 20) == 60 / (20 * POLL_SHARE)
    assert base_interval(30.0, 20) == 30.0


def test_at_the_reserve_polling_only_looks_again_soon() -> None:
    assert poll_delay(None, limit=20, remaining=10) == base_interval(None, 20)
    assert poll_delay(None, limit=20, remaining=5) == 2.0


async def test_an_hour_of_polling_and_resolution_stays_within_every_list_budget() -> None:
    sim = SimulatedTime(end_after=3600)
    client = MemoryClient(sim.clock)
    for chat in range(60):
        for n in range(3):
            client.add(f"c{chat}", f"m{chat}-{n}")
    engine = SyncEngine(client, poll_interval=1.0, clock=sim.clock, sleep=sim.sleep)

    with pytest.raises(_HourIsUp):
        await engine.run()

    by_endpoint: dict[Endpoint, list[datetime]] = {}
    for endpoint, at in client.calls:
        by_endpoint.setdefault(endpoint, []).append(at)
    counts = Counter(e for e, _ in client.calls)
    assert counts[Endpoint.LIST_ALL] > 100  # it really polled all hour
    for endpoint, times in by_endpoint.items():
        assert _max_per_minute(times) <= endpoint.spec.per_minute, endpoint
    assert engine.state.unresolved_chats == 0
    assert all(m.chat_id for m in engine.messages.values())


async def test_resolution_pages_through_more_chats_than_one_chat_list_holds() -> None:
    sim = SimulatedTime(end_after=3600)
    client = MemoryClient(sim.clock)
    for chat in range(250):
        client.add(f"c{chat}", f"m{chat}")  # c0 is the oldest chat, on the last page
    engine = SyncEngine(client, clock=sim.clock, sleep=sim.sleep)

    with pytest.raises(_HourIsUp):
        await engine.run()

    assert engine.chat_of("m0") == "c0"
    assert len(engine.chats) == 250
