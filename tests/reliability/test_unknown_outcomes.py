"""Actions whose answer never arrives: reported as unknown, never repeated, settled by a sync.

The fake's delivery log is the witness: every message is delivered at most once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from cliq_tui.api.errors import InputError, OutcomeUnknownError
from cliq_tui.api.models import ScheduleStatus
from cliq_tui.fake import FakeServer
from cliq_tui.sync.types import SyncStatus
from tests.support.engines import Rig, assert_queue_matches, eventually

# The client gives up after 2 s; the server applies the change after 6 s all the same (margins
# a loaded machine cannot eat: a loopback connect never takes seconds).
TIMEOUT = 2.0
LATENCY_MS = 6000
SETTLE_AFTER = 20.0


def requests_for(server: FakeServer, method: str) -> int:
    """How many chat-scoped API requests with ``method`` reached the server."""
    return sum(
        1
        for r in server.state.requests()
        if r["method"] == method and r["path"].startswith("/api/v3/chats/")
    )


def delivered_at_most_once(server: FakeServer) -> bool:
    counts = Counter(d["id"] for d in server.state.deliveries())
    return all(n == 1 for n in counts.values())


async def synced_rig(make_rig: Callable[..., Rig], **kw: Any) -> Rig:
    rig = make_rig(timeout=TIMEOUT, settle_after=SETTLE_AFTER, include_chat_id=True, **kw)
    await rig.engine.refresh(full=True)
    assert rig.engine.state.status is SyncStatus.SYNCED
    return rig


ACTIONS = {"send-now": ("send_now", "POST"), "delete": ("delete", "DELETE")}


@pytest.mark.parametrize("action", list(ACTIONS))
async def test_a_timed_out_action_is_unknown_not_repeated_and_settled_by_the_next_sync(
    make_rig: Callable[..., Rig], action: str
) -> None:
    rig = await synced_rig(make_rig)
    engine, server = rig.engine, rig.server
    method_name, http_method = ACTIONS[action]
    message = next(m for m in engine.messages.values() if m.is_time_based)
    server.state.set_faults(latency_ms=LATENCY_MS)

    with pytest.raises(OutcomeUnknownError, match="may or may not have happened"):
        await getattr(engine, method_name)(message)

    assert "outcome unknown" in (engine.pending_outcome(message.id) or "")
    assert message.id in engine.messages  # not removed on a guess
    with pytest.raises(InputError, match="unknown outcome"):
        await getattr(engine, method_name)(message)  # the user cannot repeat it yet
    # The late request lands on the server after the client gave up.
    await eventually(lambda: server.state.message(message.id) is None, "the late change")
    server.state.clear_faults()

    rig.clock.advance(SETTLE_AFTER)
    await engine.refresh()

    assert message.id not in engine.messages
    assert engine.pending_outcome(message.id) is None
    assert requests_for(server, http_method) == 1
    via = [d["via"] for d in server.state.deliveries() if d["id"] == message.id]
    assert via == (["send_now"] if action == "send-now" else [])
    assert delivered_at_most_once(server)
    assert_queue_matches(engine, server)


async def test_a_reset_send_now_that_never_happened_is_settled_and_can_be_sent_once(
    make_rig: Callable[..., Rig],
) -> None:
    rig = await synced_rig(make_rig)
    engine, server = rig.engine, rig.server
    message = next(m for m in engine.messages.values() if m.is_time_based)
    server.state.set_faults(reset_rate=1.0)

    with pytest.raises(OutcomeUnknownError):
        await engine.send_now(message)
    server.state.clear_faults()
    rig.clock.advance(SETTLE_AFTER)
    await engine.refresh()

    assert message.id in engine.messages  # it did not happen, so it is still pending
    assert engine.pending_outcome(message.id) is None
    await engine.send_now(engine.messages[message.id])
    assert [d["id"] for d in server.state.deliveries()] == [message.id]
    assert_queue_matches(engine, server)


async def test_a_truncated_answer_to_send_now_is_unknown_and_delivered_once(
    make_rig: Callable[..., Rig],
) -> None:
    rig = await synced_rig(make_rig)
    engine, server = rig.engine, rig.server
    message = next(m for m in engine.messages.values() if m.is_time_based)
    server.state.set_faults(truncate_rate=1.0)

    with pytest.raises(OutcomeUnknownError):
        await engine.send_now(message)
    server.state.clear_faults()
    rig.clock.advance(SETTLE_AFTER)
    await engine.refresh()

    assert message.id not in engine.messages
    assert [d["id"] for d in server.state.deliveries()] == [message.id]
    assert requests_for(server, "POST") == 1
    assert_queue_matches(engine, server)


async def test_a_timed_out_send_all_is_settled_with_every_message_delivered_once(
    make_rig: Callable[..., Rig],
) -> None:
    rig = await synced_rig(make_rig)
    engine, server = rig.engine, rig.server
    counts = Counter(engine.chat_of(m) for m in engine.messages)
    chat_id = max((c for c in counts if c), key=lambda c: counts[c])
    in_chat = {m for m in engine.messages if engine.chat_of(m) == chat_id}
    server.state.set_faults(latency_ms=LATENCY_MS)

    with pytest.raises(OutcomeUnknownError):
        await engine.send_all(chat_id)
    await eventually(
        lambda: not any(m["chat_id"] == chat_id for m in server.state.messages()), "the late send"
    )
    server.state.clear_faults()
    rig.clock.advance(SETTLE_AFTER)
    await engine.refresh()

    assert not in_chat & set(engine.messages)
    assert {d["id"] for d in server.state.deliveries() if d["via"] == "send_now"} == in_chat
    assert delivered_at_most_once(server)
    assert requests_for(server, "POST") == 1
    assert_queue_matches(engine, server)


async def test_an_unreadable_answer_to_a_create_counts_as_created_so_it_is_not_made_twice(
    make_rig: Callable[..., Rig],
) -> None:
    rig = await synced_rig(make_rig)
    engine, server = rig.engine, rig.server
    chat_id = next(c for c in map(engine.chat_of, engine.messages) if c)
    text = "Quarterly numbers are in"
    server.state.set_faults(malformed_rate=1.0)  # created, then the answer is garbled

    await engine.create(chat_id, text=text, status=ScheduleStatus.CHECK_OUT)  # no error

    server.state.clear_faults()
    await rig.refresh_later(SETTLE_AFTER)
    made = [m["id"] for m in server.state.messages() if m["message"]["content"].get("text") == text]
    assert len(made) == 1
    assert made[0] in engine.messages
    creates = [r for r in server.state.requests() if r["path"].startswith("/api/v2/")]
    assert len(creates) == 1
    assert_queue_matches(engine, server)
