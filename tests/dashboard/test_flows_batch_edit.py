"""Editing several messages at once, without Textual: a real engine on the fake server over HTTP.

What the user sets goes to every selected message, each message gets only what changes for it,
and a message the change leaves as it is gets no request at all.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.core.batch_edit import BatchEditChoice
from cliq_tui.dashboard.undo import EditedMessages
from tests.support.flows import Rig, changed_ids, server_text, texts

TOKYO = ZoneInfo("Asia/Tokyo")


def timed(rig: Rig, *zones: str) -> list[ScheduledMessage]:
    """One pending timed text message in each of ``zones``, due at least 12 hours ahead."""
    found = []
    for zone in zones:
        found.append(
            next(
                m
                for m in texts(rig)
                if m.timezone == zone and m.time and m.time > rig.flows.now() + timedelta(hours=12)
            )
        )
    return found


def on_server(rig: Rig, message_id: str) -> ScheduledMessage:
    item = rig.on_server(message_id)
    assert item is not None
    return ScheduledMessage.model_validate(item)


def edit_puts(rig: Rig) -> list[str]:
    """The paths of the single-message edits the server received."""
    return [
        r["path"]
        for r in rig.server.state.requests()
        if r["method"] == "PUT" and r["path"].count("/scheduledmessages/") == 1
    ]


async def test_a_zone_alone_goes_to_every_message_each_keeping_its_time_of_day(rig: Rig) -> None:
    york, london = timed(rig, "America/New_York", "Europe/London")
    assert york.time is not None and london.time is not None
    rig.select(york, london)
    rig.dialogs.batch_edits = [BatchEditChoice(zone="Asia/Tokyo")]
    await rig.run(rig.flows.edit([york, london]))
    for before in (york, london):
        after = on_server(rig, before.id)
        assert after.timezone == "Asia/Tokyo"
        assert before.time is not None and after.time is not None
        wall = before.time.astimezone(ZoneInfo(before.timezone or "UTC")).replace(tzinfo=None)
        assert after.time == wall.replace(tzinfo=TOKYO)
        assert after.text == before.text  # the text was not part of the change
    assert sorted(changed_ids(rig)) == sorted([york.id, london.id])
    record = rig.flows.undo_record
    assert isinstance(record, EditedMessages)
    assert all(req.text is None and req.timezone == "Asia/Tokyo" for _, req in record.edits)
    assert rig.lines.results[-1].startswith("Edited 2 messages ")


async def test_messages_already_as_set_are_skipped_and_the_result_says_so(rig: Rig) -> None:
    london, kolkata = timed(rig, "Europe/London", "Asia/Kolkata")
    rig.server.state.reset_stats()
    rig.dialogs.batch_edits = [BatchEditChoice(zone="Europe/London")]
    await rig.run(rig.flows.edit([london, kolkata]))
    assert ("batch", "Edit 1 message (1 skipped: nothing to change)") in rig.dialogs.asked
    assert on_server(rig, kolkata.id).timezone == "Europe/London"
    assert on_server(rig, london.id).time == london.time
    assert [p.rsplit("/", 1)[-1] for p in edit_puts(rig)] == [kolkata.id]
    assert [e.message_ids for e in rig.activity.session] == [(kolkata.id,)]
    assert rig.lines.results[-1].endswith("1 message skipped: nothing to change.")


async def test_new_text_goes_to_text_messages_and_never_to_file_messages(rig: Rig) -> None:
    text = texts(rig)[0]
    file = next(m for m in rig.engine.messages.values() if m.is_file)
    rig.server.state.reset_stats()
    rig.dialogs.batch_edits = [BatchEditChoice(text="One text for all")]
    await rig.run(rig.flows.edit([text, file]))
    assert server_text(rig, text.id) == "One text for all"
    assert on_server(rig, file.id).text == file.text
    assert [p.rsplit("/", 1)[-1] for p in edit_puts(rig)] == [text.id]


async def test_undo_of_a_batch_edit_puts_each_time_and_zone_back(rig: Rig) -> None:
    york, london = timed(rig, "America/New_York", "Europe/London")
    rig.dialogs.batch_edits = [BatchEditChoice(when="2026-06-20 10:00", zone="Asia/Tokyo")]
    await rig.run(rig.flows.edit([york, london]))
    moved = datetime(2026, 6, 20, 10, tzinfo=TOKYO)
    assert on_server(rig, york.id).time == on_server(rig, london.id).time == moved
    await rig.run(rig.flows.undo())
    for before in (york, london):
        after = on_server(rig, before.id)
        assert (after.time, after.timezone) == (before.time, before.timezone)


async def test_a_change_that_leaves_every_message_as_it_is_sends_nothing(rig: Rig) -> None:
    london = timed(rig, "Europe/London")[0]
    file = next(m for m in rig.engine.messages.values() if m.is_file)
    rig.server.state.reset_stats()
    rig.dialogs.batch_edits = [BatchEditChoice(text=london.text)]
    await rig.run(rig.flows.edit([london, file]))
    assert edit_puts(rig) == [] and rig.activity.session == []
    assert not [kind for kind, _ in rig.dialogs.asked if kind == "batch"]
    assert rig.lines.results == ["Nothing to change: 2 messages already as set."]
    assert rig.flows.undo_record is None


async def test_a_message_moved_elsewhere_while_the_dialog_is_open_gets_the_choice_on_its_new_time(
    rig: Rig,
) -> None:
    york, london = timed(rig, "America/New_York", "Europe/London")
    assert london.time is not None
    moved = london.time + timedelta(hours=3)

    async def another_window_moves_london() -> None:
        rig.server.state.update_message(london.id, time_ms=int(moved.timestamp() * 1000))
        await rig.engine.refresh()

    rig.dialogs.while_batch_edit_open = another_window_moves_london
    rig.dialogs.batch_edits = [BatchEditChoice(zone="Asia/Tokyo")]
    await rig.run(rig.flows.edit([york, london]))
    after = on_server(rig, london.id)
    # The zone alone keeps the time of day the message has now, not the one the dialog showed.
    wall = moved.astimezone(ZoneInfo("Europe/London")).replace(tzinfo=None)
    assert (after.time, after.timezone) == (wall.replace(tzinfo=TOKYO), "Asia/Tokyo")
    assert on_server(rig, york.id).timezone == "Asia/Tokyo"
    record = rig.flows.undo_record
    assert isinstance(record, EditedMessages)
    assert dict((m.id, m.time) for m, _ in record.edits)[london.id] == moved


async def test_a_message_deleted_elsewhere_while_the_dialog_is_open_is_left_out(rig: Rig) -> None:
    york, london = timed(rig, "America/New_York", "Europe/London")

    async def another_window_deletes_london() -> None:
        assert rig.server.state.delete_message(london.id)
        await rig.engine.refresh()

    rig.dialogs.while_batch_edit_open = another_window_deletes_london
    rig.dialogs.batch_edits = [BatchEditChoice(text="For all")]
    rig.server.state.reset_stats()
    await rig.run(rig.flows.edit([york, london]))
    assert server_text(rig, york.id) == "For all"
    assert [p.rsplit("/", 1)[-1] for p in edit_puts(rig)] == [york.id]
    assert any(
        "left the queue while the dialog was open" in line.message for line in rig.lines.lines
    )
    assert rig.lines.results[-1].startswith("Edited 1 message ")


async def test_a_choice_made_impossible_while_the_dialog_is_open_sends_nothing(rig: Rig) -> None:
    york, london = timed(rig, "America/New_York", "Europe/London")
    soon = rig.flows.now() + timedelta(minutes=30)

    async def another_window_moves_london_to_soon() -> None:
        rig.server.state.update_message(london.id, time_ms=int(soon.timestamp() * 1000))
        await rig.engine.refresh()

    # "Today at this time of day, in Tokyo" is fine for both as the dialog saw them; once London
    # is due in 30 minutes, keeping its time of day in a zone 9 hours ahead has passed.
    rig.dialogs.while_batch_edit_open = another_window_moves_london_to_soon
    rig.dialogs.batch_edits = [BatchEditChoice(zone="Asia/Tokyo")]
    rig.server.state.reset_stats()
    await rig.run(rig.flows.edit([york, london]))
    assert edit_puts(rig) == []
    assert any(line.title == "Nothing was sent" for line in rig.lines.lines)
    assert rig.flows.undo_record is None
