"""The heads-up notice in the dashboard: shown at the lead time, its keys, withdrawn when the
message goes, and the optional bell and desktop notification."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.storage.config import Settings, UiSettings
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.dialogs import EditDialog
from cliq_tui.ui.widgets.heads_up_bar import HeadsUpBar, desktop_sequence
from tests.support.app import pass_time, refresh
from tests.support.pilot import SIZE, demo_server, plain, toasts, wait_for_queue, wait_until


def bar(app: CliqApp) -> HeadsUpBar:
    return app.main.query_one(HeadsUpBar)


def first_due(app: CliqApp) -> ScheduledMessage:
    timed = [m for m in app.main.model.message_map().values() if m.time is not None]
    return min(timed, key=lambda m: (m.time, m.id))


async def until_announced(pilot: Pilot[Any], app: CliqApp) -> ScheduledMessage:
    """Move time to 4 min 59 s before the first delivery and wait for its heads-up."""
    await wait_for_queue(pilot)
    soonest = first_due(app)
    assert soonest.time is not None
    pass_time(app, (soonest.time - app.now()).total_seconds() - 299)
    await wait_until(pilot, lambda: bar(app).notices, "the heads-up")
    return soonest


async def test_the_heads_up_says_what_where_and_when_and_h_opens_the_edit_dialog(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        assert not bar(app).display  # nothing within 5 minutes at the start
        await pilot.press("h")
        assert (
            "Cannot hold / edit heads-up",
            "No message is announced right now.",
        ) in toasts(app)
        soonest = await until_announced(pilot, app)
        shown = plain(bar(app))
        chat = app.main.model.chat_label(soonest)
        assert "5 min heads-up: in 4:59" in shown and f"to {chat}:" in shown
        assert soonest.preview[:20] in shown and "h hold / edit it · H dismiss" in shown
        assert bar(app).display
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, EditDialog), "the edit dialog")
        assert app.screen.message.id == soonest.id  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main, "the dashboard")
        await pilot.press("H")
        await wait_until(pilot, lambda: not bar(app).display, "the notice hidden")
        pass_time(app, 2)
        bar(app).check()
        assert bar(app).notices == []  # announced once: not again in this session


async def test_the_notice_goes_when_its_message_leaves_the_queue(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        soonest = await until_announced(pilot, app)
        assert demo_server(app).state.delete_message(soonest.id)  # deleted elsewhere
        await refresh(pilot)
        await wait_until(pilot, lambda: app.main.model.message(soonest.id) is None, "the delete")
        bar(app).check()
        assert bar(app).notices == [] and not bar(app).display


async def test_bell_and_desktop_notification_only_when_enabled(
    make_app: Callable[..., CliqApp],
) -> None:
    quiet = make_app()
    rang: list[str] = []
    quiet.bell = lambda: rang.append("bell")  # type: ignore[method-assign]
    async with quiet.run_test(size=SIZE) as pilot:
        await until_announced(pilot, quiet)
    assert rang == []

    loud = make_app(settings=Settings(ui=UiSettings(heads_up_bell=True, heads_up_desktop=True)))
    loud.bell = lambda: rang.append("bell")  # type: ignore[method-assign]
    loud.desktop_notify = lambda body: rang.append(body)  # type: ignore[method-assign]
    async with loud.run_test(size=SIZE) as pilot:
        soonest = await until_announced(pilot, loud)
    assert rang[0] == "bell" and len(rang) == 2
    assert rang[1].startswith("in 4:59") and soonest.preview[:20] in rang[1]


def test_the_desktop_sequence_cannot_be_ended_early_by_the_text() -> None:
    nine = desktop_sequence("cliq-tui", "hi \x1b\\ \x07 there", environ={})
    assert nine == "\x1b]9;cliq-tui: hi ␛\\ ␇ there\x1b\\"
    vte = desktop_sequence("a;b", "x", environ={"VTE_VERSION": "7000"})
    assert vte == "\x1b]777;notify;a,b;x\x1b\\"


async def test_a_shorter_lead_time_replaces_the_messages_notice(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app(settings=Settings(ui=UiSettings(heads_up=["5m", "1m"])))
    async with app.run_test(size=SIZE) as pilot:
        soonest = await until_announced(pilot, app)
        pass_time(app, 240)  # 59 s before it goes out
        bar(app).check()
        assert [(n.message_id, n.lead.total_seconds()) for n in bar(app).notices] == [
            (soonest.id, 60.0)
        ]
        assert "1 min heads-up: in 0:59" in plain(bar(app))


async def test_with_nothing_to_announce_a_check_draws_nothing(
    make_app: Callable[..., CliqApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every second: redrawing the hidden bar asked for a layout of the whole screen each time.
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        drawn: list[object] = []
        monkeypatch.setattr(bar(app), "update", lambda *args, **kwargs: drawn.append(args))
        for _ in range(3):
            bar(app).check()
        assert bar(app).notices == [] and drawn == []
        soonest = await until_announced(pilot, app)
        assert drawn and soonest.preview[:20] in str(drawn[-1])
