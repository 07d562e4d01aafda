"""Undo, copy, the activity log and read-only mode, from the keyboard on the demo (export: in
test_export_dialog.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.dashboard.availability import READ_ONLY_REASON
from cliq_tui.dashboard.undo import FILE_NOT_RESTORABLE, NOTHING_TO_UNDO
from cliq_tui.storage.activity import ActivityLog
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.dialogs import BatchDialog
from cliq_tui.ui.screens.activity import ActivityScreen
from tests.support.app import (
    choose_chat,
    confirm,
    cursor_on,
    delete_under_cursor,
    open_edit_dialog,
    retype_text,
)
from tests.support.pilot import SIZE, demo_server, plain, settle, wait_for_queue, wait_until

pytestmark = pytest.mark.usefixtures("items_carry_chat_ids")


def toasts(app: CliqApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app.notices]


def timed_text(message: ScheduledMessage) -> bool:
    return not message.is_file and message.time is not None


def server_texts(app: CliqApp, chat_id: str) -> list[tuple[str, str, str]]:
    """(text, time, trigger) of every pending message in the chat, sorted."""
    return sorted(
        (
            m["message"]["content"].get("text") or "",
            m.get("time") or "",
            m.get("schedule_status") or "",
        )
        for m in demo_server(app).state.messages()
        if m["chat_id"] == chat_id
    )


async def undo_against_faults(pilot, app: CliqApp, **faults: float) -> None:  # type: ignore[no-untyped-def]
    """Turn on server faults, press u, and check the attempt was logged as an error."""
    demo_server(app).state.set_faults(**faults)
    await pilot.press("u")
    await wait_until(
        pilot,
        lambda: any(e.action == "undo delete" for e in app.activity.session),
        "the attempt",
    )
    await settle(pilot)
    assert app.activity.session[-1].result == "error"


# --- undo -----------------------------------------------------------------------------------


async def test_u_recreates_a_deleted_text_message_with_its_text_chat_and_time(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        message = await cursor_on(app, timed_text)
        chat_id = message.chat_id
        assert chat_id is not None
        before = server_texts(app, chat_id)
        await delete_under_cursor(pilot, app, message)
        await pilot.press("u")
        await wait_until(
            pilot, lambda: server_texts(app, chat_id) == before, "the message to come back"
        )
        assert any("Undid the delete" in t for t in toasts(app))
        assert any(m.text == message.text for m in app.main.queue.messages_in_chat(chat_id))


async def test_u_recreates_a_status_based_message_with_its_trigger(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        message = await cursor_on(app, lambda m: not m.is_file and m.schedule_status is not None)
        chat_id = message.chat_id
        assert chat_id is not None
        before = server_texts(app, chat_id)
        await delete_under_cursor(pilot, app, message)
        await pilot.press("u")
        await wait_until(pilot, lambda: server_texts(app, chat_id) == before, "the trigger back")


async def test_deleting_a_file_message_warns_that_undo_cannot_restore_it(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await cursor_on(app, lambda m: m.is_file)
        dialog = await confirm(pilot, app, "d")
        assert FILE_NOT_RESTORABLE in dialog.body
        await pilot.press("n")


async def test_u_undoes_an_edit_by_editing_back(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        message = await cursor_on(app, timed_text)
        await open_edit_dialog(pilot, app)
        await retype_text(pilot, app, "Changed")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is app.main, "the dialog to close")
        stored = demo_server(app).state.message(message.id)
        assert stored is not None and stored["message"]["content"]["text"] == "Changed"
        await pilot.press("u")

        def text_back() -> bool:
            item = demo_server(app).state.message(message.id)
            return item is not None and item["message"]["content"]["text"] == message.text

        await wait_until(pilot, text_back, "the old text back")
        assert any("Undid the edit" in t and "text put back" in t for t in toasts(app))


async def test_u_with_nothing_to_undo_says_so(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        count = len(demo_server(app).state.messages())
        await pilot.press("u")
        await settle(pilot)
        assert any(NOTHING_TO_UNDO in t for t in toasts(app))
        assert len(demo_server(app).state.messages()) == count


async def test_a_second_u_does_not_create_the_message_twice(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        message = await cursor_on(app, timed_text)
        count = len(demo_server(app).state.messages())
        await delete_under_cursor(pilot, app, message)
        await pilot.press("u")
        await pilot.press("u")
        await wait_until(
            pilot, lambda: len(demo_server(app).state.messages()) == count, "the re-creation"
        )
        await settle(pilot)
        assert len(demo_server(app).state.messages()) == count


async def test_undo_after_delete_all_recreates_every_text_message_in_a_batch(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        counts: dict[str, int] = {}
        for m in demo_server(app).state.messages():
            if m["message"]["type"] == "text":
                counts[m["chat_id"]] = counts.get(m["chat_id"], 0) + 1
        chat_id = max(counts, key=lambda c: counts[c])
        texts_before = server_texts(app, chat_id)
        await choose_chat(pilot, app, chat_id)
        await confirm(pilot, app, "D")
        await pilot.press("y")
        await wait_until(pilot, lambda: not server_texts(app, chat_id), "the chat to empty")
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, BatchDialog), "the batch")
        batch = app.screen
        assert isinstance(batch, BatchDialog)
        await wait_until(pilot, lambda: batch.finished, "the batch to finish")
        await pilot.press("escape")
        restored = server_texts(app, chat_id)
        # Every text message is back as it was; the chat's file messages cannot be.
        assert len(restored) == counts[chat_id]
        assert all(item in texts_before for item in restored)


# --- read-only ------------------------------------------------------------------------------


async def test_read_only_disables_undo_with_the_reason_and_marks_the_status_bar(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        assert "READ-ONLY" in plain(app.main.query_one("#status", Static))
        for key in ("u", "d", "e", "n", "s"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is app.main, f"{key} opened a dialog in read-only mode"
        assert any(READ_ONLY_REASON in t and "undo" in t.lower() for t in toasts(app))


async def test_read_only_footer_hides_the_changing_keys_and_pressing_one_says_why(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        footer = {a.binding.action for a in app.main.active_bindings.values() if a.binding.show}
        for action in ("edit", "reschedule", "send_now", "delete", "create", "undo"):
            assert action not in footer, f"{action} is offered in read-only mode"
            assert app.main.check_action(action, ()) is False
        assert {"filter", "refresh", "toggle_pause"} <= footer
        await pilot.press("R")
        await wait_until(pilot, lambda: any("reschedule" in t.lower() for t in toasts(app)), "why")
        assert any(READ_ONLY_REASON in t for t in toasts(app))
        assert app.screen is app.main


async def test_without_read_only_the_footer_offers_the_changing_keys(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        footer = {a.binding.action for a in app.main.active_bindings.values() if a.binding.show}
        assert {"edit", "reschedule", "send_now", "delete", "create", "undo"} <= footer


# --- copy -----------------------------------------------------------------------------------


async def test_c_copies_the_text_and_the_toast_shows_only_its_start(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        message = await cursor_on(app, lambda m: not m.is_file and len(m.text) > 60)
        await pilot.press("c")
        assert app.clipboard == message.text
        toast = next(t for t in toasts(app) if t.startswith("Copied"))
        assert message.text not in toast and "characters" in toast


@pytest.mark.parametrize("key", ["C", "y"])
async def test_shift_c_and_y_copy_the_message_id(
    make_app: Callable[..., CliqApp], key: str
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        message = await cursor_on(app, lambda m: True)
        await pilot.press(key)
        assert app.clipboard == message.id


# --- the activity log -----------------------------------------------------------------------


async def test_activity_log_shows_this_sessions_actions_with_result_and_code(
    make_app: Callable[..., CliqApp], tmp_path: Path
) -> None:
    app = make_app()
    app.activity = ActivityLog(tmp_path / "activity.jsonl")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        message = await cursor_on(app, timed_text)
        demo_server(app).state.delete_message(message.id)  # gone behind our back: 404
        await confirm(pilot, app, "d")
        await pilot.press("y")
        await wait_until(pilot, lambda: app.activity.session, "the log entry")
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, ActivityScreen), "the log")
        table = app.screen.query_one(DataTable)
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row[1:3] == ["delete", "error"] and row[5] == app.activity.session[0].code
        assert app.activity.session[0].code and message.id in row[6]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main, "the log to close")


# --- help and keymap ------------------------------------------------------------------------


async def test_help_lists_the_new_keys(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: app.screen is not app.main, "help")
        text = plain(app.screen.query_one("#help-table", Static))
        for key, action in (
            ("u", "Undo"),
            ("c", "Copy text"),
            ("C, y", "Copy id"),
            ("x", "Export shown"),
            ("L", "Activity log"),
            ("ctrl+l", "Redraw the screen"),
            ("ctrl+e", "$EDITOR"),
        ):
            assert any(
                line.strip().startswith(f"{key}  ") and action in line for line in text.splitlines()
            ), (key, action)


async def test_undo_can_be_remapped_in_the_config(make_app: Callable[..., CliqApp]) -> None:
    from cliq_tui.storage.config import Settings, UiSettings

    app = make_app(settings=Settings(ui=UiSettings(keymap={"undo": "U"})))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await pilot.press("U")
        await settle(pilot)
        assert any(NOTHING_TO_UNDO in t for t in toasts(app))


async def test_undo_of_a_selection_with_a_file_restores_the_text_and_says_the_file_cannot(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        queue = app.main.queue
        text = next(m for m in queue.visible_messages() if timed_text(m))
        file = next(m for m in queue.visible_messages() if m.is_file)
        count = len(demo_server(app).state.messages())
        for message in (text, file):
            queue.move_to(message.id)
            queue.toggle_selected()
        dialog = await confirm(pilot, app, "d")
        assert "schedules the text messages again" in dialog.body
        assert FILE_NOT_RESTORABLE in dialog.body
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, BatchDialog), "the batch")
        batch = app.screen
        assert isinstance(batch, BatchDialog)
        await wait_until(pilot, lambda: batch.finished, "the batch to finish")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main, "the batch to close")
        await pilot.press("u")
        await wait_until(
            pilot, lambda: len(demo_server(app).state.messages()) == count - 1, "the text back"
        )
        assert any("1 file not restored" in t for t in toasts(app))


async def test_a_failed_undo_can_be_tried_again(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        message = await cursor_on(app, timed_text)
        await delete_under_cursor(pilot, app, message)
        await undo_against_faults(pilot, app, error_rate=1.0)
        assert app.main.undo_record is not None


async def test_an_undo_whose_outcome_is_unknown_is_not_offered_again(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        message = await cursor_on(app, timed_text)
        await delete_under_cursor(pilot, app, message)
        # The connection drops after the request went out: the create may have happened.
        await undo_against_faults(pilot, app, reset_rate=1.0)
        assert app.main.undo_record is None
