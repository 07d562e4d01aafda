"""The dashboard fits the terminal: narrow widths hide the chat pane and drop queue columns,
the message text comes first, and the layout keys (b, ctrl+w, +, ctrl+l) change it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Footer

from cliq_tui.ui.app import CliqApp
from cliq_tui.ui.screens.main_layout import layout_classes
from cliq_tui.ui.widgets.chat_list import ChatList, name_width
from cliq_tui.ui.widgets.message_view import MessageView
from cliq_tui.ui.widgets.queue_columns import ALL_KEYS, choose_columns, fixed_width
from tests.support.pilot import settle, status_text, wait_for_queue, wait_until


@asynccontextmanager
async def dashboard(
    make_app: Callable[..., CliqApp], size: tuple[int, int]
) -> AsyncIterator[tuple[CliqApp, Pilot[Any]]]:
    """The demo dashboard at ``size``, its queue on screen."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_for_queue(pilot)
        yield app, pilot


def test_columns_drop_type_trigger_zone_due_in_that_order() -> None:
    assert choose_columns(500) == ALL_KEYS
    seen = [choose_columns(width) for width in range(200, 20, -1)]
    dropped_order: list[str] = []
    for keys in seen:
        for key in ALL_KEYS:
            if key not in keys and key not in dropped_order:
                dropped_order.append(key)
    assert dropped_order == ["type", "trigger", "tz", "relative"]
    # The mark, "When", the chat and the preview are never dropped.
    assert choose_columns(10) == ("sel", "when", "chat", "preview")
    # A column goes only when the preview would be narrower than readable with it.
    narrowest_with_all = fixed_width() + 1 + 24
    assert choose_columns(narrowest_with_all) == ALL_KEYS
    assert "type" not in choose_columns(narrowest_with_all - 1)


async def test_80_columns_show_the_preview_the_text_and_the_selection(
    make_app: Callable[..., CliqApp],
) -> None:
    async with dashboard(make_app, (80, 24)) as (app, pilot):
        main = app.main
        assert main.has_class("-narrow")
        assert not main.query_one(ChatList).display
        assert main.queue.columns == ("sel", "when", "chat", "preview")
        first = main.queue.visible_messages()[0]
        assert (first.preview or "")[:20] in (main.queue.row_text(0) or "")
        # The message pane's first line is the message's text, above the facts.
        view = main.query_one(MessageView)
        body = view.query_one("#message-body")
        assert str(body.render_line(0).text).strip().startswith((first.preview or "")[:20])
        await pilot.press("space")
        await wait_until(pilot, lambda: "1 selected" in status_text(app), "the selection")
        # Everything the bar says fits: the selection comes before the rest.
        assert status_text(app).index("1 selected") < 60
        assert "list all" not in status_text(app)  # a budget only when low (i lists them)
        footer = main.query_one(Footer)
        assert footer.compact
        shown = {b.binding.id for b in main.active_bindings.values() if b.binding.show}
        assert "reschedule" not in shown and "edit" in shown


async def test_wide_screen_shows_every_column_and_the_full_chat_pane(
    make_app: Callable[..., CliqApp],
) -> None:
    async with dashboard(make_app, (160, 48)) as (app, pilot):
        main = app.main
        assert not main.has_class("-narrow") and not main.has_class("-medium")
        chats = main.query_one(ChatList)
        assert chats.display and chats.outer_size.width == 35
        assert main.queue.columns == ALL_KEYS
        # The chat's kind beside its name.
        await wait_until(pilot, lambda: len(chats.options) > 5, "the chats")
        assert any(line.kind.strip() == "channel" for line in chats.options)
        await wait_until(pilot, lambda: "scheduled" in status_text(app), "the cap count")
        assert "list all" not in status_text(app)  # budgets that are not low: in the view (i)


def test_the_chat_pane_is_narrower_from_100_to_139_columns() -> None:
    assert layout_classes(narrow=True, chats_shown=False, width=99) == {
        "-narrow",
        "-medium",
        "-hide-chats",
    }
    assert layout_classes(narrow=False, chats_shown=True, width=100) == {"-medium"}
    assert layout_classes(narrow=False, chats_shown=True, width=139) == {"-medium"}
    assert layout_classes(narrow=False, chats_shown=True, width=140) == set()
    # The name takes the room before the kind does: below 14 cells of name the kind goes.
    assert name_width(31) == (17, True)
    assert name_width(22) == (16, False)
    assert name_width(0) == (17, True)


async def test_at_120_columns_the_chat_pane_gives_the_queue_room(
    make_app: Callable[..., CliqApp],
) -> None:
    async with dashboard(make_app, (120, 40)) as (app, pilot):
        main = app.main
        chats = main.query_one(ChatList)
        assert main.has_class("-medium") and chats.display
        await wait_until(pilot, lambda: chats.outer_size.width == 26, "the narrower pane")
        await wait_until(pilot, lambda: len(chats.options) > 5, "the chats")
        texts = [line.text for line in chats.options]
        # Long names cut with "…", the kind left out, every line within the pane.
        assert any("…" in text for text in texts), texts
        assert all(not line.kind for line in chats.options)
        assert all(cell_len(text) <= 22 for text in texts), texts
        assert main.queue.size.width >= 120 - 26 - 2


