"""The export dialog from the keyboard: centred, Enter exports from any field, the path is never
wiped by a stray key, and a folder given as the path is said in words."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, RadioSet, Static

from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.dialogs import ConfirmDialog
from cliq_tui.ui.dialogs.export import ExportDialog
from tests.support.app import open_export
from tests.support.pilot import (
    SIZE,
    demo_server,
    plain,
    settle,
    toasts,
    wait_for_queue,
    wait_until,
)

pytestmark = pytest.mark.usefixtures("items_carry_chat_ids")


async def on_the_format_list(pilot, app: CliqApp, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Open the export dialog with ``path`` typed and the focus on the format list."""
    dialog = await open_export(pilot, app, path)
    dialog.query_one("#export-format", RadioSet).focus()
    await settle(pilot)


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
        await on_the_format_list(pilot, app, tmp_path / "queue.csv")
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
        await on_the_format_list(pilot, app, tmp_path / "queue.csv")
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


# --- export ---------------------------------------------------------------------------------


async def test_x_exports_the_filtered_queue_as_csv_with_id_chat_and_full_text(
    make_app: Callable[..., CliqApp], tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        app.main.query_one("#filter", Input).value = "file"
        await settle(pilot)
        shown = app.main.queue.visible_messages()
        assert 0 < len(shown) < len(demo_server(app).state.messages())
        target = tmp_path / "queue.csv"
        await open_export(pilot, app, target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is app.main, "the dialog to close")
        rows = list(csv.DictReader(target.open(encoding="utf-8")))
        assert [r["id"] for r in rows] == [m.id for m in shown]
        assert [r["text"] for r in rows] == [m.text for m in shown]
        assert all(r["chat_id"] for r in rows)
        assert any(str(target) in message for _, message in toasts(app))


async def test_json_export_holds_the_api_items_with_their_chat_id(
    make_app: Callable[..., CliqApp], tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        target = tmp_path / "queue.csv"
        dialog = await open_export(pilot, app, target)
        await pilot.press("tab")  # to the format choice
        dialog.query_one("#export-format").query("RadioButton").last().value = True  # type: ignore[attr-defined]
        await settle(pilot)
        assert dialog.query_one("#export-path", Input).value == str(tmp_path / "queue.json")
        await dialog.run_action("export")
        await wait_until(pilot, lambda: app.screen is app.main, "the dialog to close")
        items = json.loads((tmp_path / "queue.json").read_text(encoding="utf-8"))
        assert {i["id"] for i in items} == {m["id"] for m in demo_server(app).state.messages()}
        assert all(i["chat_id"] for i in items)


async def test_export_asks_before_overwriting_and_keeps_the_file_when_declined(
    make_app: Callable[..., CliqApp], tmp_path: Path
) -> None:
    app = make_app()
    target = tmp_path / "queue.csv"
    target.write_text("keep me", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await open_export(pilot, app, target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert target.read_text(encoding="utf-8") == "keep me"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is app.main, "the dialog to close")
        assert target.read_text(encoding="utf-8").startswith("When,")


async def test_export_to_an_unwritable_place_says_why_and_keeps_the_dialog(
    make_app: Callable[..., CliqApp], tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        dialog = await open_export(pilot, app, tmp_path / "missing" / "queue.csv")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert "Cannot write" in plain(dialog.query_one("#export-error", Static))
