"""The confirm dialog: explicit buttons, y/n keys, safe focus for dangerous actions."""

from __future__ import annotations

from textual.widgets import Button

from cliq_tui.ui.dialogs import ConfirmDialog
from tests.support.dialogs import DialogHost


def confirm_host(*, danger: bool = False) -> DialogHost:
    return DialogHost(
        lambda: ConfirmDialog(
            "Delete 3 messages?", "They cannot be restored.", "Delete", danger=danger
        )
    )


async def test_y_confirms() -> None:
    host = confirm_host()
    async with host.run_test() as pilot:
        await pilot.press("y")
    assert host.results == [True]


async def test_n_cancels() -> None:
    host = confirm_host()
    async with host.run_test() as pilot:
        await pilot.press("n")
    assert host.results == [False]


async def test_escape_cancels() -> None:
    host = confirm_host(danger=True)
    async with host.run_test() as pilot:
        await pilot.press("escape")
    assert host.results == [False]


async def test_danger_dialog_starts_on_cancel_so_enter_cancels() -> None:
    host = confirm_host(danger=True)
    async with host.run_test() as pilot:
        assert host.focused is not None and host.focused.id == "cancel"
        await pilot.press("enter")
    assert host.results == [False]


async def test_plain_dialog_starts_on_confirm() -> None:
    host = confirm_host()
    async with host.run_test() as pilot:
        await pilot.press("enter")
    assert host.results == [True]


async def test_confirm_button_carries_the_label() -> None:
    host = confirm_host(danger=True)
    async with host.run_test() as pilot:
        assert host.dialog is not None
        button = host.dialog.query_one("#confirm", Button)
        assert str(button.label) == "Delete"
        await pilot.click("#confirm")
    assert host.results == [True]
