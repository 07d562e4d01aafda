"""The queue table on its own: row-by-row updates keyed by message id, filters, scopes, ticks."""

from __future__ import annotations

from datetime import timedelta

from cliq_tui.api.models import Chat
from cliq_tui.sync.types import Delta
from cliq_tui.ui.widgets.queue_columns import COLUMNS, PADDING
from cliq_tui.ui.widgets.queue_table import UNRESOLVED_SCOPE, QueueTable
from tests.support.messages import NOW, message
from tests.support.widgets import QueueHost


def cell(table: QueueTable, message_id: str, column: str) -> str:
    """What the row of ``message_id`` shows in ``column`` (the table's own line, cut by column)."""
    index = table.model.index_of(message_id)
    assert index is not None, f"{message_id} is not shown"
    line = table.row_text(index)
    assert line is not None
    start = 0
    for key, _, width in COLUMNS:
        if key not in table.columns:  # dropped: the table is narrow
            continue
        if key == column:
            end = None if key == "preview" else start + PADDING + width
            return line[start + PADDING : end].rstrip()
        start += width + 2 * PADDING
    raise KeyError(column)


async def test_rows_sort_by_due_time_then_status_triggers_grouped() -> None:
    rows = [message(3), message(1), message(9, status="check_out"), message(8, status="check_in")]
    async with QueueHost(rows).run_test() as pilot:
        table = pilot.app.query_one(QueueTable)
        assert table.visible_ids() == ["m0001", "m0003", "m0008", "m0009"]


async def test_a_row_added_above_keeps_the_cursor_on_its_message() -> None:
    async with QueueHost([message(i) for i in range(1, 20)]).run_test() as pilot:
        table = pilot.app.query_one(QueueTable)
        table.move_to("m0010")
        table.apply_delta(Delta(added=(message(0, minutes=-5),)))
        await pilot.pause()
        assert table.current is not None and table.current.id == "m0010"
        assert table.visible_ids()[0] == "m0000"


async def test_removing_the_cursor_message_lands_on_the_next_one() -> None:
    async with QueueHost([message(i) for i in range(1, 10)]).run_test() as pilot:
        table = pilot.app.query_one(QueueTable)
        table.move_to("m0005")
        table.apply_delta(Delta(removed=("m0005",)))
        await pilot.pause()
        assert table.current is not None and table.current.id == "m0006"


async def test_a_delta_touches_only_its_rows() -> None:
    async with QueueHost([message(i) for i in range(1, 50)]).run_test() as pilot:
        table = pilot.app.query_one(QueueTable)
        change = table.model.apply_delta(Delta(changed=(message(7, text="now different"),)))
        table.show_change(change)
        await pilot.pause()
        assert change.changed == {"m0007"} and change.first_moved is None
        assert not change.inserted and not change.removed
        assert "now different" in cell(table, "m0007", "preview")
        assert table.row_count == 49


async def test_the_same_delta_twice_changes_nothing_more() -> None:
    async with QueueHost([message(i) for i in range(1, 10)]).run_test() as pilot:
        table = pilot.app.query_one(QueueTable)
        delta = Delta(added=(message(20),), changed=(message(2, text="x"),), removed=("m0003",))
        table.apply_delta(delta)
        once = table.visible_ids()
        table.apply_delta(delta)
        assert table.visible_ids() == once
        assert len(once) == 9


async def test_a_change_that_moves_a_message_reorders_its_row() -> None:
    async with QueueHost([message(i) for i in range(1, 10)]).run_test() as pilot:
        table = pilot.app.query_one(QueueTable)
        table.apply_delta(Delta(changed=(message(1, minutes=100),)))
        assert table.visible_ids()[-1] == "m0001"


async def test_filter_matches_text_chat_and_trigger_in_any_case() -> None:
    chats = {"c1": Chat(chat_id="c1", name="Marketing"), "c2": Chat(chat_id="c2", name="Ops")}
    rows = [
        message(1, text="Launch plan", chat_id="c1"),
        message(2, text="Standup", chat_id="c2"),
        message(3, text="Lunch", chat_id="c2", status="check_in"),
    ]
    async with QueueHost(rows, chats).run_test() as pilot:
        table = pilot.app.query_one(QueueTable)
        table.set_filter("LAUNCH")
        assert table.visible_ids() == ["m0001"]
        table.set_filter("ops")
        assert table.visible_ids() == ["m0002", "m0003"]
        table.set_filter("check-in")
        assert table.visible_ids() == ["m0003"]
        table.set_filter("")
        assert len(table.visible_ids()) == 3


