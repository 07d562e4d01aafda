"""Every change the engine sees becomes a typed event: the classifier with pinned clocks, and
the engine against the fake server on its manual clock (delivery by the fake, changes through
its control side as another device, actions of ours)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from cliq_tui.fake import FakeServer
from cliq_tui.sync.events import EventKind, EventTracker, QueueEvent, Seen, Source, classify
from cliq_tui.sync.types import Delta, SyncState
from tests.support.clock import FakeClock
from tests.support.engines import Rig, rig_on
from tests.support.messages import NOW as START
from tests.support.messages import message
from tests.support.servers import by_due, started_servers

NOON = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def seen(due: datetime | None = NOON, status: str | None = None, digest: str = "d1") -> Seen:
    due_ms = int(due.timestamp() * 1000) if due is not None else None
    return Seen("chat-1", due_ms, status, "UTC", digest)


# --- the classifier, pure ----------------------------------------------------------------------


def test_a_time_based_message_gone_after_its_due_time_was_delivered_observed() -> None:
    [event] = classify(
        "m1",
        seen(),
        None,
        action=None,
        seen_before=NOON + timedelta(seconds=3),
        observed_at=NOON + timedelta(seconds=5),
    )
    assert (event.kind, event.source) == (EventKind.DELIVERED, Source.OBSERVED)
    assert event.describe(UTC) == (
        "left the queue between 12:00:03 and 12:00:05, at or after its due time 12:00: "
        "delivered (observed)"
    )


def test_a_time_based_message_gone_before_its_due_time_was_deleted_elsewhere() -> None:
    [event] = classify(
        "m1",
        seen(),
        None,
        action=None,
        seen_before=NOON - timedelta(minutes=5),
        observed_at=NOON - timedelta(minutes=4),
    )
    assert (event.kind, event.source) == (EventKind.DELETED, Source.ELSEWHERE)
    assert "before its due time 12:00" in event.describe(UTC)
    assert event.describe(UTC).endswith("deleted elsewhere")


def test_a_span_that_holds_the_due_time_says_so() -> None:
    [event] = classify(
        "m1",
        seen(),
        None,
        action=None,
        seen_before=NOON - timedelta(seconds=2),
        observed_at=NOON + timedelta(seconds=2),
    )
    assert event.kind is EventKind.DELIVERED
    assert "its due time 12:00 within that span" in event.describe(UTC)


def test_a_status_based_message_gone_without_our_action_was_delivered_observed() -> None:
    [event] = classify("m1", seen(None, "check_in"), None, action=None, observed_at=NOON)
    assert (event.kind, event.source, event.trigger) == (
        EventKind.DELIVERED,
        Source.OBSERVED,
        "check_in",
    )
    assert "waiting for check-in: delivered (observed)" in event.describe(UTC)


@pytest.mark.parametrize(
    ("action", "kind"), [("send now", EventKind.DELIVERED), ("delete", EventKind.DELETED)]
)
def test_our_own_removals_are_this_apps(action: str, kind: EventKind) -> None:
    [event] = classify("m1", seen(), None, action=action, observed_at=NOON)
    assert (event.kind, event.source, event.action) == (kind, Source.THIS_APP, action)


def test_changes_are_edits_and_reschedules_and_a_chat_learnt_is_nothing() -> None:
    later = NOON + timedelta(hours=1)
    kinds = [
        e.kind
        for e in classify("m", seen(), seen(later, digest="d2"), action=None, observed_at=NOON)
    ]
    assert kinds == [EventKind.EDITED, EventKind.RESCHEDULED]
    assert classify("m", seen(), seen(digest="d2"), action="edit", observed_at=NOON)[0].source is (
        Source.THIS_APP
    )
    moved = Seen(None, seen().due_ms, None, "UTC", "d1")
    assert classify("m", moved, seen(), action=None, observed_at=NOON) == []


def test_the_tracker_takes_its_first_listing_as_the_queue_and_reports_what_follows() -> None:
    clock = FakeClock(START)
    heard: list[QueueEvent] = []
    tracker = EventTracker(clock=clock.now, on_event=heard.append)
    first = message(1)
    assert tracker.observe(Delta(added=(first,))) == []
    tracker.on_state(SyncState(last_synced=START))
    clock.advance(timedelta(minutes=2))
    other = message(2, minutes=60)
    events = tracker.observe(Delta(added=(other,), removed=(first.id,)))
    assert [(e.kind, e.source, e.message_id) for e in events] == [
        (EventKind.CREATED, Source.ELSEWHERE, other.id),
        (EventKind.DELIVERED, Source.OBSERVED, first.id),
    ]
    assert events[1].seen_before == START
    assert heard == events
    # What it remembers holds no text, and a tracker built on it resumes without replaying.
    assert "message number" not in str(tracker.snapshot()[other.id].to_json())
    again = EventTracker(clock=clock.now, known=tracker.snapshot())
    assert again.observe(Delta(added=(other,))) == []


def test_json_of_an_event_has_iso_times_and_the_chat_name() -> None:
    [event] = classify("m1", seen(), None, action=None, observed_at=NOON + timedelta(seconds=5))
    data = event.to_json("Team")
    assert data["type"] == "delivered" and data["source"] == "observed"
    assert data["chat_id"] == "chat-1" and data["chat_name"] == "Team"
    assert data["observed_at"] == "2026-06-01T12:00:05.000+00:00"
    assert data["timezone"] == "UTC"
    assert data["due"] == "2026-06-01T12:00:00+00:00"


# --- against the fake server ------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with started_servers() as make:
        yield make()


@pytest.fixture
async def rig(server: FakeServer) -> AsyncIterator[tuple[Rig, list[QueueEvent]]]:
    rig = rig_on(server, settle_after=0.0)
    events: list[QueueEvent] = []
    tracker = EventTracker(clock=rig.clock.now, on_event=events.append)
    rig.engine.observe(tracker.observe)
    rig.engine.subscribe(lambda _d: None, tracker.on_state)
    await rig.engine.refresh(full=True)
    assert events == []  # the first listing is the queue as it is
    try:
        yield rig, events
    finally:
        await rig.client.aclose()


def _time_based(server: FakeServer) -> dict[str, Any]:
    return by_due(server)[0]


async def _poll(rig: Rig, seconds: float = 5.0) -> None:
    rig.clock.advance(seconds)
    await rig.engine.refresh()


async def test_the_fake_delivering_a_due_message_is_delivered_observed(
    rig: tuple[Rig, list[QueueEvent]], server: FakeServer
) -> None:
    engine_rig, events = rig
    first = _time_based(server)
    mid = str(first["id"])
    due = engine_rig.engine.messages[mid].time
    assert due is not None
    engine_rig.clock.set(due + timedelta(seconds=1))  # the fake delivers it
    assert server.state.message(mid) is None
    await _poll(engine_rig, 2)
    mine = [e for e in events if e.message_id == mid]
    assert [(e.kind, e.source) for e in mine] == [(EventKind.DELIVERED, Source.OBSERVED)]
    assert mine[0].seen_before is not None and mine[0].observed_at >= due
    assert "delivered (observed)" in mine[0].describe(UTC)


async def test_a_delete_by_another_device_before_the_due_time_is_deleted_elsewhere(
    rig: tuple[Rig, list[QueueEvent]], server: FakeServer
) -> None:
    engine_rig, events = rig
    mid = str(_time_based(server)["id"])
    assert server.state.delete_message(mid)
    await _poll(engine_rig)
    assert [(e.kind, e.source, e.message_id) for e in events] == [
        (EventKind.DELETED, Source.ELSEWHERE, mid)
    ]


async def test_a_status_event_delivers_and_is_observed(
    rig: tuple[Rig, list[QueueEvent]], server: FakeServer
) -> None:
    engine_rig, events = rig
    waiting = [m for m in server.state.messages() if m.get("schedule_status")]
    status = str(waiting[0]["schedule_status"])
    delivered = {str(d["id"]) for d in server.state.emit_status(status)}
    assert delivered
    await _poll(engine_rig)
    got = {e.message_id for e in events if e.kind is EventKind.DELIVERED}
    assert got == delivered
    assert all(e.source is Source.OBSERVED and e.trigger == status for e in events)


async def test_creates_edits_and_reschedules_elsewhere(
    rig: tuple[Rig, list[QueueEvent]], server: FakeServer
) -> None:
    engine_rig, events = rig
    target = _time_based(server)
    mid, chat_id = str(target["id"]), str(target["chat_id"])
    created = server.state.create_message(
        chat_id, text="from a phone", time_ms=server.state.now_ms() + 7_200_000
    )
    server.state.update_message(mid, text="changed on a phone")
    await _poll(engine_rig)
    server.state.update_message(mid, time_ms=server.state.now_ms() + 9_000_000)
    await _poll(engine_rig)
    assert [(e.kind, e.source, e.message_id) for e in events] == [
        (EventKind.CREATED, Source.ELSEWHERE, created["id"]),
        (EventKind.EDITED, Source.ELSEWHERE, mid),
        (EventKind.RESCHEDULED, Source.ELSEWHERE, mid),
    ]


async def test_our_own_actions_are_this_apps_and_not_reported_again_by_the_next_poll(
    rig: tuple[Rig, list[QueueEvent]], server: FakeServer
) -> None:
    engine_rig, events = rig
    engine = engine_rig.engine
    mid = str(_time_based(server)["id"])
    chat_id = str(server.state.message(mid)["chat_id"])  # type: ignore[index]
    await engine.refresh(full=True)
    message = engine.messages[mid].model_copy(update={"chat_id": chat_id})
    await engine.edit(message, text="edited here")
    await engine.delete(engine.messages[mid])
    await _poll(engine_rig)
    assert [(e.kind, e.source, e.action) for e in events] == [
        (EventKind.EDITED, Source.THIS_APP, "edit"),
        (EventKind.DELETED, Source.THIS_APP, "delete"),
    ]


async def test_without_deleted_ids_the_full_listing_still_tells_delivered_from_deleted(
    server: FakeServer,
) -> None:
    server.state.report_deletions = False  # how Cliq reports removals is undocumented
    engine_rig = rig_on(server, settle_after=0.0)
    events: list[QueueEvent] = []
    tracker = EventTracker(clock=engine_rig.clock.now, on_event=events.append)
    engine_rig.engine.observe(tracker.observe)
    engine_rig.engine.subscribe(lambda _d: None, tracker.on_state)
    try:
        await engine_rig.engine.refresh(full=True)
        timed = by_due(server)
        early, late = str(timed[0]["id"]), str(timed[-1]["id"])
        server.state.delete_message(late)
        due = engine_rig.engine.messages[early].time
        assert due is not None
        engine_rig.clock.set(due + timedelta(seconds=1))
        await engine_rig.engine.refresh(full=True)
        kinds = {e.message_id: (e.kind, e.source) for e in events}
        assert kinds[early] == (EventKind.DELIVERED, Source.OBSERVED)
        assert kinds[late] == (EventKind.DELETED, Source.ELSEWHERE)
    finally:
        await engine_rig.client.aclose()
