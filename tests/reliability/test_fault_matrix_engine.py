"""The fault matrix for the client and the sync engine (issue 6).

Each case: a healthy first sync, then the fault. A sync during the fault raises nothing and
leaves a clear state (the exact sentence or a lock with its end). The polling loop then recovers
by itself once the fault ends, and the engine's queue equals the server's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from cliq_tui.api.auth import OAuthRefresh
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.sync.types import SyncStatus
from tests.support.engines import Rig, assert_queue_matches

LOCK_SECONDS = Endpoint.LIST_ALL.spec.lock_seconds


def _faults(**switches: object) -> Callable[[Rig], None]:
    def start(rig: Rig) -> None:
        rig.server.state.set_faults(**switches)

    return start


def _clear(rig: Rig) -> None:
    rig.server.state.clear_faults()


def _server_goes_away(rig: Rig) -> None:
    rig.notes["port"] = int(rig.server.base_url.rsplit(":", 1)[1])
    rig.server.stop()


def _server_comes_back(rig: Rig) -> None:
    # The same FakeServer object keeps its state: the same queue is served on the same port.
    rig.server.port = rig.notes["port"]
    rig.server.start()


def _limit_trips(rig: Rig) -> None:
    # One request a minute on the server's side: the next listing trips a real 10-minute lock.
    rig.server.state.set_rate_limits(scale=0.05)


def _limit_restored(rig: Rig) -> None:
    # The lock the server set stays for its whole period; only the limit goes back.
    rig.server.state.set_rate_limits(scale=1.0)


@dataclass(frozen=True)
class Fault:
    """One row of the matrix: how the fault starts and ends, and what the engine must show."""

    id: str
    start: Callable[[Rig], None]
    status: SyncStatus
    says: str = ""
    stop: Callable[[Rig], None] = _clear
    rig: dict[str, object] = field(default_factory=dict)


MATRIX = [
    Fault(
        "latency-10s-above-timeout",
        _faults(latency_ms=10_000),
        SyncStatus.OFFLINE,
        "Cliq did not answer the list all request in time.",
        rig={"timeout": 0.5},
    ),
    Fault(
        "5xx-burst",
        _faults(error_rate=1.0),
        SyncStatus.ERROR,
        "Cliq had an internal error; try again shortly.",
    ),
    Fault(
        "connection-reset",
        _faults(reset_rate=1.0),
        SyncStatus.OFFLINE,
        "The connection to Cliq broke during list all",
    ),
    Fault(
        "malformed-json",
        _faults(malformed_rate=1.0),
        SyncStatus.ERROR,
        "Cliq answered the list all request with a body that is not JSON.",
    ),
    Fault(
        "truncated-json",
        _faults(truncate_rate=1.0),
        SyncStatus.OFFLINE,
        "The connection to Cliq broke during list all",
    ),
    Fault(
        "401-expired-static-token",
        _faults(expire_tokens=True),
        SyncStatus.ERROR,
        "Cliq rejected the access token: sign in again or check the token.",
    ),
    Fault(
        "429",
        _faults(throttle_all=True),
        SyncStatus.LOCKED,
        rig={"throttle_form": "429"},
    ),
    Fault(
        "400-request-limit-exceeded",
        _faults(throttle_all=True),
        SyncStatus.LOCKED,
        rig={"throttle_form": "400"},
    ),
    Fault(
        "lock-for-its-whole-period",
        _limit_trips,
        SyncStatus.LOCKED,
        stop=_limit_restored,
    ),
    Fault(
        "server-away-and-back",
        _server_goes_away,
        SyncStatus.OFFLINE,
        "Could not connect to Cliq (list all); nothing was sent.",
        stop=_server_comes_back,
    ),
]


@pytest.mark.parametrize("fault", MATRIX, ids=[f.id for f in MATRIX])
async def test_engine_shows_the_fault_clearly_then_recovers_by_itself(
    make_rig: Callable[..., Rig], fault: Fault
) -> None:
    rig = make_rig(**fault.rig)
    engine = rig.engine
    await engine.refresh(full=True)
    assert engine.state.status is SyncStatus.SYNCED

    fault.start(rig)
    await rig.refresh_later()  # never raises: the fault becomes state

    state = engine.state
    assert state.status is fault.status
    if fault.status is SyncStatus.LOCKED:
        assert state.locked_until is not None
        assert state.locked_until - rig.clock.now() == timedelta(seconds=LOCK_SECONDS)
        assert state.error is None
    else:
        assert fault.says in (state.error or "")
    assert engine.messages  # what was on screen stays on screen

    await rig.run_until_synced(lambda: fault.stop(rig))

    assert engine.state.status is SyncStatus.SYNCED
    assert engine.state.error is None
    assert_queue_matches(engine, rig.server)


@pytest.mark.parametrize("form", ["429", "400"])
async def test_no_request_is_sent_while_a_lock_lasts_and_polling_resumes_after_it(
    make_rig: Callable[..., Rig], form: str
) -> None:
    rig = make_rig(throttle_form=form)
    await rig.engine.refresh(full=True)
    _limit_trips(rig)
    await rig.refresh_later()
    _limit_restored(rig)
    locked_until = rig.engine.state.locked_until
    assert rig.engine.state.status is SyncStatus.LOCKED and locked_until is not None
    sent_at_lock = rig.total_requests()
    sent_during_lock: list[int] = []

    def during_the_lock(seconds: float) -> None:
        if rig.clock.now() < locked_until:
            sent_during_lock.append(rig.total_requests() - sent_at_lock)

    waits = await rig.run_until_synced(lambda: None, on_wait=during_the_lock)

    assert waits[0] == pytest.approx(LOCK_SECONDS)  # one wait for the whole lock, no polling
    assert sent_during_lock and set(sent_during_lock) == {0}
    assert rig.total_requests() > sent_at_lock  # and it polled again afterwards
    assert rig.engine.state.status is SyncStatus.SYNCED
    assert_queue_matches(rig.engine, rig.server)


async def test_a_server_lock_is_honoured_until_its_end_without_a_request(
    make_rig: Callable[..., Rig],
) -> None:
    rig = make_rig()
    await rig.engine.refresh(full=True)
    _limit_trips(rig)
    await rig.refresh_later()
    _limit_restored(rig)
    sent_at_lock = rig.total_requests()

    # Nine minutes and fifty-five seconds later: still locked, so refresh sends nothing.
    await rig.refresh_later(LOCK_SECONDS - 5)
    assert rig.total_requests() == sent_at_lock
    assert rig.engine.state.status is SyncStatus.LOCKED

    await rig.refresh_later(5)
    assert rig.total_requests() > sent_at_lock
    assert rig.engine.state.status is SyncStatus.SYNCED
    assert_queue_matches(rig.engine, rig.server)


async def test_latency_below_the_client_timeout_only_slows_the_sync_down(
    make_rig: Callable[..., Rig],
) -> None:
    rig = make_rig(timeout=15.0, latency_ms=10_000)

    await rig.engine.refresh(full=True)

    assert rig.engine.state.status is SyncStatus.SYNCED
    assert_queue_matches(rig.engine, rig.server)


async def test_a_short_5xx_burst_is_absorbed_by_the_read_retries(
    make_rig: Callable[..., Rig],
) -> None:
    rig = make_rig()
    rig.server.state.set_faults(error_rate=1.0)
    retries: list[float] = []
    original_sleep = rig.client._sleep

    async def burst_ends_during_backoff(seconds: float) -> None:
        retries.append(seconds)
        rig.server.state.clear_faults()
        await original_sleep(seconds)

    rig.client._sleep = burst_ends_during_backoff

    await rig.engine.refresh(full=True)

    assert len(retries) == 1
    assert rig.engine.state.status is SyncStatus.SYNCED
    assert_queue_matches(rig.engine, rig.server)


async def test_an_expired_oauth_token_is_refreshed_and_the_sync_succeeds(
    make_rig: Callable[..., Rig],
) -> None:
    rig = make_rig(oauth=True)
    await rig.engine.refresh(full=True)
    assert rig.auth.refresh_count == 1  # type: ignore[attr-defined]

    rig.server.state.set_faults(expire_tokens=True)
    rig.server.state.delete_message(next(iter(rig.engine.messages)))
    await rig.refresh_later()

    assert rig.auth.refresh_count == 2  # type: ignore[attr-defined]
    assert rig.engine.state.status is SyncStatus.SYNCED
    assert_queue_matches(rig.engine, rig.server)


async def test_a_refused_oauth_refresh_says_to_check_the_credentials(
    make_rig: Callable[..., Rig],
) -> None:
    rig = make_rig(oauth=True)
    await rig.engine.refresh(full=True)
    # The client secret was rotated in the API console: the next refresh is refused.
    rig.client.auth = OAuthRefresh(
        rig.server.config.client_id, "rotated", "demo-refresh", rig.server.base_url
    )
    rig.server.state.set_faults(expire_tokens=True)

    await rig.refresh_later()

    assert rig.engine.state.status is SyncStatus.ERROR
    assert "Zoho refused the OAuth credentials" in (rig.engine.state.error or "")
    assert "check the client id, client secret and refresh token" in (rig.engine.state.error or "")
