"""The chat picker in the dashboard: scheduling into a chat with nothing pending from the create
dialog, and ``:`` jumping to a chat of the chat pane (Pilot, on the demo server)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.dialogs import CreateDialog
from cliq_tui.ui.dialogs.chat_picker import ChatPicker
from cliq_tui.ui.dialogs.widgets import PlainText
from cliq_tui.ui.widgets.chat_list import ChatList
from tests.support.app import choose_chat
from tests.support.pilot import (
    SIZE,
    demo_server,
    plain,
    status_text,
    wait_for_queue,
    wait_until,
)

TASKBOT = "Taskbot"  # the demo chat with nothing pending


def chat_named(app: CliqApp, name: str) -> str:
    return next(c["chat_id"] for c in demo_server(app).state.chats() if c["name"] == name)


def busy_chat(app: CliqApp) -> str:
    return str(demo_server(app).state.messages()[0]["chat_id"])


async def picker_open(pilot: Pilot[Any], app: CliqApp) -> ChatPicker:
    await wait_until(pilot, lambda: isinstance(app.screen, ChatPicker), "the chat picker")
    assert isinstance(app.screen, ChatPicker)
    return app.screen


async def pick(pilot: Pilot[Any], app: CliqApp, query: str, chat_id: str) -> None:
    """Type ``query`` in the open picker and choose ``chat_id`` once it is the best match."""
    picker = await picker_open(pilot, app)
    await pilot.press(*query)
    await wait_until(pilot, lambda: picker.highlighted == chat_id, "the best match")
    await pilot.press("enter")


async def write_and_save(pilot: Pilot[Any], app: CliqApp, text: str) -> None:
    await wait_until(pilot, lambda: isinstance(app.screen, CreateDialog), "the create dialog")
    app.screen.query_one("#text", TextArea).focus()
    await pilot.press(*text)
    app.screen.query_one("#when", Input).focus()
    await pilot.press(*"+2h")
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: app.screen is app.main, "the dialog to close")


def on_server(app: CliqApp, text: str) -> list[str]:
    return [
        str(m["chat_id"])
        for m in demo_server(app).state.messages()
        if m["message"]["content"].get("text") == text
    ]


async def test_create_into_a_chat_with_nothing_pending(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        start, quiet = busy_chat(app), chat_named(app, TASKBOT)
        await choose_chat(pilot, app, start)
        chats = app.main.query_one(ChatList)
        assert quiet not in {line.id for line in chats.options}
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateDialog), "the create dialog")
        dialog = app.screen
        assert isinstance(dialog, CreateDialog) and dialog.chat_id == start
        await pilot.press("ctrl+o")
        picker = await picker_open(pilot, app)
        assert picker.highlighted == start, "the chat under the cursor comes first"
        await pick(pilot, app, "taskb", quiet)
        await wait_until(pilot, lambda: app.screen is dialog, "back in the dialog")
        assert dialog.chat_id == quiet
        assert plain(dialog.query_one("#subtitle", PlainText)).strip() == "In Taskbot (bot)"
        await write_and_save(pilot, app, "Into the bot chat")
        assert on_server(app, "Into the bot chat") == [quiet]
        await wait_until(
            pilot, lambda: any(line.id == quiet for line in chats.options), "the chat listed"
        )
        await choose_chat(pilot, app, quiet)
        assert [m.text for m in app.main.queue.messages_in_chat(quiet)] == ["Into the bot chat"]


async def no_chat_under_the_cursor(pilot: Pilot[Any], app: CliqApp) -> None:
    """A filter that hides every row: "All chats" is shown and no message is under the cursor."""
    await wait_for_queue(pilot)
    await pilot.press("slash", *"no such text anywhere", "enter")
    await wait_until(pilot, lambda: app.main.model.current is None, "an empty queue")
    assert app.main.queue.scope is None


async def test_with_no_chat_under_the_cursor_n_opens_the_picker_first(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await no_chat_under_the_cursor(pilot, app)
        quiet = chat_named(app, TASKBOT)
        await pilot.press("n")
        await pick(pilot, app, "tsk", quiet)
        await write_and_save(pilot, app, "Picked before writing")
        assert on_server(app, "Picked before writing") == [quiet]


async def test_escape_in_the_first_picker_opens_nothing(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await no_chat_under_the_cursor(pilot, app)
        before = demo_server(app).state.messages()
        await pilot.press("n")
        await picker_open(pilot, app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main, "back on the dashboard")
        assert demo_server(app).state.messages() == before


async def draft_for_taskbot(pilot: Pilot[Any], app: CliqApp, text: str) -> str:
    """From a busy chat, start a message, pick Taskbot, write ``text`` and close the dialog
    with Esc (keeping a draft); Taskbot's chat id."""
    await wait_for_queue(pilot)
    start, quiet = busy_chat(app), chat_named(app, TASKBOT)
    await choose_chat(pilot, app, start)
    await pilot.press("n")
    await wait_until(pilot, lambda: isinstance(app.screen, CreateDialog), "the create dialog")
    await pilot.press("ctrl+o")
    await pick(pilot, app, "taskbot", quiet)
    await wait_until(pilot, lambda: isinstance(app.screen, CreateDialog), "the dialog")
    app.screen.query_one("#text", TextArea).focus()
    await pilot.press(*text)
    await pilot.press("escape")
    await wait_until(pilot, lambda: app.screen is app.main, "the dialog closed")
    return quiet


