"""The dashboard on an account another window already polls: it follows, and says so."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from cliq_tui.bootstrap import build_app
from cliq_tui.fake import FakeServer
from cliq_tui.sync.cache import QueueCache
from cliq_tui.sync.lease import PollerLease, Role
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.widgets.status_bar import StatusBar
from tests.support.app import account
from tests.support.clock import FakeClock
from tests.support.pilot import SIZE, plain, wait_for_queue, wait_until


def _bar(app: CliqApp) -> str:
    return plain(app.main.query_one(StatusBar))


async def test_a_second_dashboard_follows_the_polling_window_and_takes_over_when_it_quits(
    fake_server: FakeServer, tmp_path: Path
) -> None:
    settings = account(fake_server.base_url, fake_server.token)
    profile = settings.profile()
    assert profile is not None
    folder = tmp_path / "cache"
    # Another window of the account, already polling and with the queue in the cache.
    other_cache = QueueCache.for_profile(profile.name, profile.cliq_url, folder)
    other = PollerLease(other_cache, name="the other window")
    assert other.check() is Role.POLLING

    app = build_app(settings, demo=False, clock=FakeClock(), tz=UTC, cache_dir=folder)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "follows another window" in _bar(app), "following")
        assert "list_all" not in fake_server.state.stats()["endpoints"]  # no list request

        other.release()  # the other window quits
        await wait_until(pilot, lambda: "this window polls" in _bar(app), "the polling role")
        await wait_for_queue(pilot)
    other_cache.close()
