"""The poller lease: one window polls; the role passes on at exit, kill or hang."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from cliq_tui.sync.cache import QueueCache
from cliq_tui.sync.lease import PollerLease, Role
from cliq_tui.sync.types import SyncState, SyncStatus
from tests.support.clock import FakeClock

URL = "http://127.0.0.1:9999"


def _lease(tmp_path: Path, clock: FakeClock, name: str) -> PollerLease:
    cache = QueueCache.for_profile("default", URL, tmp_path)
    cache.load()
    return PollerLease(cache, monotonic=clock.monotonic, name=name)


def test_one_window_polls_and_the_others_follow(tmp_path: Path) -> None:
    clock = FakeClock()
    a, b, c = (_lease(tmp_path, clock, n) for n in "abc")

    roles = [a.check(), b.check(), c.check(), a.check(), b.check()]

    assert roles == [Role.POLLING, Role.FOLLOWING, Role.FOLLOWING, Role.POLLING, Role.FOLLOWING]


def test_the_role_passes_on_when_the_poller_exits(tmp_path: Path) -> None:
    clock = FakeClock()
    a, b = _lease(tmp_path, clock, "a"), _lease(tmp_path, clock, "b")
    a.check()
    b.check()

    a.release()

    assert b.check() is Role.POLLING
    assert a.check() is Role.FOLLOWING


def test_a_hung_poller_is_replaced_and_follows_when_it_wakes(tmp_path: Path) -> None:
    clock = FakeClock()
    a, b = _lease(tmp_path, clock, "a"), _lease(tmp_path, clock, "b")
    assert a.check() is Role.POLLING
    assert b.check() is Role.FOLLOWING
    for _ in range(6):  # the poller beats; the follower keeps following
        clock.advance(5)
        assert a.check() is Role.POLLING
        assert b.check() is Role.FOLLOWING

    clock.advance(10)  # a stops beating (hangs) but keeps its lock
    assert b.check() is Role.FOLLOWING
    clock.advance(10)

    assert b.check() is Role.POLLING
    assert b.took_over_from == "a"
    assert a.check() is Role.FOLLOWING
    assert b.check() is Role.POLLING


def test_the_poller_publishes_its_freshness(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    clock = FakeClock()
    a, b = _lease(tmp_path, clock, "a"), _lease(tmp_path, clock, "b")
    synced = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    a.check(SyncState(status=SyncStatus.SYNCED, last_synced=synced), publish=True)

    news = b.news()

    assert news.status is SyncStatus.SYNCED and news.last_synced == synced


def test_nonsense_in_the_published_freshness_is_ignored(tmp_path: Path) -> None:
    clock = FakeClock()
    a = _lease(tmp_path, clock, "a")
    a._cache.update_meta(
        {"poller_status": "\x1b[2J", "poller_synced": "inf", "poller_locked_until": "1e308"},
        expect={},
    )

    news = a.news()

    assert news.status is None and news.last_synced is None and news.locked_until is None


_HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from cliq_tui.sync.cache import QueueCache
    from cliq_tui.sync.lease import PollerLease

    cache = QueueCache.for_profile("default", "http://127.0.0.1:9999", Path(sys.argv[1]))
    cache.load()
    lease = PollerLease(cache, name="killed")
    print(lease.check().value, flush=True)
    time.sleep(600)
    """
)


def test_the_role_passes_on_when_the_poller_is_killed(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "polling"
        follower = _lease(tmp_path, FakeClock(), "b")
        assert follower.check() is Role.FOLLOWING
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=60)

    assert follower.check() is Role.POLLING  # at once: no wait for a stale heartbeat
    assert follower.took_over_from == "killed"


def test_a_cache_that_cannot_be_written_leaves_every_window_polling_alone(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    a, b = _lease(tmp_path, clock, "a"), _lease(tmp_path, clock, "b")
    assert a.check() is Role.POLLING
    assert b.check() is Role.FOLLOWING
    for lease in (a, b):  # the disk fills up: every write fails from now on
        db = lease._cache._connect()
        assert db is not None
        db.execute("PRAGMA query_only = ON")

    clock.advance(5)
    assert a.check() is Role.ALONE  # it cannot beat, but nobody could take over: it polls on
    assert b.check() is Role.FOLLOWING  # the heartbeat is not stale yet
    clock.advance(20)
    assert b.check() is Role.ALONE  # stale, but the lease cannot be claimed: it polls on its own
    assert a._cache.warning and "could not be written" in a._cache.warning


def test_a_window_without_a_cache_polls_alone(tmp_path: Path) -> None:
    blocker = tmp_path / "a file where the cache folder should be"
    blocker.write_text("")
    cache = QueueCache.for_profile("default", URL, blocker)

    assert PollerLease(cache, monotonic=FakeClock().monotonic).check() is Role.ALONE
