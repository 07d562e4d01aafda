"""Each action end to end: the key, the dialog, the request on the fake server, the queue after."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Input, TextArea

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.dialogs import (
    BatchDialog,
    CreateDialog,
    EditDialog,
    RescheduleDialog,
)
from tests.support.app import (
    choose_chat,
    confirm,
    cursor_on,
    open_edit_dialog,
    refresh,
    retype_text,
)
from tests.support.clock import START_MS
from tests.support.pilot import (
    SIZE,
    demo_server,
    settle,
    status_text,
    wait_for_queue,
    wait_until,
)

pytestmark = pytest.mark.usefixtures("items_carry_chat_ids")


def is_text(message: ScheduledMessage) -> bool:
    return not message.is_file


async def test_e_edits_the_text_on_the_server_and_in_the_row(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        message = await cursor_on(app, is_text)
        await open_edit_dialog(pilot, app)
        await retype_text(pilot, app, "Edited here")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is app.main, "the dialog to close")
        assert demo_server(app).state.message(message.id)["message"]["content"]["text"] == (
            "Edited here"
        )
        assert app.main.queue.message(message.id).text == "Edited here"  # type: ignore[union-attr]
        assert app.main.queue.current.id == message.id  # type: ignore[union-attr]
        # The result stays in the status bar until the next action's result.
        await wait_until(pilot, lambda: "Edited 1 message in " in status_text(app), "result")


async def test_held_down_r_keeps_one_result_line_instead_of_stacking_toasts(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        before = len(app.notices)
        for _ in range(5):
            await refresh(pilot)
        await wait_until(pilot, lambda: "Queue refreshed at " in status_text(app), "result")
        assert len(app.notices) == before, "a refresh adds no toast"


async def test_s_sends_the_message_after_confirming(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        message = await cursor_on(app, lambda m: True)
        await confirm(pilot, app, "s")
        await pilot.press("y")
        await wait_until(pilot, lambda: app.main.queue.message(message.id) is None, "the row to go")
        deliveries = demo_server(app).state.deliveries()
        assert [(d["id"], d["via"]) for d in deliveries] == [(message.id, "send_now")]


async def test_d_deletes_only_after_confirming(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        message = await cursor_on(app, lambda m: True)
        await confirm(pilot, app, "d")
        await pilot.press("n")
        await settle(pilot)
        assert demo_server(app).state.message(message.id) is not None
        await confirm(pilot, app, "d")
        await pilot.press("y")
        await wait_until(pilot, lambda: app.main.queue.message(message.id) is None, "the row to go")
        assert demo_server(app).state.message(message.id) is None
        assert demo_server(app).state.deliveries() == []


def busiest_chat(app: CliqApp) -> str:
    counts: dict[str, int] = {}
    for m in demo_server(app).state.messages():
        counts[m["chat_id"]] = counts.get(m["chat_id"], 0) + 1
    return max(counts, key=lambda c: counts[c])


async def test_shift_s_sends_everything_in_the_chosen_chat(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        chat_id = busiest_chat(app)
        in_chat = {m["id"] for m in demo_server(app).state.messages() if m["chat_id"] == chat_id}
        await choose_chat(pilot, app, chat_id)
        await confirm(pilot, app, "S")
        assert f"Send {len(in_chat)} messages" in app.screen.title_text  # type: ignore[attr-defined]
        await pilot.press("y")
        await wait_until(
            pilot, lambda: not app.main.queue.messages_in_chat(chat_id), "the chat to empty"
        )
        delivered = {d["id"] for d in demo_server(app).state.deliveries()}
        assert delivered == in_chat


async def test_shift_d_deletes_everything_in_the_chosen_chat(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        chat_id = busiest_chat(app)
        await choose_chat(pilot, app, chat_id)
        await confirm(pilot, app, "D")
        await pilot.press("y")
        await wait_until(
            pilot, lambda: not app.main.queue.messages_in_chat(chat_id), "the chat to empty"
        )
        left = [m for m in demo_server(app).state.messages() if m["chat_id"] == chat_id]
        assert left == []
        assert demo_server(app).state.deliveries() == []


async def test_n_creates_a_message_in_the_chosen_chat(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        chat_id = busiest_chat(app)
        await choose_chat(pilot, app, chat_id)
        before = app.main.queue.row_count
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateDialog), "the create dialog")
        app.screen.query_one("#text", TextArea).focus()
        await pilot.press(*"Made in the dashboard")
        app.screen.query_one("#when", Input).focus()
        await pilot.press(*"+2h")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is app.main, "the dialog to close")
        created = [
            m
            for m in demo_server(app).state.messages()
            if m["message"]["content"].get("text") == "Made in the dashboard"
        ]
        assert len(created) == 1 and created[0]["chat_id"] == chat_id
        await wait_until(pilot, lambda: app.main.queue.row_count == before + 1, "the new row")


async def test_multi_selection_deletes_each_message_with_a_result_per_message(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        first, second = app.main.queue.visible_ids()[:2]
        await pilot.press("space", "space")
        assert app.main.queue.selected == {first, second}
        await confirm(pilot, app, "d")
        assert "Delete 2 messages" in app.screen.title_text  # type: ignore[attr-defined]
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, BatchDialog), "the batch dialog")
        batch = app.screen
        await wait_until(pilot, lambda: len(batch.result.ok) == 2, "both deletes")  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main, "the batch dialog to close")
        assert demo_server(app).state.message(first) is None
        assert demo_server(app).state.message(second) is None
        assert not app.main.queue.selected


async def test_an_edit_the_server_refuses_keeps_the_dialog_open_with_the_error(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        message = await cursor_on(app, is_text)
        await open_edit_dialog(pilot, app)
        demo_server(app).state.delete_message(message.id)  # gone from another device meanwhile
        await retype_text(pilot, app, "Too late")
        await pilot.press("ctrl+s")
        error = app.screen.query_one("#form-error")
        await wait_until(pilot, lambda: "no longer exists" in str(error.render()), "the error")
        assert isinstance(app.screen, EditDialog)
        assert app.screen.query_one("#text", TextArea).text == "Too late"


async def test_shift_r_moves_every_message_due_at_one_time(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        server = demo_server(app)
        timed = [m for m in server.state.messages() if "time" in m]
        chat_id = timed[0]["chat_id"]
        await choose_chat(pilot, app, chat_id)
        first_due = min(m.due_epoch_ms for m in app.main.queue.visible_messages() if m.time)  # type: ignore[type-var]
        moving = {m.id for m in app.main.queue.visible_messages() if m.due_epoch_ms == first_due}
        await pilot.press("R")
        await wait_until(pilot, lambda: isinstance(app.screen, RescheduleDialog), "the dialog")
        app.screen.query_one("#when", Input).focus()
        await pilot.press(*"+3h")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is app.main, "the dialog to close")
        new_due = START_MS + 3 * 3600 * 1000
        for message_id in moving:
            assert app.main.queue.message(message_id).due_epoch_ms == new_due  # type: ignore[union-attr]
            on_server = ScheduledMessage.model_validate(server.state.message(message_id))
            assert on_server.due_epoch_ms == new_due