async def test_filtering_keeps_the_rows_that_still_match() -> None:
    rows = [message(i, text=f"{'alpha' if i % 2 else 'beta'} {i}") for i in range(1, 40)]
    async with QueueHost(rows).run_test() as pilot:
        table = pilot.app.query_one(QueueTable)
        table.set_filter("alp")
        change = table.model.set_filter("alpha")
        table.show_change(change)
        assert "m0001" in table.visible_ids()
        assert not change.removed and not change.inserted
        assert all(m.text.startswith("alpha") for m in table.visible_messages())


async def test_scope_shows_one_chat_or_the_unmapped_messages() -> None:
    rows = [message(1, chat_id="c1"), message(2, chat_id="c2"), message(3, chat_id=None)]
    async with QueueHost(rows).run_test() as pilot:
        table = pilot.app.query_one(QueueTable)
        table.set_scope("c2")
        assert table.visible_ids() == ["m0002"]
        table.set_scope(UNRESOLVED_SCOPE)
        assert table.visible_ids() == ["m0003"]
        table.set_scope(None)
        assert len(table.visible_ids()) == 3


async def test_relative_time_follows_the_clock_without_new_data() -> None:
    host = QueueHost([message(1, minutes=130)])
    async with host.run_test(size=(160, 24)) as pilot:  # wide enough for the Due column
        table = pilot.app.query_one(QueueTable)
        assert cell(table, "m0001", "relative") == "in 2h 10m"
        host.clock.set(NOW + timedelta(minutes=70))
        table.tick()
        assert cell(table, "m0001", "relative") == "in 1h"


async def test_a_chat_name_arriving_relabels_its_rows() -> None:
    chats: dict[str, Chat] = {}
    async with QueueHost([message(1, chat_id="c9")], chats).run_test() as pilot:
        table = pilot.app.query_one(QueueTable)
        assert "c9" in cell(table, "m0001", "chat")
        chats["c9"] = Chat(chat_id="c9", name="Design")
        table.apply_delta(Delta(chats=(chats["c9"],)))
        assert cell(table, "m0001", "chat") == "Design"
        table.set_filter("design")
        assert table.visible_ids() == ["m0001"]


async def test_selection_marks_rows_and_drops_messages_that_leave() -> None:
    async with QueueHost([message(i) for i in range(1, 6)]).run_test() as pilot:
        table = pilot.app.query_one(QueueTable)
        table.move_to("m0002")
        table.toggle_selected()
        assert cell(table, "m0002", "sel") == "✓"
        table.apply_delta(Delta(removed=("m0002",)))
        assert table.selected == set()


async def test_select_all_selects_the_visible_rows_then_clears_them() -> None:
    rows = [message(1, text="keep"), message(2, text="keep"), message(3, text="other")]
    async with QueueHost(rows).run_test() as pilot:
        table = pilot.app.query_one(QueueTable)
        table.set_filter("keep")
        table.select_all_visible()
        assert table.selected == {"m0001", "m0002"}
        table.select_all_visible()
        assert table.selected == set()


async def test_user_text_is_never_read_as_markup() -> None:
    chats = {"c1": Chat(chat_id="c1", name="[i]team[/i]")}
    async with QueueHost([message(1, text="[b]x[/b]")], chats).run_test(size=(160, 8)) as pilot:
        table = pilot.app.query_one(QueueTable)
        assert cell(table, "m0001", "preview") == "[b]x[/b]"
        assert cell(table, "m0001", "chat") == "[i]team[/i]"
        assert "[i]team[/i]" in table.render_line(1).text


async def test_a_rebuild_replaces_every_row_and_keeps_working() -> None:
    async with QueueHost([message(i) for i in range(1, 6)]).run_test() as pilot:
        table = pilot.app.query_one(QueueTable)
        table.rebuild([message(i) for i in range(3, 9)])
        table.rebuild([message(i) for i in range(3, 9)])
        await pilot.pause()
        table.apply_delta(Delta(removed=("m0004",), added=(message(1),)))
        await pilot.pause()
        assert table.visible_ids() == ["m0001", "m0003", "m0005", "m0006", "m0007", "m0008"]
        assert table.row_count == 6
