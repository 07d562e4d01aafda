"""The dashboard counts in the account's shared budget, and says once when it cannot."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from cliq_tui.api import Endpoint
from cliq_tui.api.budget_store import shared_budgets
from cliq_tui.bootstrap import ProfileBackend, build_app
from cliq_tui.fake import FakeServer
from cliq_tui.ui.app import CliqApp
from tests.support.app import account
from tests.support.clock import FakeClock
from tests.support.pilot import toasts, wait_for_queue, wait_until


async def test_the_dashboard_spends_from_the_accounts_shared_budget(
    fake_server: FakeServer, tmp_path: Path
) -> None:
    settings = account(fake_server.base_url, fake_server.token)
    profile = settings.profile()
    assert profile is not None
    path = profile.budget_path(tmp_path / "cache")
    app = build_app(settings, demo=False, clock=FakeClock(), tz=UTC, cache_dir=tmp_path / "cache")
    assert isinstance(app.backend, ProfileBackend)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for_queue(pilot)
        other = shared_budgets(path, clock=app.clock)
        try:
            assert other.used(Endpoint.LIST_ALL) >= 1
            assert other.used(Endpoint.LIST_ALL) == app.backend.client.budgets.used(
                Endpoint.LIST_ALL
            )
        finally:
            other.close()
        assert [title for title, _ in toasts(app) if title == "Rate budget"] == []


async def test_an_unwritable_budget_is_said_once_and_the_dashboard_works(
    fake_server: FakeServer, tmp_path: Path
) -> None:
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "budgets").write_text("not a folder")
    app = build_app(
        account(fake_server.base_url, fake_server.token),
        demo=False,
        clock=FakeClock(),
        tz=UTC,
        cache_dir=tmp_path / "cache",
    )
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for_queue(pilot)
        await wait_until(pilot, lambda: said(app), "the budget warning")
        said_now = said(app)
        assert len(said_now) == 1
        assert "cannot be written" in said_now[0]
        assert "keeps its own budget" in said_now[0]
        # The dashboard works on: the engine is synced and counts in its own budget.
        assert app.backend.client.budgets.used(Endpoint.LIST_ALL) >= 1


def said(app: CliqApp) -> list[str]:
    return [message for title, message in toasts(app) if title == "Rate budget"]
