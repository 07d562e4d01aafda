"""The dashboard in every reality of the fake: every message mapped, the count against Cliq's
cap in the status bar, and the create dialog warning before the 26th."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Static

from cliq_tui.fake import FakeConfig
from cliq_tui.fake.realities import reality_config
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.dialogs import CreateDialog
from cliq_tui.ui.widgets.status_bar import StatusBar
from tests.support.clock import START_MS
from tests.support.pilot import SIZE, demo_server, plain, wait_for_queue, wait_until


@pytest.fixture
def ui_fake_config(reality: str) -> FakeConfig:
    return reality_config(reality, seed="demo", clock="manual", start_time_ms=START_MS)


def _status(app: CliqApp) -> str:
    return plain(app.main.query_one(StatusBar))


async def test_every_message_is_mapped_and_the_cap_count_shown(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await wait_until(pilot, lambda: "23/25 scheduled" in _status(app), "the cap count")
        await wait_until(
            pilot,
            lambda: app.main.queue.counts_by_chat().get(None, 0) == 0,
            "every message mapped",
        )
        truth = {m["id"]: m["chat_id"] for m in demo_server(app).state.messages()}
        engine = app.engine
        assert engine is not None
        assert {mid: engine.chat_of(mid) for mid in truth} == truth


async def test_the_create_dialog_warns_before_the_26th(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        server = demo_server(app)
        chat_id = next(c["chat_id"] for c in server.state.chats() if c["chat_type"] == "channel")
        for n in range(2):  # 25 of 25 from another device
            server.state.create_message(chat_id, text=f"elsewhere {n}", status="call_end")
        await wait_until(pilot, lambda: "25/25 scheduled (full)" in _status(app), "a full queue")
        await wait_until(pilot, lambda: app.main.rules.target_chat()[0] is not None, "a chat")

        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateDialog), "the dialog")

        note = plain(app.screen.query_one("#cap-note", Static))
        assert "Cliq allows 25" in note and "refuse" in note
