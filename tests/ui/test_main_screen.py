"""The main screen against the demo fake server, built through the factory."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.widgets import Input

from cliq_tui.sync.types import SyncStatus
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.widgets.chat_list import ChatList
from cliq_tui.ui.widgets.status_bar import StatusBar
from tests.support.app import refresh, throttle_until_locked
from tests.support.clock import START_MS
from tests.support.pilot import SIZE, demo_server, plain, settle, wait_for_queue, wait_until


def status_text(app: CliqApp) -> str:
    return plain(app.main.query_one(StatusBar))


async def test_demo_queue_shows_every_pending_message(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        pending = {m["id"] for m in demo_server(app).state.messages()}
        assert set(app.main.queue.visible_ids()) == pending
        assert "DEMO" in status_text(app)


async def test_queue_lists_time_based_by_due_time_then_status_based_by_trigger(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        rows = app.main.queue.visible_messages()
        timed = [m for m in rows if m.time is not None]
        assert rows[: len(timed)] == timed
        assert [m.time for m in timed] == sorted(m.time for m in timed)
        triggers = [m.schedule_status for m in rows[len(timed) :]]
        assert triggers == sorted(triggers, key=list(type(triggers[0])).index)


async def test_choosing_a_chat_shows_only_its_messages(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        chats = app.main.query_one(ChatList)
        await wait_until(pilot, lambda: chats.option_count > 2, "a resolved chat in the list")
        chats.focus()
        await pilot.press("down")
        await settle(pilot)
        chosen = chats.scope
        assert chosen is not None
        expected = {m["id"] for m in demo_server(app).state.messages() if m["chat_id"] == chosen}
        assert set(app.main.queue.visible_ids()) == expected


async def test_filter_keeps_only_matching_rows_and_escape_restores_them(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        everything = app.main.queue.row_count
        await pilot.press("slash", *"check-in")
        await settle(pilot)
        shown = app.main.queue.visible_messages()
        assert shown and len(shown) < everything
        assert all(m.schedule_status == "check_in" for m in shown)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.main.queue.row_count == everything


async def test_keys_typed_right_after_slash_all_land_in_the_filter(
    make_app: Callable[..., CliqApp],
) -> None:
    # A fast typist (or tmux send-keys '/' 'abc'): the terminal hands over the four keys at once,
    # before the app has run anything the slash asked for. In the queue, a would open the
    # agenda, b hide the chat pane and c copy a message.
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        for key, char in [("slash", "/"), ("a", "a"), ("b", "b"), ("c", "c")]:
            app.post_message(events.Key(key, char))
        filter_input = app.main.query_one("#filter", Input)
        await wait_until(pilot, lambda: app.main.focused is filter_input, "the filter focused")
        await settle(pilot)
        assert filter_input.value == "abc"
        assert app.screen is app.main
        assert app.main.query_one(ChatList).display
        # In the filter, a slash is text like any other key.
        await pilot.press("slash", "d")
        assert filter_input.value == "abc/d"


async def test_typing_in_the_filter_counts_as_activity_for_polling(
    make_app: Callable[..., CliqApp],
) -> None:
    # Polling slows down while the user is idle; keys the filter takes are activity too.
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        engine = app.engine
        assert engine is not None
        filter_input = app.main.query_one("#filter", Input)
        filter_input.focus()
        await wait_until(pilot, lambda: app.main.focused is filter_input, "the filter focused")
        engine._core.last_input = None
        await pilot.press("x")
        await wait_until(pilot, lambda: filter_input.value == "x", "the key in the filter")
        assert engine._core.last_input is not None


async def test_server_change_appears_after_refresh_and_cursor_stays_on_its_message(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        queue = app.main.queue
        await pilot.press("down", "down", "down")
        before = queue.current
        assert before is not None
        server = demo_server(app)
        # Another device edits a message and schedules one due before everything else.
        edited_id = queue.visible_ids()[5]
        server.state.update_message(edited_id, text="Changed on the phone")
        any_chat = server.state.messages()[0]["chat_id"]
        created = server.state.create_message(any_chat, text="Due first", time_ms=START_MS + 60_000)
        await refresh(pilot)
        await wait_until(pilot, lambda: queue.message(created["id"]) is not None, "the new row")
        await wait_until(
            pilot,
            lambda: queue.message(edited_id).text == "Changed on the phone",  # type: ignore[union-attr]
            "the edited row",
        )
        assert queue.visible_ids()[0] == created["id"]
        assert queue.current is not None and queue.current.id == before.id


async def test_server_side_delete_leaves_the_queue_after_refresh(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        gone = app.main.queue.visible_ids()[2]
        demo_server(app).state.delete_message(gone)
        await refresh(pilot)
        await wait_until(pilot, lambda: app.main.queue.message(gone) is None, "the row to go")
        assert gone not in app.main.queue.visible_ids()


async def test_p_pauses_and_resumes_live_updates(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await pilot.press("p")
        await wait_until(pilot, lambda: app.sync_state.status is SyncStatus.PAUSED, "paused")
        assert app.engine is not None and app.engine.paused
        assert "paused" in status_text(app)
        await pilot.press("p")
        await wait_until(pilot, lambda: app.sync_state.status is not SyncStatus.PAUSED, "resumed")
        assert not app.engine.paused


async def test_read_only_disables_changes_and_says_why(make_app: Callable[..., CliqApp]) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        for key in ("e", "s", "d", "D", "S", "n", "R"):
            await pilot.press(key)
        await settle(pilot)
        assert app.screen is app.main, "no dialog may open in read-only mode"
        assert app.main.check_action("delete", ()) is False, "hidden from the footer"
        said = [n.message for n in app.notices]
        assert any("Read-only" in text for text in said)
        assert "READ-ONLY" in status_text(app)
        assert len(demo_server(app).state.messages()) == app.main.queue.row_count


async def test_throttled_server_shows_the_lock_in_the_status_bar(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await throttle_until_locked(pilot)
        await settle(pilot)
        assert "locked: polling resumes in" in status_text(app)
        await wait_until(
            pilot,
            lambda: any(n.title == "Rate limited" for n in app.notices),
            "a toast saying so",
        )


async def test_unreachable_server_shows_offline(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        demo_server(app).stop()
        await refresh(pilot)
        await wait_until(pilot, lambda: "offline" in status_text(app), "offline on screen")
        assert app.main.queue.row_count > 0, "the queue stays on screen while offline"
