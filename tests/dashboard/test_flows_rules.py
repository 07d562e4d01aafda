"""Which action may run now and why not, and starting an action by name: no Textual."""

from __future__ import annotations

from cliq_tui.core import format as fmt
from cliq_tui.dashboard.availability import (
    ACTIONS,
    CHAT_NOT_KNOWN,
    CHOOSE_A_CHAT,
    CONNECTING_REASON,
    MUTATING_ACTIONS,
    NOTHING_PENDING,
    READ_ONLY_REASON,
    ActionRules,
)
from cliq_tui.dashboard.queue_model import UNRESOLVED_SCOPE, QueueModel
from cliq_tui.dashboard.undo import NOTHING_TO_UNDO
from tests.support.flows import Rig, texts
from tests.support.messages import message


def offline_rules(queue: QueueModel, *, read_only: bool = False) -> ActionRules:
    return ActionRules(queue, engine=lambda: None, undo_record=lambda: None, read_only=read_only)


def test_before_the_engine_is_connected_every_engine_action_says_so() -> None:
    rules = offline_rules(QueueModel())
    assert {rules.blocked_reason(a) for a in ACTIONS} == {CONNECTING_REASON}
    assert rules.blocked_reason("filter") is None  # not a flow: the screen's own


async def test_read_only_blocks_every_change_and_nothing_else(rig: Rig) -> None:
    assert rig.queue.move_to(texts(rig)[0].id)
    rules = ActionRules(
        rig.queue, engine=lambda: rig.engine, undo_record=lambda: None, read_only=True
    )
    assert {rules.blocked_reason(a) for a in MUTATING_ACTIONS} == {READ_ONLY_REASON}
    others = set(ACTIONS) - MUTATING_ACTIONS
    assert others == {"refresh", "toggle_pause", "copy_text", "copy_id", "export"}
    assert {rules.blocked_reason(a) for a in others} == {None}


def test_a_message_whose_chat_is_not_known_blocks_message_and_chat_actions() -> None:
    queue = QueueModel()
    queue.rebuild([message(1, chat_id=None)])
    queue.set_scope(UNRESOLVED_SCOPE)
    rules = offline_rules(queue)
    assert rules.unresolved_reason(queue.targets()[0]) == CHAT_NOT_KNOWN
    assert rules.target_chat() == (None, CHAT_NOT_KNOWN)
    queue.set_scope(None)
    queue.rebuild([])
    assert rules.target_chat() == (None, CHOOSE_A_CHAT)


async def test_undo_is_blocked_until_there_is_something_to_take_back(rig: Rig) -> None:
    target = texts(rig)[0]
    assert rig.queue.move_to(target.id)
    assert rig.rules.blocked_reason("undo") == NOTHING_TO_UNDO
    assert rig.rules.blocked_reason("delete") is None
    rig.dialogs.confirms = [True]
    await rig.run(rig.rules.start("delete", rig.flows))
    assert rig.on_server(target.id) is None
    assert rig.rules.blocked_reason("undo") is None
    await rig.run(rig.rules.start("undo", rig.flows))
    assert rig.rules.blocked_reason("undo") == NOTHING_TO_UNDO


async def test_a_chat_wide_action_takes_the_chat_shown_and_needs_pending_messages(
    rig: Rig,
) -> None:
    chat_id = fmt.message_chat_id(texts(rig)[0])
    assert chat_id is not None
    rig.queue.set_scope(chat_id)
    assert rig.rules.target_chat() == (chat_id, None)
    rig.dialogs.confirms = [True]
    await rig.run(rig.rules.start("send_all", rig.flows))
    assert rig.dialogs.asked[0][1].startswith("Send ")
    assert not rig.queue.messages_in_chat(chat_id)
    assert rig.rules.blocked_reason("send_all") == NOTHING_PENDING
    assert rig.rules.blocked_reason("reschedule") == NOTHING_PENDING
    assert rig.rules.blocked_reason("create") is None


async def test_message_actions_take_the_selection_before_the_cursor(rig: Rig) -> None:
    first, second, third = texts(rig)[:3]
    rig.select(first, second)
    assert rig.queue.move_to(third.id)
    assert [m.id for m in rig.rules.targets()] == sorted(
        [first.id, second.id], key=lambda i: fmt.sort_key(rig.engine.messages[i])
    )
    rig.dialogs.confirms = [True]
    await rig.run(rig.rules.start("delete", rig.flows))
    assert rig.dialogs.asked[0][1].startswith("Delete 2 messages")
    assert rig.on_server(first.id) is None and rig.on_server(second.id) is None
    assert rig.on_server(third.id) is not None
