"""Sorting the queue by a column (no Textual): each column both ways, ties in due order, live
changes landing in place, and the cursor, selection, scope and filter kept across a re-sort."""

from __future__ import annotations

import pytest

from cliq_tui.api.models import Chat, ScheduledMessage
from cliq_tui.dashboard.queue_model import QueueModel
from cliq_tui.dashboard.queue_sort import SORT_COLUMNS, QueueSort, descending_text
from cliq_tui.sync.types import Delta
from tests.support.messages import message

CHATS = {
    "c1": Chat(chat_id="c1", name="ops"),
    "c2": Chat(chat_id="c2", name="Billing"),
    "c3": Chat(chat_id="c3", name="design"),
}


def zoned(index: int, zone: str | None, **kwargs: object) -> ScheduledMessage:
    return message(index, **kwargs).model_copy(update={"timezone": zone})  # type: ignore[arg-type]


def sorted_model(messages: list[ScheduledMessage], sort: QueueSort) -> QueueModel:
    model = QueueModel(chat_of=CHATS.get)
    model.rebuild(messages)
    model.set_sort(sort)
    return model


def test_o_cycles_due_chat_zone_trigger_then_due_again_each_ascending() -> None:
    sort = QueueSort()
    seen = [sort.column]
    for _ in SORT_COLUMNS:
        sort = sort.reversed().next_column()  # a reversed sort starts the next one ascending
        assert not sort.descending
        seen.append(sort.column)
    assert seen == ["due", "chat", "zone", "trigger", "due"]
    assert QueueSort("chat").label == "Sorted by chat ▲"
    assert QueueSort("due", descending=True).label == "Sorted by due time ▼"


def test_by_chat_names_any_case_then_unknown_chats_ties_in_due_order() -> None:
    messages = [
        message(1, chat_id="c1"),  # ops
        message(2, chat_id="c2"),  # Billing
        message(3, chat_id="c9"),  # not known yet
        message(4, chat_id="c3"),  # design
        message(5, chat_id="c2"),
        message(6, chat_id=None),  # chat not mapped yet
    ]
    model = sorted_model(messages, QueueSort("chat"))
    assert model.visible_ids() == ["m0002", "m0005", "m0004", "m0001", "m0006", "m0003"]
    model.set_sort(QueueSort("chat", descending=True))
    # The names the other way round; ties still soonest first; unknown chats still last.
    assert model.visible_ids() == ["m0001", "m0004", "m0002", "m0005", "m0006", "m0003"]


def test_by_zone_as_the_column_shows_it_then_no_zone_last() -> None:
    messages = [
        zoned(1, "Europe/London"),
        zoned(2, "Asia/Kolkata"),
        zoned(3, None),
        zoned(4, "America/New_York"),
        zoned(5, "Asia/Kolkata"),
    ]
    model = sorted_model(messages, QueueSort("zone"))
    # Kolkata, London, New_York (the city, as the Zone column shows it), then no zone.
    assert model.visible_ids() == ["m0002", "m0005", "m0001", "m0004", "m0003"]
    model.set_sort(QueueSort("zone", descending=True))
    assert model.visible_ids() == ["m0004", "m0001", "m0002", "m0005", "m0003"]


def test_by_trigger_time_first_then_each_status_trigger() -> None:
    messages = [
        message(1, status="check_out"),
        message(2),
        message(3, status="check_in"),
        message(4, status="check_in"),
        message(5),
    ]
    model = sorted_model(messages, QueueSort("trigger"))
    assert model.visible_ids() == ["m0002", "m0005", "m0003", "m0004", "m0001"]
    model.set_sort(QueueSort("trigger", descending=True))
    # The triggers the other way round; within one trigger, still in due (created) order.
    assert model.visible_ids() == ["m0001", "m0003", "m0004", "m0002", "m0005"]


def test_by_due_reversed_puts_the_latest_first_and_keeps_untimed_last() -> None:
    messages = [message(2), message(9, status="check_in"), message(1), message(3)]
    model = sorted_model(messages, QueueSort("due", descending=True))
    assert model.visible_ids() == ["m0003", "m0002", "m0001", "m0009"]
    model.set_sort(QueueSort())
    assert model.visible_ids() == ["m0001", "m0002", "m0003", "m0009"]


def test_ties_break_by_due_time_then_id_whatever_the_input_order() -> None:
    same_time = [message(i, minutes=30, chat_id="c1") for i in (7, 3, 5)]
    earlier = message(9, minutes=10, chat_id="c1")
    for order in ([*same_time, earlier], [earlier, *reversed(same_time)]):
        model = sorted_model(order, QueueSort("chat", descending=True))
        assert model.visible_ids() == ["m0009", "m0003", "m0005", "m0007"]


def test_descending_text_sorts_the_other_way_including_prefixes() -> None:
    words = ["a", "ab", "b", "", "ba", "é"]
    assert sorted(words, key=descending_text) == sorted(words, reverse=True)


