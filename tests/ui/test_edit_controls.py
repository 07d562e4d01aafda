"""Editing a message whose server text holds controls: the dialog shows them as symbols, and
saving changes only what the user changed. Untouched controls reach the server byte for byte;
a control whose symbol the user deleted or changed is dropped; an edit that can be read more
than one way is sent only after a yes that states the effect. End to end over HTTP against the
fake server's hostile data set."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from cliq_tui.fake import FakeConfig
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.dialogs import BatchDialog, BatchEditDialog, ConfirmDialog, EditDialog
from tests.support.app import cursor_on, open_edit_dialog, retype_text
from tests.support.clock import START_MS
from tests.support.pilot import SIZE, demo_server, plain, wait_for_queue, wait_until
from tests.support.servers import manual_config

C1_TEXT = "C1 \x9b31mcsi and \u202etxt.exe and bell\x07 and DEL\x7f"
C1_SHOWN = "C1 \\x9b31mcsi and \\u202etxt.exe and bell␇ and DEL␡"


@pytest.fixture
def ui_fake_config() -> FakeConfig:
    """The hostile data set; items carry their chat id, so editing is available at once."""
    return manual_config(seed="hostile", include_chat_id=True)


def stored_text(app: CliqApp, message_id: str) -> str:
    stored = demo_server(app).state.message(message_id)
    assert stored is not None
    return str(stored["message"]["content"]["text"])


def text_area(app: CliqApp) -> TextArea:
    return app.screen.query_one("#text", TextArea)


async def open_on(pilot: Pilot[Any], app: CliqApp, text: str) -> str:
    """Open the edit dialog on the message holding ``text``; its id."""
    await wait_for_queue(pilot)
    message = await cursor_on(app, lambda m: not m.is_file and m.text == text)
    await open_edit_dialog(pilot, app)
    return message.id


async def save_and_close(pilot: Pilot[Any], app: CliqApp) -> None:
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: app.screen is app.main, "the dialog to close")


async def test_the_dialog_says_how_many_controls_are_shown_as_symbols(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, app, C1_TEXT)
        assert text_area(app).text == C1_SHOWN
        note = plain(app.screen.query_one("#controls-note", Static))
        assert "4 control characters shown as symbols" in note
        assert "\\x9b, \\u202e, ␇, ␡" in note
        assert "kept as they are unless you edit" in note


Change = Callable[[Pilot[Any], CliqApp], Awaitable[None]]


async def stored_after(make_app: Callable[..., CliqApp], change: Change) -> str:
    """Open the dialog on the C1 message, make ``change``, save; the text the server stores."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        message_id = await open_on(pilot, app, C1_TEXT)
        await change(pilot, app)
        await save_and_close(pilot, app)
        return stored_text(app, message_id)


def deleting(*spans: tuple[int, int]) -> Change:
    """Delete each (start, end) column span of the first line, in turn."""

    async def change(pilot: Pilot[Any], app: CliqApp) -> None:
        area = text_area(app)
        for start, end in spans:
            area.delete((0, start), (0, end))
        await pilot.pause()

    return change


async def test_appending_keeps_every_control_byte_for_byte(
    make_app: Callable[..., CliqApp],
) -> None:
    async def append(pilot: Pilot[Any], app: CliqApp) -> None:
        area = text_area(app)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press("space", "Y")

    assert await stored_after(make_app, append) == C1_TEXT + " Y"


async def test_deleting_a_word_in_the_middle_keeps_the_controls_around_it(
    make_app: Callable[..., CliqApp],
) -> None:
    start = C1_SHOWN.index("csi and ")
    stored = await stored_after(make_app, deleting((start, start + len("csi and "))))
    assert stored == C1_TEXT.replace("csi and ", "")


async def test_deleting_a_symbol_drops_only_that_control(
    make_app: Callable[..., CliqApp],
) -> None:
    bell = C1_SHOWN.index("␇")
    csi = C1_SHOWN.index("\\x9b")
    stored = await stored_after(make_app, deleting((bell, bell + 1), (csi, csi + len("\\x9b"))))
    assert stored == ("C1 31mcsi and \u202etxt.exe and bell and DEL\x7f")


async def test_changing_a_symbol_sends_what_was_typed_instead_of_the_control(
    make_app: Callable[..., CliqApp],
) -> None:
    end = C1_SHOWN.index("\\u202e") + len("\\u202e")
    # "\u202e" becomes "\u202", as seen
    stored = await stored_after(make_app, deleting((end - 1, end)))
    assert stored == ("C1 \x9b31mcsi and \\u202txt.exe and bell\x07 and DEL\x7f")


async def test_retyping_everything_sends_exactly_the_new_text(
    make_app: Callable[..., CliqApp],
) -> None:
    async def retype(pilot: Pilot[Any], app: CliqApp) -> None:
        await retype_text(pilot, app, "all new")

    assert await stored_after(make_app, retype) == "all new"


async def test_an_edit_that_reads_two_ways_is_sent_only_after_a_yes_stating_the_effect(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        original = "a ␇\x07 b"  # a typed bell symbol next to a real bell: both show as ␇
        created = demo_server(app).state.create_message(
            "CT_hostile_c1", text=original, time_ms=START_MS + 7_200_000
        )
        await pilot.press("r")
        await wait_until(
            pilot, lambda: app.main.queue.message(created["id"]) is not None, "the new message"
        )
        await open_on(pilot, app, original)
        area = text_area(app)
        area.delete((0, 2), (0, 3))  # one of the two ␇: which one cannot be told
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        body = plain(app.screen.query_one("#confirm-body", Static))
        assert "more than one way" in body
        assert "kept as they are (0): none" in body
        assert "removed (1): ␇" in body
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, EditDialog), "back in the dialog")
        assert stored_text(app, created["id"]) == original  # nothing sent on a no
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is app.main, "the dialog to close")
        assert stored_text(app, created["id"]) == "a ␇ b"


async def test_a_batch_edit_of_the_schedule_leaves_texts_with_controls_byte_for_byte(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        targets = [
            m
            for m in app.main.queue.visible_messages()
            if m.text.startswith(("Title", "Screen")) and not m.is_file
        ]
        assert len(targets) == 2
        sources = {m.id: m.text for m in targets}
        assert all(any(c < " " or "\x7f" <= c <= "\x9f" for c in t) for t in sources.values())
        for message in targets:
            assert app.main.queue.move_to(message.id)
            await pilot.press("space")
        assert app.main.queue.selected == {m.id for m in targets}
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, BatchEditDialog), "the dialog")
        dialog = app.screen
        # The list shows each text's controls as symbols, never as themselves.
        for head in dialog.query(".batch-plan-head").results(Static):
            assert not any(c < " " or "\x7f" <= c <= "\x9f" for c in plain(head).rstrip("\n"))
        dialog.query_one("#batch-when", Input).value = "+5h"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BatchDialog), "the batch dialog")
        batch = app.screen
        await wait_until(pilot, lambda: batch.finished, "the batch")  # type: ignore[attr-defined]
        assert sorted(batch.result.ok) == sorted(sources), batch.result  # type: ignore[attr-defined]
        for message_id, source in sources.items():
            assert stored_text(app, message_id) == source  # the text was not part of the change
