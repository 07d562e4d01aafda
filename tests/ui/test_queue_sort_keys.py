"""Sorting the queue from the keyboard: ``o`` cycles the column, ``O`` reverses it, the sorted
column's title carries ▲ or ▼, the status bar says the order, and a narrow queue keeps the
sorted column."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from cliq_tui.core import format as fmt
from cliq_tui.dashboard.queue_sort import QueueSort
from cliq_tui.storage.config import Settings
from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.widgets.queue_columns import ALL_KEYS, choose_columns, header_line
from cliq_tui.ui.widgets.queue_table import QueueTable
from tests.support.pilot import settle, status_text, wait_for_queue, wait_until


def header(table: QueueTable) -> str:
    return str(table.render_line(0).text)


def chat_names(app: CliqApp) -> list[str]:
    return [app.main.model.chat_label(m).casefold() for m in app.main.queue.visible_messages()]


async def open_demo(pilot: Pilot[Any]) -> CliqApp:
    app = pilot.app
    assert isinstance(app, CliqApp)
    await wait_for_queue(pilot)
    # Every chat named, so the chat order is the names' order.
    await wait_until(
        pilot,
        lambda: all(
            app.main.chat(fmt.message_chat_id(m) or "") is not None
            for m in app.main.queue.visible_messages()
        ),
        "every chat known",
    )
    return app


async def test_o_cycles_the_sort_and_O_reverses_it(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await open_demo(pilot)
        table = app.main.queue
        assert "When ▲" in header(table)
        due_order = table.visible_ids()
        await pilot.press("down", "down")
        cursor_id = table.current.id  # type: ignore[union-attr]
        await pilot.press("o")
        await wait_until(pilot, lambda: "Sorted by chat ▲" in status_text(app), "the result")
        assert "Chat ▲" in header(table) and "When ▲" not in header(table)
        names = chat_names(app)
        assert names == sorted(names) and table.visible_ids() != due_order
        # The cursor stayed on its message, wherever that row went.
        assert table.current is not None and table.current.id == cursor_id
        assert table.visible_ids()[table.cursor_row] == cursor_id
        await pilot.press("O")
        await wait_until(pilot, lambda: "Sorted by chat ▼" in status_text(app), "reversed")
        assert "Chat ▼" in header(table)
        names = chat_names(app)
        assert names == sorted(names, reverse=True)
        await pilot.press("o")
        await wait_until(pilot, lambda: "Sorted by zone ▲" in status_text(app), "zone")
        assert "Zone ▲" in header(table)
        await pilot.press("o")
        await wait_until(pilot, lambda: "Sorted by trigger ▲" in status_text(app), "trigger")
        assert "Trigger ▲" in header(table)
        await pilot.press("o")
        await wait_until(pilot, lambda: "Sorted by due time ▲" in status_text(app), "due")
        assert "When ▲" in header(table) and table.visible_ids() == due_order


async def test_sorting_keeps_the_selection_and_the_filter(make_app: Callable[..., CliqApp]) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await open_demo(pilot)
        table = app.main.queue
        await pilot.press("space", "space")
        selected = table.selected
        assert len(selected) == 2
        await pilot.press("O")
        await settle(pilot)
        assert table.selected == selected
        assert "2 selected" in status_text(app)
        sort = table.model.sort
        # In the filter field, o and O are letters to search for.
        await pilot.press("slash", "o", "O")
        await wait_until(pilot, lambda: table.filter_text == "oo", "the filter typed")
        assert table.model.sort == sort and table.selected == selected


async def test_a_narrow_queue_keeps_the_column_it_is_sorted_by(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(pilot)
        table = app.main.queue
        assert "tz" not in table.columns and "trigger" not in table.columns
        await pilot.press("o", "o")
        await wait_until(pilot, lambda: "tz" in table.columns, "the zone column back")
        assert "Zone ▲" in header(table)
        # The preview gives up cells for it: no line wider than the table, no sideways scroll.
        assert table.virtual_size.width <= table.scrollable_content_region.width
        await pilot.press("o")
        await wait_until(pilot, lambda: "trigger" in table.columns, "the trigger column back")
        assert "tz" not in table.columns and "Trigger ▲" in header(table)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert table.current is not None and table.visible_rows()[0] <= table.cursor_row
        assert table.cursor_row < table.visible_rows()[1]
        await pilot.press("o")
        await wait_until(pilot, lambda: "trigger" not in table.columns, "the narrow columns")
        assert table.columns == choose_columns(10)


async def test_o_and_O_can_be_remapped(make_app: Callable[..., CliqApp]) -> None:
    settings = Settings.model_validate({"ui": {"keymap": {"sort": "f3", "sort_reverse": "f4"}}})
    app = make_app(settings=settings)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_demo(pilot)
        table = app.main.queue
        await pilot.press("o")  # no longer the sort key
        await settle(pilot)
        assert "When ▲" in header(table)
        await pilot.press("f3")
        await wait_until(pilot, lambda: "Chat ▲" in header(table), "sorted by chat")
        await pilot.press("f4")
        await wait_until(pilot, lambda: "Chat ▼" in header(table), "reversed")


def test_the_kept_column_survives_every_width_and_carries_the_mark() -> None:
    for keep in ("tz", "trigger", "relative"):
        assert all(keep in choose_columns(width, keep) for width in range(200, 20, -1))
    assert "Zone ▼" in header_line(30, ALL_KEYS, QueueSort("zone", descending=True))
    assert "▲" not in header_line(30, ALL_KEYS) and "▼" not in header_line(30, ALL_KEYS)
