"""A create whose answer never comes: never sent again, settled by the next sync of its chat.

A create has no id to mark, so the engine remembers the request; the fake's fault injection
decides whether the create happened (``truncate``: applied, then the answer is cut) or not
(``reset``: the connection drops before the server acts). No timing is involved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from cliq_tui.api.errors import InputError, OutcomeUnknownError
from cliq_tui.api.models import ScheduleStatus
from cliq_tui.fake import FakeServer
from cliq_tui.sync.types import SyncStatus
from cliq_tui.sync.uncertain import CreateOutcome
from tests.support.engines import Rig, assert_queue_matches

SETTLE_AFTER = 20.0
ZONE = "Asia/Kolkata"
TEXT = "Board meeting moved to Thursday"


def creates(server: FakeServer) -> int:
    """How many v2 create requests reached the server."""
    return sum(1 for r in server.state.requests() if r["path"].startswith("/api/v2/"))


def made(server: FakeServer, text: str) -> list[str]:
    """Ids of pending messages on the server with ``text``."""
    return [m["id"] for m in server.state.messages() if m["message"]["content"].get("text") == text]


async def synced(make_rig: Callable[..., Rig]) -> tuple[Rig, str, datetime]:
    rig = make_rig(settle_after=SETTLE_AFTER, include_chat_id=True)
    await rig.engine.refresh(full=True)
    assert rig.engine.state.status is SyncStatus.SYNCED
    chat_id = next(c for c in map(rig.engine.chat_of, rig.engine.messages) if c)
    when = (rig.clock.now() + timedelta(hours=3)).replace(second=0, microsecond=0)
    return rig, chat_id, when


async def test_a_create_without_answer_is_never_sent_twice_and_the_sync_finds_it(
    make_rig: Callable[..., Rig],
) -> None:
    rig, chat_id, when = await synced(make_rig)
    engine, server = rig.engine, rig.server
    server.state.set_faults(truncate_rate=1.0)  # created, then the answer is cut

    with pytest.raises(OutcomeUnknownError, match="not repeated"):
        await engine.create(chat_id, text=TEXT, schedule_time=when, timezone=ZONE)
    server.state.clear_faults()
    uncertain = engine.create_outcome(chat_id, TEXT)
    assert uncertain is not None and uncertain.outcome is CreateOutcome.UNKNOWN
    # A second Save (or a retry) before the sync: refused, nothing sent.
    with pytest.raises(InputError, match="unknown outcome and was not repeated"):
        await engine.create(chat_id, text=TEXT, schedule_time=when, timezone=ZONE)
    assert creates(server) == 1

    await rig.refresh_later(SETTLE_AFTER)

    settled = engine.create_outcome(chat_id, TEXT)
    assert settled is not None and settled.outcome is CreateOutcome.CREATED
    assert made(server, TEXT) == [settled.found_id]
    assert settled.found_id in engine.messages
    # Saving again after it was found: told once that it exists, still not sent.
    with pytest.raises(InputError, match="created after all"):
        await engine.create(chat_id, text=TEXT, schedule_time=when, timezone=ZONE)
    assert creates(server) == 1
    assert made(server, TEXT) == [settled.found_id]
    assert_queue_matches(engine, server)


async def test_a_create_that_never_happened_is_offered_again_only_after_the_sync(
    make_rig: Callable[..., Rig],
) -> None:
    rig, chat_id, _when = await synced(make_rig)
    engine, server = rig.engine, rig.server
    server.state.set_faults(reset_rate=1.0)  # the connection drops before the server acts

    with pytest.raises(OutcomeUnknownError):
        await engine.create(chat_id, text=TEXT, status=ScheduleStatus.CHECK_OUT)
    server.state.clear_faults()
    with pytest.raises(InputError, match="unknown outcome"):
        await engine.create(chat_id, text=TEXT, status=ScheduleStatus.CHECK_OUT)

    await rig.refresh_later(SETTLE_AFTER)

    settled = engine.create_outcome(chat_id, TEXT)
    assert settled is not None and settled.outcome is CreateOutcome.MISSING
    assert made(server, TEXT) == []
    await engine.create(chat_id, text=TEXT, status=ScheduleStatus.CHECK_OUT)  # explicitly again
    assert len(made(server, TEXT)) == 1
    assert engine.create_outcome(chat_id, TEXT) is None
    assert creates(server) == 2
    assert_queue_matches(engine, server)


async def test_an_older_message_with_the_same_text_and_time_is_not_taken_for_the_new_one(
    make_rig: Callable[..., Rig],
) -> None:
    rig, chat_id, when = await synced(make_rig)
    engine, server = rig.engine, rig.server
    await engine.create(chat_id, text=TEXT, schedule_time=when, timezone=ZONE)
    [older] = made(server, TEXT)
    server.state.set_faults(reset_rate=1.0)

    with pytest.raises(OutcomeUnknownError):
        await engine.create(chat_id, text=TEXT, schedule_time=when, timezone=ZONE)
    server.state.clear_faults()
    await rig.refresh_later(SETTLE_AFTER)

    settled = engine.create_outcome(chat_id, TEXT)
    assert settled is not None and settled.outcome is CreateOutcome.MISSING
    assert made(server, TEXT) == [older]


async def test_a_different_text_in_the_same_chat_is_not_held_back(
    make_rig: Callable[..., Rig],
) -> None:
    rig, chat_id, when = await synced(make_rig)
    engine, server = rig.engine, rig.server
    server.state.set_faults(truncate_rate=1.0)
    with pytest.raises(OutcomeUnknownError):
        await engine.create(chat_id, text=TEXT, schedule_time=when, timezone=ZONE)
    server.state.clear_faults()

    await engine.create(chat_id, text="Something else", schedule_time=when, timezone=ZONE)

    assert len(made(server, "Something else")) == 1
    assert creates(server) == 2
