"""Range selection (v) while the rows move under it: a re-sort (o, O) or a message another
device scheduled. The range stays anchored on the message where it started, never on a row
number that now holds another message; on the demo server over HTTP."""

from __future__ import annotations

from collections.abc import Callable

from cliq_tui.ui.app import CliqApp
from tests.support.app import refresh
from tests.support.clock import START_MS
from tests.support.pilot import SIZE, demo_server, wait_for_queue, wait_until


def cursor_id(app: CliqApp) -> str | None:
    current = app.main.queue.current
    return current.id if current is not None else None


async def test_a_re_sort_ends_the_range_and_keeps_what_it_selected(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        queue = app.main.queue
        ids = queue.visible_ids()
        await pilot.press("down", "v", "down", "down")
        await wait_until(pilot, lambda: queue.selected == set(ids[1:4]), "rows 2 to 4 selected")
        await pilot.press("O")  # latest first: the three rows are now at the bottom
        await wait_until(pilot, lambda: queue.visible_ids() != ids, "the re-sort")
        assert queue.current is not None and queue.current.id == ids[3]
        await pilot.press("up")
        await wait_until(pilot, lambda: cursor_id(app) != ids[3], "the cursor to move")
        # The rows the range selected, and no row the re-sort put at its old row numbers.
        assert queue.selected == set(ids[1:4])
        assert queue.range_anchor is None


async def test_a_message_scheduled_elsewhere_above_the_range_does_not_shift_it(
    make_app: Callable[..., CliqApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        queue = app.main.queue
        ids = queue.visible_ids()
        await pilot.press("down", "down", "v", "down")
        await wait_until(pilot, lambda: queue.selected == set(ids[2:4]), "rows 3 and 4 selected")
        # Another device schedules a message due before every other: every row moves down one.
        server = demo_server(app)
        chat_id = server.state.messages()[0]["chat_id"]
        created = server.state.create_message(chat_id, text="Due first", time_ms=START_MS + 60_000)
        await refresh(pilot)
        await wait_until(pilot, lambda: queue.visible_ids()[0] == created["id"], "the new row")
        await pilot.press("down")
        await wait_until(pilot, lambda: cursor_id(app) == ids[4], "the cursor to move")
        # From the message the range started on to the cursor: not the row above it.
        assert queue.selected == set(ids[2:5])
