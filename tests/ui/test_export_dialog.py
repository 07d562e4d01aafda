"""The export dialog from the keyboard: centred, Enter exports from any field, the path is never
wiped by a stray key, and a folder given as the path is said in words."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, RadioSet, Static

from cliq_tui.ui.app import CliqApp
from tests.support.app import open_export
from tests.support.pilot import SIZE, plain, settle, wait_for_queue, wait_until


async def test_the_export_dialog_is_centred_on_the_screen(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        dialog = await open_export(pilot, app)
        box = dialog.query_one("#dialog").region
        left, right = box.x, SIZE[0] - box.right
        top, bottom = box.y, SIZE[1] - box.bottom
        assert left > 0 and abs(left - right) <= 1, box
        assert top > 0 and abs(top - bottom) <= 1, box


async def test_a_key_typed_on_opening_adds_to_the_path_instead_of_replacing_it(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        dialog = await open_export(pilot, app)
        path_input = dialog.query_one("#export-path", Input)
        proposed = path_input.value
        assert proposed.endswith(".csv")
        await pilot.press("space")
        await settle(pilot)
        assert path_input.value == proposed + " "


async def test_enter_on_the_format_chooses_it_and_exports(
    make_app: Callable[..., CliqApp], tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        dialog = await open_export(pilot, app)
        dialog.query_one("#export-path", Input).value = str(tmp_path / "queue.csv")
        dialog.query_one("#export-format", RadioSet).focus()
        await settle(pilot)
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: app.screen is app.main, "the dialog to close")
        assert not (tmp_path / "queue.csv").exists()
        items = json.loads((tmp_path / "queue.json").read_text(encoding="utf-8"))
        assert {item["id"] for item in items} == {m.id for m in app.main.queue.visible_messages()}


async def test_enter_on_the_format_already_chosen_exports_it(
    make_app: Callable[..., CliqApp], tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        dialog = await open_export(pilot, app)
        dialog.query_one("#export-path", Input).value = str(tmp_path / "queue.csv")
        dialog.query_one("#export-format", RadioSet).focus()
        await settle(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is app.main, "the dialog to close")
        assert (tmp_path / "queue.csv").read_text(encoding="utf-8").startswith("When,")


async def test_a_folder_as_the_path_is_said_in_words_and_keeps_the_dialog(
    make_app: Callable[..., CliqApp], tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        dialog = await open_export(pilot, app)
        dialog.query_one("#export-path", Input).value = str(tmp_path)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        error = " ".join(plain(dialog.query_one("#export-error", Static)).split())
        assert error == f"{tmp_path} is a folder: give a file name in it."
        assert "Error" not in error