async def test_b_hides_and_shows_the_chat_pane_and_ctrl_w_toggles_the_width(
    make_app: Callable[..., CliqApp],
) -> None:
    async with dashboard(make_app, (120, 40)) as (app, pilot):
        main = app.main
        chats = main.query_one(ChatList)
        wide_columns = main.queue.columns
        assert chats.display and "relative" in wide_columns
        await pilot.press("b")
        await wait_until(pilot, lambda: not chats.display, "the chat pane hidden")
        # The queue takes the room: more columns come back.
        await wait_until(pilot, lambda: len(main.queue.columns) > len(wide_columns), "columns")
        await pilot.press("tab", "tab", "tab")
        assert main.focused is not chats  # a hidden pane is not in the tab cycle
        await pilot.press("b")
        await wait_until(pilot, lambda: chats.display, "the chat pane shown")
        await pilot.press("ctrl+w")
        await wait_until(pilot, lambda: main.has_class("-narrow"), "the narrow layout")
        assert not chats.display
        await pilot.press("ctrl+w")
        await wait_until(pilot, lambda: not main.has_class("-narrow"), "the wide layout")
        assert chats.display


async def test_plus_zooms_the_focused_pane_and_again_restores(
    make_app: Callable[..., CliqApp],
) -> None:
    async with dashboard(make_app, (80, 24)) as (app, pilot):
        main = app.main
        await pilot.press("plus")
        await wait_until(pilot, lambda: main.maximized is main.queue, "the queue zoomed")
        await settle(pilot)
        assert main.queue.size.height > 20
        await pilot.press("plus")
        await wait_until(pilot, lambda: main.maximized is None, "the zoom undone")
        await pilot.press("tab", "plus")
        view = main.query_one(MessageView)
        await wait_until(pilot, lambda: main.maximized is view, "the message zoomed")


async def test_ctrl_l_redraws_and_does_not_open_the_log(make_app: Callable[..., CliqApp]) -> None:
    async with dashboard(make_app, (80, 24)) as (app, pilot):
        repainted: list[bool] = []
        original = app.screen.refresh

        def spy(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
            repainted.append(bool(kwargs.get("repaint")) and bool(kwargs.get("layout")))
            return original(*args, **kwargs)  # type: ignore[arg-type]

        app.screen.refresh = spy  # type: ignore[method-assign]
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: any(repainted), "a full redraw")
        assert app.screen is app.main


async def test_queue_keys_g_G_half_pages_and_enter(make_app: Callable[..., CliqApp]) -> None:
    async with dashboard(make_app, (80, 24)) as (app, pilot):
        main = app.main
        queue = main.queue
        last = queue.row_count - 1
        await pilot.press("G")
        await wait_until(pilot, lambda: queue.cursor_row == last, "the last row")
        await pilot.press("g")
        await wait_until(pilot, lambda: queue.cursor_row == 0, "the first row")
        half = max(queue.page_rows() // 2, 1)
        await pilot.press("ctrl+d")
        await wait_until(pilot, lambda: queue.cursor_row == half, "half a page down")
        await pilot.press("ctrl+u")
        await wait_until(pilot, lambda: queue.cursor_row == 0, "half a page up")
        await pilot.press("end")
        await wait_until(pilot, lambda: queue.cursor_row == last, "end")
        await pilot.press("home")
        await wait_until(pilot, lambda: queue.cursor_row == 0, "home")
        await pilot.press("enter")
        view = main.query_one(MessageView)
        await wait_until(pilot, lambda: main.focused is view, "the message pane focused")


async def test_v_then_moving_selects_the_range_and_v_or_esc_ends_it(
    make_app: Callable[..., CliqApp],
) -> None:
    async with dashboard(make_app, (80, 24)) as (app, pilot):
        queue = app.main.queue
        ids = queue.visible_ids()
        await pilot.press("down", "v", "down", "down")
        await wait_until(pilot, lambda: queue.selected == set(ids[1:4]), "rows 2 to 4 selected")
        await pilot.press("up", "up", "up")  # back past the start: the range turns round
        await wait_until(pilot, lambda: queue.selected == set(ids[0:2]), "rows 1 and 2 selected")
        await pilot.press("v", "G")  # ended: moving selects nothing more
        await wait_until(pilot, lambda: queue.cursor_row == len(ids) - 1, "the last row")
        assert queue.selected == set(ids[0:2])
        await wait_until(pilot, lambda: "2 selected" in status_text(app), "the count")
        await pilot.press("g", "v", "down", "escape", "down")
        await wait_until(pilot, lambda: queue.cursor_row == 2, "the third row")
        assert queue.selected == set(ids[0:2]) and queue.range_anchor is None


def has_width(app: CliqApp, width: int) -> bool:
    return app.main.size.width == width


async def test_the_footer_shows_whole_keys_at_every_width_from_80_to_160(
    make_app: Callable[..., CliqApp],
) -> None:
    """From 100 to about 118 columns the full footer ran past the command palette's key: "p Paus",
    then q Quit and ? Help were cut away. At every width each key shown is whole, and q and ?
    are always among them."""
    async with dashboard(make_app, (80, 24)) as (app, pilot):
        for width in (80, 99, 100, 105, 110, 115, 118, 119, 120, 139, 140, 160):
            await pilot.resize_terminal(width, 30)
            await wait_until(pilot, partial(has_width, app, width), f"{width} columns")
            await settle(pilot)
            footer = app.main.query_one(Footer)
            keys: list[Any] = [k for k in footer.query("FooterKey") if k.display]
            palette = [k for k in keys if k.action == "command_palette"]
            limit = palette[0].region.x if palette else footer.region.right
            cut = [k.key_display for k in keys if k not in palette and k.region.right > limit]
            assert cut == [], (width, cut)
            shown = {k.action for k in keys}
            assert {"app.quit", "app.help"} <= shown or {"quit", "help"} <= shown, (width, shown)
