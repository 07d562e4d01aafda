"""Each action's delta, applied at once from the response, against the fake server."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import pytest

from cliq_tui.api.errors import InputError, NotFoundError, OutcomeUnknownError
from cliq_tui.api.models import ScheduledMessage, ScheduleStatus
from cliq_tui.fake import FakeServer
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.types import Delta
from tests.support.servers import server_queue


@pytest.fixture
def server(make_server: Callable[..., FakeServer]) -> FakeServer:
    """A demo server whose list items carry their chat, so actions need no resolution first."""
    return make_server(include_chat_id=True)


@pytest.fixture
async def engine(server: FakeServer, make_engine: Callable[..., SyncEngine]) -> SyncEngine:
    """An engine that has listed the queue once."""
    engine = make_engine(server)
    await engine.refresh()
    return engine


def _pick(engine: SyncEngine, **where: object) -> ScheduledMessage:
    for message in engine.messages.values():
        if all(getattr(message, k) == v for k, v in where.items()):
            return message
    raise AssertionError(f"no message with {where}")


def _delivered(server: FakeServer, message_id: str) -> int:
    return Counter(d["id"] for d in server.state.deliveries())[message_id]


async def test_edit_changes_the_row_from_the_response(
    server: FakeServer, engine: SyncEngine
) -> None:
    message = _pick(engine, is_file=False)

    delta = await engine.edit(message, text="new words")

    assert [m.text for m in delta.changed] == ["new words"]
    assert delta.changed[0].chat_id == message.chat_id
    assert server_queue(server)[message.id]["message"]["content"]["text"] == "new words"


async def test_send_now_removes_the_row_and_delivers_once(
    server: FakeServer, engine: SyncEngine
) -> None:
    message = next(iter(engine.messages.values()))

    delta = await engine.send_now(message)

    assert delta.removed == (message.id,)
    assert message.id not in engine.messages
    assert _delivered(server, message.id) == 1


async def test_send_all_removes_every_row_of_the_chat(
    server: FakeServer, engine: SyncEngine
) -> None:
    chat_id = next(iter(engine.messages.values())).chat_id
    assert chat_id is not None
    in_chat = {m.id for m in engine.messages.values() if m.chat_id == chat_id}

    delta = await engine.send_all(chat_id)

    assert set(delta.removed) == in_chat
    assert not any(m["chat_id"] == chat_id for m in server_queue(server).values())


async def test_delete_removes_the_row(server: FakeServer, engine: SyncEngine) -> None:
    message = next(iter(engine.messages.values()))

    delta = await engine.delete(message)

    assert delta.removed == (message.id,)
    assert message.id not in server_queue(server)
    assert _delivered(server, message.id) == 0


async def test_delete_all_removes_every_row_of_the_chat(
    server: FakeServer, engine: SyncEngine
) -> None:
    chat_id = next(iter(engine.messages.values())).chat_id
    assert chat_id is not None
    in_chat = {m.id for m in engine.messages.values() if m.chat_id == chat_id}

    delta = await engine.delete_all(chat_id)

    assert set(delta.removed) == in_chat
    assert engine.pending_count(chat_id) == 0


async def test_reschedule_time_based_changes_the_moved_rows(
    server: FakeServer, engine: SyncEngine
) -> None:
    message = _pick(engine, is_time_based=True)
    assert message.time is not None and message.chat_id is not None
    later = message.time + timedelta(days=1)

    delta = await engine.reschedule_time_based(message.chat_id, time=message.time, new_time=later)

    assert message.id in {m.id for m in delta.changed}
    assert engine.messages[message.id].time == later


async def test_reschedule_status_based_changes_the_moved_rows(
    server: FakeServer, engine: SyncEngine
) -> None:
    message = _pick(engine, schedule_status=ScheduleStatus.USER_AVAILABLE)
    assert message.chat_id is not None

    delta = await engine.reschedule_status_based(
        message.chat_id,
        existing_status=ScheduleStatus.USER_AVAILABLE,
        new_status=ScheduleStatus.CALL_END,
    )

    assert message.id in {m.id for m in delta.changed}
    assert engine.messages[message.id].schedule_status is ScheduleStatus.CALL_END


async def test_create_adds_the_new_row_in_its_chat(server: FakeServer, engine: SyncEngine) -> None:
    chat_id = next(iter(engine.messages.values())).chat_id
    assert chat_id is not None

    delta = await engine.create(chat_id, text="a new one", status=ScheduleStatus.CALL_END)

    assert [(m.text, m.chat_id) for m in delta.added] == [("a new one", chat_id)]
    assert delta.added[0].id in server_queue(server)


async def test_deleting_a_message_already_gone_removes_the_stale_row(
    server: FakeServer, engine: SyncEngine
) -> None:
    message = next(iter(engine.messages.values()))
    server.state.delete_message(message.id)
    seen: list[Delta] = []
    engine.subscribe(seen.append, lambda _: None)

    with pytest.raises(NotFoundError):
        await engine.delete(message)

    assert message.id not in engine.messages
    assert seen and seen[-1].removed == (message.id,)


async def _send_with_unknown_outcome(
    server: FakeServer, make_engine: Callable[..., SyncEngine]
) -> tuple[SyncEngine, ScheduledMessage]:
    """An engine whose send now of a message lost its answer: the fake applies the change, then
    cuts the answer short (no timing involved, so a loaded machine cannot change the outcome)."""
    engine = make_engine(server)
    await engine.refresh()
    message = next(iter(engine.messages.values()))
    server.state.set_faults(truncate_rate=1.0)
    with pytest.raises(OutcomeUnknownError):
        await engine.send_now(message)
    server.state.clear_faults()
    return engine, message


async def test_an_unknown_outcome_is_marked_and_never_repeated(
    server: FakeServer, make_engine: Callable[..., SyncEngine]
) -> None:
    engine, message = await _send_with_unknown_outcome(server, make_engine)

    assert engine.pending_outcome(message.id) is not None
    with pytest.raises(InputError, match="unknown outcome"):
        await engine.send_now(message)
    assert _delivered(server, message.id) <= 1


async def test_the_next_refresh_settles_an_unknown_outcome_to_the_servers_truth(
    server: FakeServer, make_engine: Callable[..., SyncEngine]
) -> None:
    engine, message = await _send_with_unknown_outcome(server, make_engine)

    await engine.refresh()

    assert engine.pending_outcome(message.id) is None
    assert (message.id in engine.messages) == (message.id in server_queue(server))
    assert _delivered(server, message.id) <= 1


async def test_an_unknown_outcome_that_did_happen_settles_as_removed(
    server: FakeServer, make_engine: Callable[..., SyncEngine]
) -> None:
    engine, message = await _send_with_unknown_outcome(server, make_engine)
    assert message.id not in server_queue(server)  # the server acted on the lost request
    assert message.id in engine.messages  # not removed on a guess

    delta = await engine.refresh()

    assert message.id in delta.removed
    assert _delivered(server, message.id) == 1
    assert engine.pending_outcome(message.id) is None
