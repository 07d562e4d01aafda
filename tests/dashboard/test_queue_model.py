"""The queue model on its own (no Textual): order, scope, filter, selection, cursor, changes."""

from __future__ import annotations

from cliq_tui.api.models import Chat
from cliq_tui.dashboard.queue_model import UNRESOLVED_SCOPE, QueueModel
from cliq_tui.sync.types import Delta
from tests.support.messages import message


def model_of(count: int, **chats: Chat) -> QueueModel:
    model = QueueModel(chat_of=chats.get)
    model.rebuild([message(i) for i in range(1, count + 1)])
    return model


def test_rows_sort_by_due_time_then_status_triggers_grouped() -> None:
    model = QueueModel()
    model.rebuild(
        [message(3), message(1), message(9, status="check_out"), message(8, status="check_in")]
    )
    assert model.visible_ids() == ["m0001", "m0003", "m0008", "m0009"]


def test_the_cursor_starts_on_the_first_row_and_follows_the_first_message_in() -> None:
    model = QueueModel()
    assert model.current is None and model.targets() == []
    change = model.apply_delta(Delta(added=(message(4),)))
    assert change.current_changed and change.inserted == {"m0004"}
    assert model.current is not None and model.current.id == "m0004"


def test_a_row_added_above_keeps_the_cursor_on_its_message_and_says_rows_moved() -> None:
    model = model_of(19)
    assert model.move_to("m0010")
    change = model.apply_delta(Delta(added=(message(0, minutes=-5),)))
    assert model.current is not None and model.current.id == "m0010"
    assert model.cursor_index == 10
    assert (change.inserted, change.first_moved, change.current_changed) == ({"m0000"}, 0, False)


def test_removing_the_cursor_message_lands_on_the_next_one() -> None:
    model = model_of(9)
    model.move_to("m0005")
    change = model.apply_delta(Delta(removed=("m0005",)))
    assert model.current is not None and model.current.id == "m0006"
    assert change.current_changed and change.removed == {"m0005"} and change.first_moved == 4


def test_removing_the_last_row_under_the_cursor_lands_on_the_one_above() -> None:
    model = model_of(3)
    model.move_cursor(99)
    assert model.current is not None and model.current.id == "m0003"
    model.apply_delta(Delta(removed=("m0003",)))
    assert model.current is not None and model.current.id == "m0002"


def test_a_delta_that_changes_text_touches_only_its_row() -> None:
    model = model_of(49)
    change = model.apply_delta(Delta(changed=(message(7, text="now different"),)))
    assert change.changed == {"m0007"}
    assert (change.inserted, change.removed, change.first_moved) == (set(), set(), None)
    assert not change.counts_changed and not change.current_changed
    assert model.message("m0007").text == "now different"  # type: ignore[union-attr]
    assert model.row_count == 49


def test_the_same_delta_twice_changes_nothing_more() -> None:
    model = model_of(9)
    delta = Delta(added=(message(20),), changed=(message(2, text="x"),), removed=("m0003",))
    model.apply_delta(delta)
    once = model.visible_ids()
    counts = model.counts_by_chat()
    again = model.apply_delta(delta)
    assert model.visible_ids() == once and len(once) == 9
    assert model.counts_by_chat() == counts == {"c1": 9}
    assert (again.inserted, again.removed, again.first_moved) == (set(), set(), None)
    assert not again.counts_changed and not again.current_changed


def test_a_change_that_moves_a_message_reorders_its_row() -> None:
    model = model_of(9)
    change = model.apply_delta(Delta(changed=(message(1, minutes=100),)))
    assert model.visible_ids()[-1] == "m0001"
    assert change.first_moved == 0 and change.changed == {"m0001"}


def test_filter_matches_text_chat_and_trigger_in_any_case() -> None:
    chats = {"c1": Chat(chat_id="c1", name="Marketing"), "c2": Chat(chat_id="c2", name="Ops")}
    model = QueueModel(chat_of=chats.get)
    model.rebuild(
        [
            message(1, text="Launch plan", chat_id="c1"),
            message(2, text="Standup", chat_id="c2"),
            message(3, text="Lunch", chat_id="c2", status="check_in"),
        ]
    )
    model.set_filter("LAUNCH")
    assert model.visible_ids() == ["m0001"]
    model.set_filter("ops")
    assert model.visible_ids() == ["m0002", "m0003"]
    model.set_filter("check-in")
    assert model.visible_ids() == ["m0003"]
    model.set_filter("")
    assert len(model.visible_ids()) == 3


def test_narrowing_the_filter_removes_rows_and_keeps_the_cursor_on_a_match() -> None:
    model = QueueModel()
    model.rebuild([message(i, text=f"{'alpha' if i % 2 else 'beta'} {i}") for i in range(1, 40)])
    model.move_to("m0005")
    model.set_filter("alp")
    change = model.set_filter("alpha")
    assert change.removed == set() and change.inserted == set()
    assert all(m.text.startswith("alpha") for m in model.visible_messages())
    assert model.current is not None and model.current.id == "m0005"
    change = model.set_filter("alpha 1")
    assert "m0005" in change.removed and change.current_changed
    # The cursor's message left the view: the cursor starts from the top of the new one.
    assert model.cursor_index == 0 and model.current is not None
    assert model.current.id == "m0001"
    # Widening again shows the hidden matches and hides nothing.
    change = model.set_filter("alpha")
    assert not change.removed and "m0005" in change.inserted
    assert len(model.visible_ids()) == 20


