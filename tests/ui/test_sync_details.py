"""The status bar keeps what matters at every width (a lock always), and the sync details view
(i) lists every endpoint's budget, the lock ticking, the role, the cache and the cap."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Static

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.screens.sync_details import SyncDetailsScreen
from cliq_tui.ui.widgets.status_bar import StatusBar
from tests.support.app import pass_time, throttle_until_locked
from tests.support.pilot import plain, settle, status_text, wait_for_queue, wait_until
from tests.ui.test_snapshots import until_settled

pytestmark = pytest.mark.usefixtures("items_carry_chat_ids")


def bar_line(app: CliqApp) -> str:
    """The status bar as drawn, one line."""
    bar = app.main.query_one(StatusBar)
    return str(bar.render_line(0).text).rstrip()


def spend(app: CliqApp, endpoint: Endpoint, count: int) -> None:
    """Spend from the account's budget as another process of the account would."""
    client = getattr(app.backend, "client", None)
    assert client is not None
    for _ in range(count):
        assert client.budgets.try_acquire(endpoint) == 0


def details_text(app: CliqApp) -> str:
    screen = app.screen
    assert isinstance(screen, SyncDetailsScreen)
    return plain(screen.query_one("#details", Static))


async def test_at_80_columns_the_bar_keeps_the_lock_the_selection_and_the_result(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_queue(pilot)
        await throttle_until_locked(pilot)
        await pilot.press("space", "up", "c")  # select one, then copy its text: a result line
        await wait_until(pilot, lambda: "» Copied" in status_text(app), "the result line")
        await settle(pilot)
        drawn = bar_line(app)
        assert "locked: list all" in drawn, drawn
        assert "1 selected" in drawn and "» Copied" in drawn, drawn
        assert cell_len(drawn) <= 80
        # The whole result does not fit: it is cut, not dropped.
        assert drawn.endswith("…"), drawn


async def test_at_160_columns_a_budget_shows_only_when_low(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for_queue(pilot)
        await wait_until(pilot, lambda: "scheduled" in status_text(app), "the cap count")
        assert "list all" not in status_text(app) and "budget low" not in status_text(app)
        spend(app, Endpoint.EDIT, 16)
        await pilot.press("c")
        await wait_until(pilot, lambda: "budget low: edit 4/20" in bar_line(app), "the low budget")
        drawn = bar_line(app)
        assert "» Copied" in drawn and "scheduled" in drawn, drawn
        await throttle_until_locked(pilot)
        await wait_until(pilot, lambda: "locked: list all 10:00" in bar_line(app), "the lock")


async def test_i_opens_the_details_every_endpoint_and_the_lock_ticking(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_queue(pilot)
        await throttle_until_locked(pilot)
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, SyncDetailsScreen), "the view")
        text = details_text(app)
        for endpoint in Endpoint:
            assert endpoint.spec.label in text
        assert "locked 10:00" in text
        assert "this window polls" in text and "none: the queue is kept in memory" in text
        assert "23/25 scheduled" in text
        token = app.backend.fake_server.token  # type: ignore[attr-defined]
        assert token not in text
        pass_time(app, 5)
        await wait_until(pilot, lambda: "locked 9:55" in details_text(app), "the tick")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main, "closed by esc")
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, SyncDetailsScreen), "again")
        await pilot.press("q")
        await wait_until(pilot, lambda: app.screen is app.main, "closed by q")
        assert app.is_running  # q closed the view, it did not quit


async def locked_details(pilot: Pilot[Any]) -> None:
    """A settled queue, a lock on list all, the view open."""
    await until_settled(pilot)
    app = pilot.app
    assert isinstance(app, CliqApp)
    await throttle_until_locked(pilot)
    app.workers.cancel_group(app, "sync")
    app.clear_notifications()
    # The lock moved the clock: the queue's relative times follow it now, not at the next tick.
    app.main.queue.tick()
    app.main.show_status()
    await pilot.press("i")
    await wait_until(pilot, lambda: isinstance(app.screen, SyncDetailsScreen), "the view")
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 48)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_sync_details_snapshot(
    snap_compare: Any, make_app: Callable[..., CliqApp], size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=locked_details)
