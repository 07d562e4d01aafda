"""Every dialog fits the small and middle terminal sizes: the dialog, its title and every button
lie inside the screen, and on a short screen the dialog goes compact (one-line buttons)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from cliq_tui.api.errors import NotFoundError
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.dialogs import (
    BatchDialog,
    BatchEditDialog,
    ConfirmDialog,
    CreateDialog,
    EditDialog,
    RescheduleDialog,
)
from cliq_tui.ui.dialogs.export import ExportDialog
from tests.support.app import confirm
from tests.support.dialogs import NOW, DialogHost, Recorder, fixed_now, make_chat, make_message
from tests.support.pilot import wait_for_queue, wait_until

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


async def no_op(message: Any) -> None:
    """A batch action that succeeds."""


def batch_of_twenty() -> BatchDialog:
    """More results than a short screen has rows: the list scrolls, the button stays."""
    messages = [make_message(str(n)) for n in range(20)]
    return BatchDialog("Send 20 messages now", messages, no_op, done_label="sent")


def batch_edit_of_twenty() -> BatchEditDialog:
    """More messages than a short screen has rows: the list scrolls, the buttons stay."""
    messages = [make_message(str(n)) for n in range(20)]
    names = {m.id: "#marketing" for m in messages}
    return BatchEditDialog(messages, names, now=fixed_now)


DIALOGS: dict[str, Callable[[Path], Screen[Any]]] = {
    "confirm": lambda _: ConfirmDialog(
        "Delete 3 messages?", "Gone for good.", "Delete", danger=True
    ),
    "batch": lambda _: batch_of_twenty(),
    "batch edit": lambda _: batch_edit_of_twenty(),
    "reschedule": lambda _: RescheduleDialog(
        make_chat(), [make_message("1"), make_message("2")], Recorder(), now=fixed_now
    ),
    "export": lambda folder: ExportDialog(3, lambda kind: "", now=NOW, folder=folder),
    "edit": lambda _: EditDialog(make_message(), make_chat(), Recorder(), now=fixed_now),
    "create": lambda _: CreateDialog(make_chat(), Recorder(), now=fixed_now),
}


def inside(inner: Region, outer: Region) -> bool:
    """True when ``inner`` is non-empty and lies wholly within ``outer``."""
    return bool(inner.area) and outer.contains_region(inner)


@SIZES
@pytest.mark.parametrize("name", list(DIALOGS))
async def test_the_dialog_its_title_and_buttons_are_on_screen(
    name: str, size: tuple[int, int], tmp_path: Path
) -> None:
    host = DialogHost(lambda: DIALOGS[name](tmp_path))
    async with host.run_test(size=size) as pilot:
        await pilot.pause()
        dialog = host.dialog
        assert dialog is not None
        screen = Region(0, 0, *size)
        frame = dialog.query_one("#dialog").region
        assert inside(frame, screen), f"{name} dialog {frame} is not inside {screen}"
        title = dialog.query_one(".dialog-title").region
        assert inside(title, frame), f"{name} title {title} is cut"
        buttons = list(dialog.query(".dialog-buttons Button").results(Button))
        assert buttons
        for button in buttons:
            assert inside(button.region, frame), f"{name} button {button.id} is out of view"
        if size[1] < 32:  # on a short screen the key hint keeps to one line
            for hint in dialog.query(".dialog-hint"):
                assert hint.region.height == 1, f"{name} hint wraps: {hint.region}"


@pytest.mark.parametrize(("rows", "short"), [(24, True), (31, True), (32, False), (48, False)])
async def test_a_short_screen_gets_one_line_buttons(rows: int, short: bool) -> None:
    host = DialogHost(lambda: ConfirmDialog("Send now?", "It goes out at once.", "Send"))
    async with host.run_test(size=(100, rows)) as pilot:
        await pilot.pause()
        assert host.dialog is not None
        assert host.dialog.has_class("-short") is short
        height = host.dialog.query_one("#confirm", Button).region.height
        assert height == (1 if short else 3)


async def test_a_failed_save_gives_the_focus_back_where_it_was_without_scrolling() -> None:
    refused = Recorder(NotFoundError("That scheduled message no longer exists.", status_code=404))
    host = DialogHost(lambda: EditDialog(make_message(), make_chat(), refused, now=fixed_now))
    async with host.run_test(size=(80, 24)) as pilot:
        dialog = host.dialog
        assert isinstance(dialog, EditDialog)
        dialog.query_one("#when", Input).value = "+2h"
        zone = dialog.query_one("#zone", Input)
        zone.focus()  # far down the form: it scrolls there
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        body = dialog.query_one("#form-body")
        scrolled = body.scroll_y
        assert scrolled > 0
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: refused.requests and not dialog.saving, "the refusal")
        for _ in range(3):
            await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        assert dialog.focused is zone
        assert body.scroll_y == scrolled


@pytest.mark.usefixtures("items_carry_chat_ids")
async def test_the_delete_question_gives_each_message_one_line_at_80x24(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_queue(pilot)
        dialog = await confirm(pilot, app, "d")  # the first message's text is 67 characters
        await pilot.pause()
        body = dialog.query_one("#confirm-body", Static)
        lines = str(body.content).splitlines()
        assert len(lines[0]) > 40 and lines[0].endswith("…")
        assert body.content_region.height == len(lines)  # nothing wrapped
