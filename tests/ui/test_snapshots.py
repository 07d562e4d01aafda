"""Snapshots of the main screen, help, the activity log and the export dialog (via the factory).

Deterministic: the fake server's manual clock and the app's clock are pinned to the same
instant, times are shown in UTC, the demo data is seeded, and live polling is stopped once the
queue has settled so nothing moves while the screenshot is taken.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from cliq_tui.core.format import message_chat_id
from cliq_tui.sync.types import SyncStatus
from cliq_tui.ui.app import CliqApp
from tests.support.pilot import settle, wait_for_queue, wait_until

SIZE = (160, 48)


pytestmark = pytest.mark.usefixtures("items_carry_chat_ids")


def settled(app: CliqApp) -> bool:
    """Every message mapped to a chat whose name is known."""
    engine = app.engine
    if engine is None or not engine.messages:
        return False
    chat_ids = {message_chat_id(m) for m in engine.messages.values()}
    return all(c is not None and engine.chats.get(c) and engine.chats[c].name for c in chat_ids)


def between_polls(app: CliqApp) -> bool:
    """No poll in flight, and the status bar has heard so (it says "synced", not "syncing…")."""
    engine = app.engine
    return (
        engine is not None
        and engine.state.status is SyncStatus.SYNCED
        and app.sync_state.status is SyncStatus.SYNCED
    )


async def until_settled(pilot: Pilot[Any]) -> None:
    """Wait for the queue and the chat names, then stop polling between two polls so the screen
    holds still (on a loaded machine the chats can be named while a poll is under way)."""
    app = pilot.app
    assert isinstance(app, CliqApp)
    await wait_for_queue(pilot)
    await wait_until(pilot, lambda: settled(app) and between_polls(app), "every chat named")
    app.workers.cancel_group(app, "sync")
    await settle(pilot)


def test_main_screen(snap_compare: Any, make_app: Callable[..., CliqApp]) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=until_settled)


def test_main_screen_at_80x24_with_a_selection(
    snap_compare: Any, make_app: Callable[..., CliqApp]
) -> None:
    """Narrow: no chat pane, the mark, When, Chat and Message columns, the text first, the
    selection in the status bar, a compact footer that is not cut."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await until_settled(pilot)
        await pilot.press("space")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_main_screen_at_120x40(snap_compare: Any, make_app: Callable[..., CliqApp]) -> None:
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=until_settled)


def test_main_screen_with_a_selection_and_a_filter(
    snap_compare: Any, make_app: Callable[..., CliqApp]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await until_settled(pilot)
        await pilot.press("space", "space", "slash", *"review", "enter")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


async def help_open(pilot: Pilot[Any]) -> None:
    await until_settled(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


async def activity_after_a_send(pilot: Pilot[Any]) -> None:
    """Send the message under the cursor, then open the log with its entry."""
    await until_settled(pilot)
    app = pilot.app
    assert isinstance(app, CliqApp)
    await pilot.press("s")
    await wait_until(pilot, lambda: app.screen is not app.main, "the confirmation")
    await pilot.press("y")
    await wait_until(pilot, lambda: app.activity.session, "the log entry")
    app.clear_notifications()
    await pilot.press("L")
    await settle(pilot)


async def export_open(pilot: Pilot[Any]) -> None:
    from textual.widgets import Input

    await until_settled(pilot)
    app = pilot.app
    await pilot.press("x")
    await wait_until(pilot, lambda: app.screen.query("#export-path"), "the export dialog")
    # The default folder differs between machines; the picture shows a fixed one.
    app.screen.query_one("#export-path", Input).value = "~/Downloads/queue.csv"
    await settle(pilot)


def test_read_only_main_screen(snap_compare: Any, make_app: Callable[..., CliqApp]) -> None:
    assert snap_compare(make_app(read_only=True), terminal_size=SIZE, run_before=until_settled)


def test_help_screen(snap_compare: Any, make_app: Callable[..., CliqApp]) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=help_open)


def test_activity_log_after_a_send(snap_compare: Any, make_app: Callable[..., CliqApp]) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=activity_after_a_send)


def test_export_dialog(snap_compare: Any, make_app: Callable[..., CliqApp]) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=export_open)


# The same screens at the small and middle terminal sizes (the 160x48 ones above keep their ids).
SMALLER = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@SMALLER
def test_read_only_main_screen_at(
    snap_compare: Any, make_app: Callable[..., CliqApp], size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(read_only=True), terminal_size=size, run_before=until_settled)


@SMALLER
def test_help_screen_at(
    snap_compare: Any, make_app: Callable[..., CliqApp], size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=help_open)


@SMALLER
def test_activity_log_after_a_send_at(
    snap_compare: Any, make_app: Callable[..., CliqApp], size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=activity_after_a_send)


@SMALLER
def test_export_dialog_at(
    snap_compare: Any, make_app: Callable[..., CliqApp], size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=export_open)
