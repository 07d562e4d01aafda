"""The factory: demo when asked or when no account is configured, else the account."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from cliq_tui.bootstrap import DemoBackend, ProfileBackend, build_app
from cliq_tui.fake import FakeServer
from cliq_tui.storage.config import Settings
from cliq_tui.ui.widgets.status_bar import StatusBar
from tests.support.app import account
from tests.support.clock import FakeClock
from tests.support.pilot import plain, wait_for_queue


def test_no_account_means_the_demo() -> None:
    app = build_app(Settings(), demo=False)
    assert app.demo and isinstance(app.backend, DemoBackend)


def test_demo_flag_wins_over_a_configured_account() -> None:
    app = build_app(account("http://127.0.0.1:9", "t"), demo=True)
    assert app.demo and isinstance(app.backend, DemoBackend)


def test_read_only_comes_from_the_flag_or_the_config() -> None:
    assert build_app(Settings(), demo=True, read_only=True).read_only
    settings = Settings.model_validate({"ui": {"read_only": True}})
    assert build_app(settings, demo=True).read_only


async def test_a_configured_account_shows_its_queue_without_the_demo_marker(
    fake_server: FakeServer, tmp_path: Path
) -> None:
    settings = account(fake_server.base_url, fake_server.token)
    app = build_app(
        settings,
        demo=False,
        clock=FakeClock(),
        tz=UTC,
        drafts_dir=tmp_path / "drafts",
        cache_dir=tmp_path / "cache",
    )
    assert isinstance(app.backend, ProfileBackend) and not app.demo
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for_queue(pilot)
        assert set(app.main.queue.visible_ids()) == {m["id"] for m in fake_server.state.messages()}
        status = plain(app.main.query_one(StatusBar))
        assert "DEMO" not in status
        assert fake_server.token not in status
    assert any((tmp_path / "cache").iterdir()), "the queue is cached for the next start"
