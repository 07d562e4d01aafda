"""The action flows without Textual: a real engine, the fake server over HTTP, scripted dialogs.

Every change reaches the screen one way only: the engine's listener. These tests check what the
listener got (each change once) instead of anything the flows might paint themselves.
"""

from __future__ import annotations

from datetime import timedelta

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.core import format as fmt
from cliq_tui.core.batch_edit import BatchEditChoice
from cliq_tui.core.requests import CreateRequest, EditRequest, RescheduleRequest
from cliq_tui.dashboard.undo import DeletedMessages, EditedMessages
from tests.support.flows import Rig, changed_ids, server_text, texts


async def test_edit_saves_through_the_dialog_and_the_listener_gets_the_change_once(
    rig: Rig,
) -> None:
    message = texts(rig)[0]
    rig.dialogs.edits = [EditRequest(text="Edited without a screen")]
    await rig.run(rig.flows.edit([message]))
    assert server_text(rig, message.id) == "Edited without a screen"
    assert changed_ids(rig) == [message.id]
    assert rig.deltas[0].changed[0].text == "Edited without a screen"
    assert [(e.action, e.result) for e in rig.activity.session] == [("edit", "ok")]
    assert isinstance(rig.flows.undo_record, EditedMessages)
    assert rig.lines.of("error") == []
    name = rig.flows.chat_name(fmt.message_chat_id(message))
    assert rig.lines.results == [f"Edited 1 message in {name}."]


async def test_removing_the_file_says_so_in_the_result_line(rig: Rig) -> None:
    message = next(m for m in rig.engine.messages.values() if m.is_file and m.text)
    rig.dialogs.edits = [EditRequest(remove_file=True)]
    await rig.run(rig.flows.edit([message]))
    assert rig.lines.of("error") == [] and rig.dialogs.inline_errors == []
    assert rig.lines.results[-1].startswith("Removed the file from 1 message in ")


async def test_batch_edit_applies_one_change_to_every_selected_message(rig: Rig) -> None:
    first, second = texts(rig)[:2]
    rig.select(first, second)
    rig.dialogs.batch_edits = [BatchEditChoice(text="Same for both")]
    await rig.run(rig.flows.edit([first, second]))
    assert ("batch edit", f"{first.id},{second.id}") in rig.dialogs.asked
    assert ("batch", "Edit 2 messages") in rig.dialogs.asked
    assert server_text(rig, first.id) == server_text(rig, second.id) == "Same for both"
    assert sorted(changed_ids(rig)) == sorted([first.id, second.id])
    assert not rig.queue.selected
    record = rig.flows.undo_record
    assert isinstance(record, EditedMessages) and len(record.edits) == 2
    assert rig.lines.results[-1].startswith("Edited 2 messages ")


async def test_reschedule_moves_every_message_due_at_that_time(rig: Rig) -> None:
    message = texts(rig)[0]
    chat_id = fmt.message_chat_id(message)
    assert chat_id is not None and message.time is not None
    due = message.due_epoch_ms
    moving = {m.id for m in rig.queue.messages_in_chat(chat_id) if m.due_epoch_ms == due}
    new_time = message.time + timedelta(hours=3)
    request = RescheduleRequest("time", time=message.time, new_time=new_time)
    rig.dialogs.reschedules = [request]
    await rig.run(rig.flows.reschedule(chat_id))
    assert rig.dialogs.inline_errors == [] and rig.lines.lines == []
    for message_id in moving:
        moved = ScheduledMessage.model_validate(rig.on_server(message_id))
        assert moved.due_epoch_ms == due + 3 * 3600 * 1000  # type: ignore[operator]
        assert rig.engine.messages[message_id].due_epoch_ms == moved.due_epoch_ms
    assert set(changed_ids(rig)) == moving
    assert [e.action for e in rig.activity.session] == ["reschedule"]
    (line,) = rig.lines.results
    assert line.startswith(f"Moved {fmt.plural(len(moving))} in ") and "to " in line


async def test_send_now_asks_with_the_count_then_sends(rig: Rig) -> None:
    message = texts(rig)[0]
    rig.dialogs.confirms = [True]
    await rig.run(rig.flows.send_now([message]))
    assert rig.dialogs.asked[0][1].startswith("Send 1 message in ")
    delivered = [(d["id"], d["via"]) for d in rig.server.state.deliveries()]
    assert delivered == [(message.id, "send_now")]
    assert [m for d in rig.deltas for m in d.removed] == [message.id]
    assert [line.message for line in rig.lines.lines] == ["Sent 1 message."]
    assert rig.flows.undo_record is None  # a sent message is not taken back


