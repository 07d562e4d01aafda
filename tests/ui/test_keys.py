"""Keys, the keymap from the config, the command palette, the mouse and disabled actions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Static

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.cli.main import main
from cliq_tui.core.format import message_chat_id as fmt_chat
from cliq_tui.fake import FakeConfig
from cliq_tui.storage.config import Settings
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.dialogs import ConfirmDialog
from cliq_tui.ui.keymap import check_keymap, keymap_conflicts
from cliq_tui.ui.screens.help import HelpScreen
from cliq_tui.ui.widgets.chat_list import ALL_CHATS_ID, ChatList
from cliq_tui.ui.widgets.message_view import MessageView
from cliq_tui.ui.widgets.queue_table import UNRESOLVED_SCOPE, QueueTable
from tests.support.app import refresh, run_from_palette
from tests.support.clock import START_MS
from tests.support.pilot import SIZE, demo_server, plain, settle, wait_for_queue, wait_until

# Items that carry their chat id: every action is available from the first paint.
MAPPED = FakeConfig(seed="demo", clock="manual", start_time_ms=START_MS, include_chat_id=True)


def remapped(keymap: dict[str, str]) -> Settings:
    return Settings.model_validate({"ui": {"keymap": keymap}})


async def test_a_keymap_in_the_config_moves_an_action_to_another_key(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app(settings=remapped({"delete": "x", "export": "X"}), fake_config=MAPPED)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert app.screen is app.main
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")


async def test_help_lists_every_binding_with_its_current_keys(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app(settings=remapped({"delete": "z,delete"}))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        lines = plain(app.screen.query_one("#help-table", Static)).splitlines()
        assert any(line.split()[:3] == ["z,", "delete", "Delete"] for line in lines)
        assert any(line.split()[:2] == ["e", "Edit"] for line in lines)
        text = "\n".join(lines)
        for action in ("Reschedule", "Send now", "Send all in chat", "Delete all in chat", "New"):
            assert action in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main, "help to close")


def test_unknown_keymap_ids_are_dropped_with_a_warning() -> None:
    usable, warnings = check_keymap({"delete": "x", "explode": "z", "edit": " "})
    assert usable == {"delete": "x"}
    assert len(warnings) == 2 and "explode" in warnings[0]


def test_a_key_given_to_two_actions_of_one_screen_is_a_conflict_naming_both() -> None:
    (line,) = keymap_conflicts({"delete": "x"})
    assert "'x'" in line and "'delete'" in line and "'export'" in line
    assert keymap_conflicts({"delete": "x", "export": "X"}) == []
    assert "'quit'" in keymap_conflicts({"delete": "q"})[0], "app keys are active on the dashboard"
    assert keymap_conflicts({"delete": "d,x", "export": "d"})[0].startswith("ui.keymap: key 'd'")


def test_the_same_key_on_two_screens_or_in_the_defaults_is_no_conflict() -> None:
    assert keymap_conflicts({}) == [], "the defaults' own overlaps are deliberate"
    # The agenda and a dialog are other screens than the dashboard's.
    assert keymap_conflicts({"agenda.close": "e", "dialog.save": "d"}) == []


def test_a_keymap_conflict_refuses_to_start_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[ui.keymap]\ndelete = "x"\n', encoding="utf-8")
    assert main(["--config", str(config), "--demo"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "'x'" in err and "'delete'" in err and "'export'" in err


async def test_command_palette_runs_an_action(make_app: Callable[..., CliqApp]) -> None:
    app = make_app(fake_config=MAPPED)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await run_from_palette(pilot, app, "Delete")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")


async def test_tab_moves_between_the_panes(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        assert isinstance(app.focused, QueueTable)
        await pilot.press("tab")
        assert isinstance(app.focused, MessageView)
        await pilot.press("tab")
        assert isinstance(app.focused, ChatList)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, MessageView)


async def test_clicking_a_row_selects_that_message(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        queue = app.main.queue
        third = queue.visible_ids()[3]
        # Row 3 of the data sits below the table's border and header.
        await pilot.click(QueueTable, offset=(10, 5))
        await settle(pilot)
        assert queue.current is not None and queue.current.id == third


async def test_actions_on_a_message_whose_chat_is_unknown_say_why(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        # Cliq has locked the per-chat list (as after a 429), so resolution cannot place a
        # message; then another device schedules one, which the global list shows without a chat.
        assert app.backend.client is not None
        app.backend.client.budgets.lock(Endpoint.LIST_CHAT)
        server = demo_server(app)
        chat_id = server.state.chats()[0]["chat_id"]
        new = server.state.create_message(chat_id, text="From another device", status="call_end")
        await refresh(pilot)
        await wait_until(pilot, lambda: new["id"] in app.engine.messages, "the new message")
        app.main.queue.set_scope(UNRESOLVED_SCOPE)
        await settle(pilot)
        message = app.main.queue.current
        assert message is not None and message.chat_id is None
        assert app.main.check_action("edit", ()) is None
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is app.main
        said = [n.message for n in app.notices]
        assert any("chat not yet known" in text for text in said)
        body = plain(app.main.query_one("#message-body", Static))
        assert "Chat actions unavailable" in body


async def test_clicking_a_chat_shows_its_messages(make_app: Callable[..., CliqApp]) -> None:
    app = make_app(fake_config=MAPPED)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        chats = app.main.query_one(ChatList)

        def every_chat_named_and_sorted() -> bool:
            # Chats are listed by name, and a name arriving later moves its chat: wait for the
            # final order, not for the first few options (a loaded machine shows those early).
            engine = app.engine
            assert engine is not None
            ids = {engine.chat_of(m) for m in engine.messages} - {None}
            names = {c: engine.chats[c].name for c in ids if c in engine.chats}
            if len(names) != len(ids) or not all(names.values()):
                return False
            order = sorted(ids, key=lambda c: (str(names[c]).casefold(), c))
            shown = [chats.get_option_at_index(i).id for i in range(chats.option_count)]
            return shown == [ALL_CHATS_ID, *order]

        await wait_until(pilot, every_chat_named_and_sorted, "every chat, named, in order")
        second = chats.get_option_at_index(2)
        # The chat list's third line (inside its border) is its third option.
        await pilot.click(ChatList, offset=(5, 3))
        await wait_until(pilot, lambda: app.main.queue.scope == second.id, "the chat's queue")
        assert {fmt_chat(m) for m in app.main.queue.visible_messages()} == {second.id}
