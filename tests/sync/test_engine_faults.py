"""Throttling, locks, lost network, API errors and pausing: states, waits and recovery."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import pytest

from cliq_tui.fake import FakeServer
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.polling import ERROR_SLOWDOWN, base_interval
from cliq_tui.sync.types import SyncState, SyncStatus
from tests.support.servers import requests_recorded, server_queue, total_requests


class _Enough(Exception):
    """Ends a run() after a number of sleeps."""


class RecordingSleep:
    """A sleep that returns at once, remembers what was asked, and stops the run after N."""

    def __init__(self, stop_after: int) -> None:
        self.asked: list[float] = []
        self.stop_after = stop_after

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        if len(self.asked) >= self.stop_after:
            raise _Enough
        await asyncio.sleep(0)


@pytest.mark.parametrize("form", ["429", "400"])
async def test_throttling_locks_and_no_request_is_sent_during_the_lock(
    make_server: Callable[..., FakeServer], make_engine: Callable[..., SyncEngine], form: str
) -> None:
    server = make_server(throttle_form=form, throttle_all=True)
    sleep = RecordingSleep(stop_after=5)
    engine = make_engine(server, sleep=sleep)

    await engine.refresh()
    assert engine.state.status is SyncStatus.LOCKED
    assert engine.state.locked_until is not None
    server.state.clear_faults()
    before = await requests_recorded(server, at_least=1)

    with pytest.raises(_Enough):
        await engine.run()

    assert total_requests(server) == before
    assert engine.state.status is SyncStatus.LOCKED
    assert min(sleep.asked) > 60  # it waits for the lock, it does not poll


async def test_lost_network_shows_offline_and_recovery_shows_synced(
    server: FakeServer, engine: SyncEngine
) -> None:
    server.state.set_faults(reset_rate=1.0)

    await engine.refresh()
    assert engine.state.status is SyncStatus.OFFLINE
    since = engine.state.offline_since
    await engine.refresh()
    assert engine.state.offline_since == since  # offline since the first failure

    server.state.clear_faults()
    await engine.refresh()

    assert engine.state.status is SyncStatus.SYNCED
    assert engine.state.offline_since is None
    assert set(engine.messages) == set(server_queue(server))


async def test_a_stopped_server_shows_offline_until_it_is_back(
    server: FakeServer, engine: SyncEngine
) -> None:
    await engine.refresh()
    port = int(server.base_url.rsplit(":", 1)[1])
    server.stop()

    await engine.refresh()
    assert engine.state.status is SyncStatus.OFFLINE

    server.port = port
    server.start()
    server.state.delete_message(next(iter(server_queue(server))))
    delta = await engine.refresh()

    assert engine.state.status is SyncStatus.SYNCED
    assert len(delta.removed) == 1


async def test_polling_backs_off_while_offline(
    server: FakeServer, make_engine: Callable[..., SyncEngine]
) -> None:
    server.state.set_faults(reset_rate=1.0)
    sleep = RecordingSleep(stop_after=5)
    engine = make_engine(server, sleep=sleep)

    with pytest.raises(_Enough):
        await engine.run()

    assert sleep.asked == [2, 4, 8, 16, 32]
    assert engine.state.status is SyncStatus.OFFLINE


async def test_an_api_error_shows_error_and_polls_slower(
    server: FakeServer, make_engine: Callable[..., SyncEngine]
) -> None:
    server.state.set_faults(error_rate=1.0)
    sleep = RecordingSleep(stop_after=2)
    engine = make_engine(server, sleep=sleep)

    with pytest.raises(_Enough):
        await engine.run()

    assert engine.state.status is SyncStatus.ERROR
    assert engine.state.error
    assert min(sleep.asked) >= base_interval(None, 20) * ERROR_SLOWDOWN


async def test_polling_recovers_by_itself_when_the_fault_ends(
    server: FakeServer, make_engine: Callable[..., SyncEngine]
) -> None:
    server.state.set_faults(error_rate=1.0)
    sleep_calls: list[float] = []

    async def clear_then_sleep(seconds: float) -> None:
        server.state.clear_faults()
        sleep_calls.append(seconds)
        if len(sleep_calls) >= 2:
            raise _Enough

    engine = make_engine(server, sleep=clear_then_sleep)

    with pytest.raises(_Enough):
        await engine.run()

    assert engine.state.status is SyncStatus.SYNCED
    assert set(engine.messages) == set(server_queue(server))


async def test_a_paused_engine_sends_nothing_until_resumed(
    server: FakeServer, engine: SyncEngine
) -> None:
    engine.pause()
    task = asyncio.create_task(engine.run())
    for _ in range(20):
        await asyncio.sleep(0.01)
    assert total_requests(server) == 0
    assert engine.state.status is SyncStatus.PAUSED

    synced = asyncio.Event()

    def on_state(state: SyncState) -> None:
        if state.last_synced:
            synced.set()

    engine.subscribe(lambda _: None, on_state)
    engine.resume()
    await asyncio.wait_for(synced.wait(), timeout=10)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task

    assert set(engine.messages) == set(server_queue(server))


async def test_a_manual_refresh_works_while_paused(server: FakeServer, engine: SyncEngine) -> None:
    engine.pause()

    await engine.refresh()

    assert set(engine.messages) == set(server_queue(server))
    assert engine.paused
    assert engine.state.status is SyncStatus.PAUSED


async def test_cancelling_run_ends_it(server: FakeServer, engine: SyncEngine) -> None:
    synced = asyncio.Event()

    def on_state(state: SyncState) -> None:
        if state.next_poll_in:
            synced.set()

    engine.subscribe(lambda _: None, on_state)
    task = asyncio.create_task(engine.run())
    await asyncio.wait_for(synced.wait(), timeout=10)  # now waiting for the next poll

    task.cancel()

    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, timeout=10)