@pytest.mark.parametrize("column", SORT_COLUMNS)
def test_the_cursor_stays_on_its_message_across_a_re_sort(column: str) -> None:
    model = QueueModel(chat_of=CHATS.get)
    model.rebuild(
        [
            message(i, chat_id=f"c{i % 3 + 1}", status="check_in" if i % 4 == 0 else None)
            for i in range(1, 13)
        ]
    )
    model.move_to("m0007")
    model.toggle_selected()
    model.set_filter("message")
    change = model.set_sort(QueueSort(column, descending=True))  # type: ignore[arg-type]
    assert model.current is not None and model.current.id == "m0007"
    assert model.visible_ids()[model.cursor_index] == "m0007"
    assert not change.current_changed and not change.selection_changed
    assert change.first_moved == 0 and not change.inserted and not change.removed
    assert model.selected == {"m0007"} and model.filter_text == "message"
    assert model.row_count == 12 and model.sort == QueueSort(column, True)  # type: ignore[arg-type]


def test_the_same_sort_again_changes_nothing() -> None:
    model = sorted_model([message(1), message(2)], QueueSort("zone"))
    assert not model.set_sort(QueueSort("zone"))


def test_scope_and_filter_keep_the_sort_and_the_sort_keeps_them() -> None:
    messages = [message(i, chat_id=("c1", "c2", "c3")[i % 3]) for i in range(1, 10)]
    model = sorted_model(messages, QueueSort("chat", descending=True))
    model.set_scope("c2")
    assert model.visible_ids() == ["m0001", "m0004", "m0007"]
    model.set_scope(None)
    model.set_filter("number 1")
    model.set_sort(QueueSort("chat"))
    assert model.visible_ids() == ["m0001"] and model.scope is None


def test_a_new_message_lands_in_its_place_in_the_current_sort() -> None:
    model = sorted_model(
        [message(i, chat_id=("c2", "c1")[i % 2]) for i in range(1, 7)], QueueSort("chat")
    )
    # Billing: 2, 4, 6; ops: 1, 3, 5.
    model.move_to("m0003")
    change = model.apply_delta(Delta(added=(message(8, minutes=0, chat_id="c1"),)))
    assert model.visible_ids() == ["m0002", "m0004", "m0006", "m0008", "m0001", "m0003", "m0005"]
    # Only the rows from the new one down may hold another message; the cursor stays put.
    assert change.first_moved == 3 and change.inserted == {"m0008"}
    assert model.current is not None and model.current.id == "m0003" and not change.current_changed


def test_an_edit_of_the_zone_moves_the_row_in_a_zone_sort() -> None:
    messages = [zoned(1, "Asia/Kolkata"), zoned(2, "Europe/London"), zoned(3, "Asia/Tokyo")]
    model = sorted_model(messages, QueueSort("zone"))
    assert model.visible_ids() == ["m0001", "m0002", "m0003"]
    change = model.apply_delta(Delta(changed=(zoned(1, "Europe/Zurich"),)))
    assert model.visible_ids() == ["m0002", "m0003", "m0001"]
    assert change.first_moved == 0 and change.changed == {"m0001"}


def test_an_edit_of_the_time_moves_the_row_within_its_chat() -> None:
    model = sorted_model([message(i, chat_id="c1") for i in range(1, 5)], QueueSort("chat"))
    change = model.apply_delta(Delta(changed=(message(1, minutes=90, chat_id="c1"),)))
    assert model.visible_ids() == ["m0002", "m0003", "m0004", "m0001"]
    assert change.first_moved == 0 and change.changed == {"m0001"}


def test_a_delivery_removes_the_row_and_the_rest_keep_their_order() -> None:
    model = sorted_model(
        [message(i, chat_id=("c2", "c1")[i % 2]) for i in range(1, 7)], QueueSort("chat", True)
    )
    model.move_to("m0003")
    change = model.apply_delta(Delta(removed=("m0003",)))
    assert model.visible_ids() == ["m0001", "m0005", "m0002", "m0004", "m0006"]
    # The cursor lands on the row that took the delivered one's place, as in due order.
    assert model.current is not None and model.current.id == "m0005" and change.first_moved == 1


def test_a_chat_name_arriving_moves_its_rows_in_a_chat_sort() -> None:
    chats: dict[str, Chat] = {"c1": Chat(chat_id="c1", name="Marketing")}
    model = QueueModel(chat_of=chats.get)
    model.rebuild([message(1, chat_id="c1"), message(2, chat_id="c8")])
    model.set_sort(QueueSort("chat"))
    assert model.visible_ids() == ["m0001", "m0002"]  # the unknown chat last
    chats["c8"] = Chat(chat_id="c8", name="Accounts")
    change = model.apply_delta(Delta(chats=(chats["c8"],)))
    assert model.visible_ids() == ["m0002", "m0001"] and change.first_moved == 0


def test_selected_messages_follow_the_order_shown_and_chat_lists_stay_in_due_order() -> None:
    model = sorted_model([message(i, chat_id="c1") for i in range(1, 4)], QueueSort("due", True))
    model.select_all_visible()
    assert [m.id for m in model.selected_messages()] == ["m0003", "m0002", "m0001"]
    assert [m.id for m in model.messages_in_chat("c1")] == ["m0001", "m0002", "m0003"]