async def test_create_schedules_a_new_message_and_logs_its_id(rig: Rig) -> None:
    chat_id = fmt.message_chat_id(texts(rig)[0])
    assert chat_id is not None
    when = rig.flows.now() + timedelta(hours=2)
    rig.dialogs.creates = [CreateRequest("Made by a flow", schedule_time=when, timezone="UTC")]
    await rig.run(rig.flows.create(chat_id))
    made = [
        m
        for m in rig.server.state.messages()
        if m["message"]["content"].get("text") == "Made by a flow"
    ]
    assert len(made) == 1 and made[0]["chat_id"] == chat_id
    added = [m.id for d in rig.deltas for m in d.added]
    assert added == [made[0]["id"]]
    entry = rig.activity.session[-1]
    assert (entry.action, entry.result, entry.message_ids) == ("create", "ok", (made[0]["id"],))
    assert rig.lines.results == [f"Scheduled 1 message in {rig.flows.chat_name(chat_id)}."]


async def test_a_cancelled_dialog_changes_nothing(rig: Rig) -> None:
    message = texts(rig)[0]
    chat_id = fmt.message_chat_id(message)
    assert chat_id is not None
    before = rig.server.state.messages()
    rig.dialogs.confirms = [False, False, False]
    rig.dialogs.edits = [None]
    rig.dialogs.batch_edits = [None]
    rig.dialogs.creates = [None]
    rig.dialogs.reschedules = [None]
    rig.dialogs.exports = [None]
    second = texts(rig)[1]
    for flow in (
        rig.flows.delete([message]),
        rig.flows.send_now([message, second]),
        rig.flows.delete_all(chat_id),
        rig.flows.edit([message]),
        rig.flows.edit([message, second]),
        rig.flows.create(chat_id),
        rig.flows.reschedule(chat_id),
        rig.flows.export([message]),
    ):
        await rig.run(flow)
    assert rig.server.state.messages() == before
    assert rig.deltas == [] and rig.activity.session == [] and rig.lines.lines == []
    assert rig.lines.results == [], "a cancelled dialog reports nothing done"
    assert rig.flows.undo_record is None


async def test_an_api_error_becomes_one_error_line_and_one_log_entry(rig: Rig) -> None:
    message = texts(rig)[0]
    rig.server.state.delete_message(message.id)  # gone from another device meanwhile
    rig.dialogs.confirms = [True]
    await rig.run(rig.flows.delete([message]))
    assert len(rig.lines.lines) == 1
    line = rig.lines.lines[0]
    assert line.severity == "error" and "Traceback" not in line.message
    entry = rig.activity.session[-1]
    assert (entry.action, entry.result) == ("delete", "error") and entry.code
    assert rig.flows.undo_record is None  # nothing was deleted by us: nothing to take back


async def test_a_refused_edit_stays_in_the_dialog_and_records_no_undo(rig: Rig) -> None:
    message = texts(rig)[0]
    rig.server.state.delete_message(message.id)
    rig.dialogs.edits = [EditRequest(text="Too late")]
    await rig.run(rig.flows.edit([message]))
    assert len(rig.dialogs.inline_errors) == 1 and rig.lines.lines == []
    assert rig.flows.undo_record is None
    assert [(e.action, e.result) for e in rig.activity.session] == [("edit", "error")]


async def test_delete_all_in_a_chat_remembers_every_message_for_undo(rig: Rig) -> None:
    chat_id = fmt.message_chat_id(texts(rig)[0])
    assert chat_id is not None
    in_chat = {m.id for m in rig.queue.messages_in_chat(chat_id)}
    rig.dialogs.confirms = [True]
    await rig.run(rig.flows.delete_all(chat_id))
    assert not [m for m in rig.server.state.messages() if m["chat_id"] == chat_id]
    assert {m for d in rig.deltas for m in d.removed} == in_chat
    record = rig.flows.undo_record
    assert isinstance(record, DeletedMessages)
    assert {m.id for m in record.messages} == in_chat
    assert all(m.chat_id == chat_id for m in record.messages)
