"""``:`` onto a chat whose messages the text filter hides: the result line says so, instead of
"3 pending" over an empty queue (Pilot, on the demo server)."""

from __future__ import annotations

from collections.abc import Callable

from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.widgets.chat_list import ChatList
from tests.support.pilot import status_text, wait_for_queue, wait_until
from tests.ui.test_chat_picker import chat_named, pick


async def test_colon_onto_a_chat_the_filter_hides_says_so(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_queue(pilot)
        finance = chat_named(app, "Finance Team")
        chats = app.main.query_one(ChatList)
        await wait_until(pilot, lambda: any(e.id == finance for e in chats.entries()), "listed")
        await pilot.press("slash", *"quarterly", "enter")
        await wait_until(pilot, lambda: app.main.model.filter_text == "quarterly", "filtered")
        await pilot.press("colon")
        await pick(pilot, app, "fnt", finance)
        await wait_until(pilot, lambda: app.main.queue.scope == finance, "the chat's queue")
        assert app.main.queue.row_count == 0
        assert "Finance Team: filter hides 3 of 3." in status_text(app)
