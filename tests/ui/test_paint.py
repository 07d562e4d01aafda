"""What the panes paint: renderings kept between changes still show each line's own state."""

from __future__ import annotations

from datetime import timedelta

from textual.app import App, ComposeResult
from textual.strip import Strip

from cliq_tui.api.models import Chat
from cliq_tui.sync.types import Delta
from cliq_tui.ui.widgets.chat_list import ChatList
from cliq_tui.ui.widgets.queue_table import QueueTable
from tests.support.messages import NOW, message
from tests.support.widgets import QueueHost

SIZE = (160, 12)


def painted(table: QueueTable, row: int) -> Strip:
    """The strip the table paints for a body row (line 0 is the header)."""
    return table.render_line(row + 1)


def text_of(table: QueueTable, row: int) -> str:
    return painted(table, row).text


async def test_a_selected_row_paints_its_mark_and_an_unselected_twin_does_not() -> None:
    rows = [message(1, text="same", minutes=5), message(2, text="same", minutes=5)]
    async with QueueHost(rows).run_test(size=SIZE) as pilot:
        table = pilot.app.query_one(QueueTable)
        assert not text_of(table, 0).lstrip().startswith("✓")
        table.move_to("m0001")
        table.toggle_selected()
        assert text_of(table, 0).lstrip().startswith("✓")
        assert not text_of(table, 1).lstrip().startswith("✓")


async def test_the_painted_relative_time_follows_the_clock() -> None:
    host = QueueHost([message(1, minutes=130)])
    async with host.run_test(size=SIZE) as pilot:
        table = pilot.app.query_one(QueueTable)
        assert "in 2h 10m" in text_of(table, 0)
        host.clock.set(NOW + timedelta(minutes=70))
        table.tick()
        assert "in 1h " in text_of(table, 0)


async def test_a_row_pushed_down_by_a_new_one_paints_its_new_position_for_clicks() -> None:
    async with QueueHost([message(i) for i in range(2, 5)]).run_test(size=SIZE) as pilot:
        table = pilot.app.query_one(QueueTable)
        painted(table, 0)
        table.apply_delta(Delta(added=(message(1),)))
        await pilot.pause()
        assert "message number 2" in text_of(table, 1)
        # A click on the line that shows it (line 0 is the header) lands on that message.
        assert await pilot.click(QueueTable, offset=(40, 2))
        assert table.current is not None and table.current.id == "m0002"
        assert await pilot.click(QueueTable, offset=(40, 0))
        assert table.current.id == "m0002", "a click on the header moves nothing"


async def test_an_edited_message_paints_its_new_text() -> None:
    async with QueueHost([message(1, text="before")]).run_test(size=SIZE) as pilot:
        table = pilot.app.query_one(QueueTable)
        assert "before" in text_of(table, 0)
        table.apply_delta(Delta(changed=(message(1, text="after"),)))
        await pilot.pause()
        assert "after" in text_of(table, 0)


class ChatsHost(App[None]):
    def compose(self) -> ComposeResult:
        yield ChatList(id="chats")


async def test_a_changed_count_repaints_its_chat_and_leaves_the_others_as_they_were() -> None:
    chats = {"c1": Chat(chat_id="c1", name="Alpha"), "c2": Chat(chat_id="c2", name="Beta")}
    async with ChatsHost().run_test(size=(60, 8)) as pilot:
        chat_list = pilot.app.query_one(ChatList)
        chat_list.show({"c1": 3, "c2": 5}, chats)
        await pilot.pause()
        before = [chat_list.render_line(y).text for y in range(3)]
        chat_list.show({"c1": 4, "c2": 5}, chats)
        await pilot.pause()
        after = [chat_list.render_line(y).text for y in range(3)]
    assert ("8" in before[0], "9" in after[0]) == (True, True)
    assert "3" in before[1] and "4" in after[1] and "Alpha" in after[1]
    assert after[2] == before[2]
