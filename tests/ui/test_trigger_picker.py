"""The trigger picker in the app's own stylesheet: the status bar's rules must not shrink it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import RadioButton, Select, Static

from cliq_tui.api.models import ScheduleStatus
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.dialogs import CreateDialog
from cliq_tui.ui.widgets.status_bar import StatusBar
from tests.support.app import choose_chat
from tests.support.pilot import SIZE, demo_server, settle, wait_for_queue, wait_until

pytestmark = pytest.mark.usefixtures("items_carry_chat_ids")


async def test_the_trigger_picker_shows_its_value_in_the_dashboard(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        chat_id = demo_server(app).state.messages()[0]["chat_id"]
        await choose_chat(pilot, app, chat_id)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateDialog), "the create dialog")
        app.screen.query_one("#mode-status", RadioButton).value = True
        picker = app.screen.query_one(Select)
        picker.value = ScheduleStatus.CHECK_IN
        await settle(pilot)

        # A Select is a bordered box: its value sits on the middle of its three lines.
        assert picker.outer_size.height == 3
        label = picker.query_one("SelectCurrent #label", Static)
        assert picker.region.contains_region(label.region) and label.region.height == 1
        assert "check" in str(label.render()).lower()
        # The status bar itself keeps its single line.
        assert app.main.query_one(StatusBar).outer_size.height == 1
