"""A message due in year 9999 at UTC-12 (year 10000 in UTC, past what a datetime holds) among
the hostile seed's: the event tracker that watches the engine's deltas must not raise, since it
is told of a delta before the dashboard is. It raised, so the dashboard never learnt which chat
any message was in: every row said "? resolving chat" while the engine had mapped them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from cliq_tui.fake import FakeServer
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.events import EventTracker, QueueEvent, Seen
from cliq_tui.sync.types import Delta, SyncState
from tests.support.engines import resolve_all


def test_a_due_time_past_year_9999_reads_as_none_not_an_error() -> None:
    beyond = Seen(None, 253402300800000 + 12 * 3600 * 1000, None, "Etc/GMT+12", "d")
    assert beyond.due is None
    before_year_1 = Seen(None, -62135596800000 - 1000, None, None, "d")
    assert before_year_1.due is None


async def test_the_dashboard_hears_every_mapping_on_the_hostile_seed(
    make_server: Callable[..., FakeServer], make_engine: Callable[..., SyncEngine]
) -> None:
    server = make_server(seed="hostile", rate_limits=False)
    engine = make_engine(server)
    events: list[QueueEvent] = []
    tracker = EventTracker(clock=lambda: datetime.now(UTC), on_event=events.append)
    engine.observe(tracker.observe)
    heard: dict[str, str | None] = {}

    def on_delta(delta: Delta) -> None:
        for message in (*delta.added, *delta.changed):
            heard[message.id] = message.chat_id

    def on_state(_state: SyncState) -> None:
        pass

    engine.subscribe(on_delta, on_state)
    await engine.refresh()
    await resolve_all(engine)
    mapped = {m.id: m.chat_id for m in engine.messages.values() if m.chat_id}
    assert len(mapped) >= len(engine.messages) - 1  # all but the one in the chat named "."
    assert {mid: heard.get(mid) for mid in mapped} == mapped


async def test_an_observer_that_fails_does_not_keep_the_delta_from_the_dashboard(
    make_server: Callable[..., FakeServer], make_engine: Callable[..., SyncEngine]
) -> None:
    """Whatever else goes wrong in a watcher of the deltas (the activity log, a heads-up), the
    dashboard is still told: a change it never hears of is a screen that lies."""
    engine = make_engine(make_server(seed="demo", rate_limits=False))

    def broken(_delta: Delta, _action: str | None) -> None:
        raise RuntimeError("a watcher's bug")

    engine.observe(broken)
    heard: list[Delta] = []
    engine.subscribe(heard.append, lambda _state: None)
    await engine.refresh()
    assert heard and sum(len(d.added) for d in heard) == len(engine.messages) > 0