async def test_the_draft_keeps_the_chosen_chat(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        quiet = await draft_for_taskbot(pilot, app, "Kept for later")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateDialog), "the dialog again")
        dialog = app.screen
        assert isinstance(dialog, CreateDialog)
        await wait_until(pilot, lambda: dialog.chat_id == quiet, "the draft's chat")
        assert dialog.text == "Kept for later"
        app.screen.query_one("#when", Input).focus()
        await pilot.press(*"+2h")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is app.main, "saved")
        assert on_server(app, "Kept for later") == [quiet]


async def test_colon_jumps_to_a_chat_by_name(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        finance = chat_named(app, "Finance Team")
        chats = app.main.query_one(ChatList)
        await wait_until(
            pilot, lambda: any(line.id == finance for line in chats.options), "the chat list"
        )
        await pilot.press("colon")
        picker = await picker_open(pilot, app)
        assert TASKBOT not in {e.name for e in chats.entries()}, "only the pane's chats"
        await pick(pilot, app, "fnt", finance)
        await wait_until(pilot, lambda: app.main.queue.scope == finance, "the chat's queue")
        assert chats.scope == finance
        assert picker not in app.screen_stack
        assert "Showing Finance Team (3 pending)." in status_text(app)


async def test_colon_with_no_match_says_so_and_esc_changes_nothing(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        before = app.main.queue.scope
        await pilot.press("colon")
        picker = await picker_open(pilot, app)
        await pilot.press(*"zzqx")
        note = picker.query_one("#picker-note", PlainText)
        await wait_until(pilot, lambda: picker.shown == [], "no match")
        assert plain(note).strip() == "No chat matches “zzqx”."
        await pilot.press("enter")
        assert app.screen is picker, "Enter with no match keeps the prompt open"
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main, "back")
        assert app.main.queue.scope == before


async def test_a_draft_for_a_chat_not_known_now_still_goes_there(
    make_app: Callable[..., CliqApp],
) -> None:
    """The draft's chat is not known when the dialog reopens (a cold cache, a chat left since):
    the text must not silently move to the chat the dialog was opened from."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        quiet = await draft_for_taskbot(pilot, app, "Only for the bot")
        app.engine.chats.pop(quiet)  # its name is no longer known
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateDialog), "the dialog again")
        dialog = app.screen
        assert isinstance(dialog, CreateDialog)
        await wait_until(pilot, lambda: dialog.text == "Only for the bot", "the draft")
        assert dialog.chat_id == quiet
        assert quiet in plain(dialog.query_one("#subtitle", PlainText))
