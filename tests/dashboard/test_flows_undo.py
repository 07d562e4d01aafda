"""Undo, copy and export as flows: a real engine on the fake server, scripted dialogs."""

from __future__ import annotations

import csv
from pathlib import Path

from cliq_tui.core import format as fmt
from cliq_tui.core.requests import EditRequest
from cliq_tui.dashboard.undo import NOTHING_TO_UNDO
from tests.support.flows import Rig, server_text, texts


def pending_texts(rig: Rig, chat_id: str) -> list[tuple[str, str]]:
    """(text, time) of every pending message in the chat on the server, sorted."""
    return sorted(
        (m["message"]["content"].get("text") or "", m.get("time") or "")
        for m in rig.server.state.messages()
        if m["chat_id"] == chat_id
    )


async def test_undo_of_a_delete_schedules_the_message_again_in_its_chat(rig: Rig) -> None:
    message = texts(rig)[0]
    chat_id = fmt.message_chat_id(message)
    assert chat_id is not None
    before = pending_texts(rig, chat_id)
    rig.dialogs.confirms = [True]
    await rig.run(rig.flows.delete([message]))
    assert rig.on_server(message.id) is None
    rig.deltas.clear()
    await rig.run(rig.flows.undo())
    assert pending_texts(rig, chat_id) == before
    added = [m for d in rig.deltas for m in d.added]
    assert len(added) == 1 and added[0].text == message.text
    assert any("Undid the delete" in line.message for line in rig.lines.lines)
    assert rig.flows.undo_record is None
    assert [e.action for e in rig.activity.session] == ["delete", "undo delete"]


async def test_undo_of_an_edit_puts_the_old_text_back(rig: Rig) -> None:
    message = texts(rig)[0]
    rig.dialogs.edits = [EditRequest(text="Changed for a moment")]
    await rig.run(rig.flows.edit([message]))
    assert server_text(rig, message.id) == "Changed for a moment"
    await rig.run(rig.flows.undo())
    assert server_text(rig, message.id) == message.text
    assert rig.engine.messages[message.id].text == message.text
    assert any("text put back" in line.message for line in rig.lines.lines)


async def test_undo_with_nothing_to_undo_says_so_at_once(rig: Rig) -> None:
    assert rig.flows.undo() is None
    assert [line.message for line in rig.lines.lines] == [NOTHING_TO_UNDO]


async def test_undo_is_taken_at_once_so_a_second_press_cannot_repeat_it(rig: Rig) -> None:
    message = texts(rig)[0]
    rig.dialogs.confirms = [True]
    await rig.run(rig.flows.delete([message]))
    count = len(rig.server.state.messages())
    first, second = rig.flows.undo(), rig.flows.undo()
    assert second is None
    await rig.run(first)
    assert len(rig.server.state.messages()) == count + 1


async def test_a_failed_undo_is_kept_to_try_again(rig: Rig) -> None:
    message = texts(rig)[0]
    rig.dialogs.confirms = [True]
    await rig.run(rig.flows.delete([message]))
    rig.server.state.set_faults(error_rate=1.0)
    await rig.run(rig.flows.undo())
    assert rig.lines.of("error") and rig.flows.undo_record is not None
    rig.server.state.set_faults(error_rate=0.0)
    await rig.run(rig.flows.undo())
    assert any(
        m["message"]["content"].get("text") == message.text for m in rig.server.state.messages()
    )


async def test_copy_puts_the_text_or_the_id_on_the_clipboard(rig: Rig) -> None:
    message = texts(rig)[0]
    rig.flows.copy_text(message)
    rig.flows.copy_id(message)
    rig.flows.copy_text(None)
    assert rig.lines.copied == [message.text, message.id]
    assert rig.lines.lines[-1].severity == "warning"


async def test_export_writes_the_messages_given_and_logs_it(rig: Rig, tmp_path: Path) -> None:
    shown = texts(rig)[:3]
    target = tmp_path / "shown.csv"
    rig.dialogs.exports = [("csv", target)]
    await rig.run(rig.flows.export(shown))
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [r["id"] for r in rows] == [m.id for m in shown]
    assert rig.activity.session[-1].action == "export"
    assert rig.flows.export([]) is None


async def edited_then_changed_elsewhere(rig: Rig, later_text: str) -> str:
    """Edit a message's text here, then have another device change the text again; its id."""
    message = texts(rig)[0]
    rig.dialogs.edits = [EditRequest(text="Ours for a moment")]
    await rig.run(rig.flows.edit([message]))
    rig.server.state.update_message(message.id, text=later_text)
    await rig.engine.refresh()
    return message.id


async def test_undo_over_a_newer_change_elsewhere_asks_and_a_no_keeps_that_change(
    rig: Rig,
) -> None:
    message_id = await edited_then_changed_elsewhere(rig, "Fixed on the phone")
    record = rig.flows.undo_record
    rig.dialogs.confirms = [False]
    await rig.run(rig.flows.undo())
    assert ("confirm", "Undo over a newer change?") in rig.dialogs.asked
    assert server_text(rig, message_id) == "Fixed on the phone"
    assert rig.flows.undo_record is record, "a declined undo can be asked again"
    assert any("Nothing was undone" in line.message for line in rig.lines.lines)


async def test_undo_over_a_newer_change_elsewhere_puts_back_when_confirmed(rig: Rig) -> None:
    before = texts(rig)[0].text
    message_id = await edited_then_changed_elsewhere(rig, "Fixed on the phone")
    rig.dialogs.confirms = [True]
    await rig.run(rig.flows.undo())
    assert server_text(rig, message_id) == before
    assert rig.flows.undo_record is None


async def test_undo_of_an_edit_nobody_changed_since_does_not_ask(rig: Rig) -> None:
    message = texts(rig)[0]
    rig.dialogs.edits = [EditRequest(text="Changed for a moment")]
    await rig.run(rig.flows.edit([message]))
    await rig.run(rig.flows.undo())
    assert not [kind for kind, _ in rig.dialogs.asked if kind == "confirm"]
    assert server_text(rig, message.id) == message.text