def test_scope_shows_one_chat_or_the_unmapped_messages() -> None:
    model = QueueModel()
    model.rebuild([message(1, chat_id="c1"), message(2, chat_id="c2"), message(3, chat_id=None)])
    model.set_scope("c2")
    assert model.visible_ids() == ["m0002"] and model.scope == "c2"
    model.set_scope(UNRESOLVED_SCOPE)
    assert model.visible_ids() == ["m0003"]
    model.set_scope(None)
    assert len(model.visible_ids()) == 3


def test_counts_and_messages_in_chat_ignore_scope_and_filter() -> None:
    model = QueueModel()
    model.rebuild([message(1, chat_id="c1"), message(2, chat_id="c2"), message(3, chat_id=None)])
    model.set_scope("c2")
    model.set_filter("nothing matches this")
    assert model.row_count == 0 and model.current is None
    assert model.counts_by_chat() == {"c1": 1, "c2": 1, None: 1}
    assert [m.id for m in model.messages_in_chat("c1")] == ["m0001"]
    change = model.apply_delta(Delta(changed=(message(3, chat_id="c1"),)))
    assert change.counts_changed
    assert model.counts_by_chat() == {"c1": 2, "c2": 1}
    assert [m.id for m in model.messages_in_chat("c1")] == ["m0001", "m0003"]


def test_a_chat_name_arriving_relabels_its_rows_and_filters_by_it() -> None:
    chats: dict[str, Chat] = {}
    model = QueueModel(chat_of=chats.get)
    model.rebuild([message(1, chat_id="c9"), message(2, chat_id="c8")])
    assert "c9" in model.chat_label(model.row(0))  # type: ignore[arg-type]
    chats["c9"] = Chat(chat_id="c9", name="Design")
    change = model.apply_delta(Delta(chats=(chats["c9"],)))
    assert change.changed == {"m0001"}
    assert model.chat_label(model.row(0)) == "Design"  # type: ignore[arg-type]
    model.set_filter("design")
    assert model.visible_ids() == ["m0001"]


def test_selection_survives_the_filter_and_drops_messages_that_leave() -> None:
    model = model_of(5)
    model.move_to("m0002")
    change = model.toggle_selected()
    assert change.selection_changed and change.changed == {"m0002"}
    assert model.is_selected("m0002") and model.selected == {"m0002"}
    model.set_filter("number 4")
    assert [m.id for m in model.targets()] == ["m0002"]
    untouched = model.apply_delta(Delta(removed=("m0001",)))
    assert not untouched.selection_changed
    change = model.apply_delta(Delta(removed=("m0002",)))
    assert change.selection_changed and model.selected == set()
    assert [m.id for m in model.targets()] == ["m0004"]


def test_select_all_selects_the_visible_rows_then_clears_them() -> None:
    model = QueueModel()
    model.rebuild([message(1, text="keep"), message(2, text="keep"), message(3, text="other")])
    model.set_filter("keep")
    model.select_all_visible()
    assert model.selected == {"m0001", "m0002"}
    assert [m.id for m in model.selected_messages()] == ["m0001", "m0002"]
    change = model.select_all_visible()
    assert model.selected == set() and change.changed == {"m0001", "m0002"}


def test_clear_selection_marks_only_the_rows_that_were_selected() -> None:
    model = model_of(5)
    model.move_to("m0003")
    model.toggle_selected()
    change = model.clear_selection()
    assert change.changed == {"m0003"} and model.selected == set()


def test_moving_the_cursor_clamps_and_reports_only_a_new_message() -> None:
    model = model_of(5)
    assert model.move_cursor(-3).current_changed is False
    change = model.move_cursor(2)
    assert change.current_changed and model.current.id == "m0003"  # type: ignore[union-attr]
    assert not model.move_cursor(2).current_changed
    assert not model.move_to("m9999")
    model.move_cursor(50)
    assert model.cursor_index == 4
    assert [i for i, _ in model.iter_rows(3, 10)] == [3, 4]


def test_a_new_version_of_the_current_message_counts_as_a_current_change() -> None:
    model = model_of(3)
    change = model.apply_delta(Delta(changed=(message(1, text="edited"),)))
    assert change.current_changed and model.current.text == "edited"  # type: ignore[union-attr]


def test_a_rebuild_replaces_every_row_and_keeps_working() -> None:
    model = model_of(5)
    model.move_to("m0004")
    model.toggle_selected()
    model.rebuild([message(i) for i in range(3, 9)])
    model.rebuild([message(i) for i in range(3, 9)])
    assert model.current is not None and model.current.id == "m0004"
    model.apply_delta(Delta(removed=("m0004",), added=(message(1),)))
    assert model.visible_ids() == ["m0001", "m0003", "m0005", "m0006", "m0007", "m0008"]
    assert model.row_count == 6 and len(model) == 6 and model.selected == set()


def test_a_wide_filter_change_moves_many_rows_in_one_pass() -> None:
    model = QueueModel()
    model.rebuild([message(i, text="even" if i % 2 == 0 else "odd") for i in range(1, 301)])
    change = model.set_filter("even")
    assert len(change.removed) == 150 and change.first_moved == 0
    change = model.set_filter("")
    assert len(change.inserted) == 150 and change.first_moved == 0
    assert model.visible_ids() == [f"m{i:04}" for i in range(1, 301)]
