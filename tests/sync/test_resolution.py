"""Chat resolution: mapping messages to chats within the budget, and refusing actions until then."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cliq_tui.api.auth import StaticToken
from cliq_tui.api.budget import RateBudgets
from cliq_tui.api.client import CliqClient
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import InputError
from cliq_tui.api.retry import NO_RETRY
from cliq_tui.fake import FakeServer
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.polling import reserve
from cliq_tui.sync.resolver import EAGER_KEEP
from tests.support.clock import FakeClock
from tests.support.engines import resolve_all
from tests.support.servers import requests_to, server_queue


async def test_resolution_maps_every_message_to_its_real_chat(
    server: FakeServer, engine: SyncEngine
) -> None:
    await engine.refresh()
    assert not any(m.chat_id for m in engine.messages.values())

    await resolve_all(engine)

    truth = {mid: m["chat_id"] for mid, m in server_queue(server).items()}
    assert {mid: m.chat_id for mid, m in engine.messages.items()} == truth
    assert {engine.chat_of(mid) for mid in truth} <= set(engine.chats)
    assert engine.state.unresolved_chats == 0


async def test_items_that_carry_their_chat_need_no_per_chat_lists(
    make_server: Callable[..., FakeServer], make_engine: Callable[..., SyncEngine]
) -> None:
    server = make_server(include_chat_id=True)
    engine = make_engine(server)
    await engine.refresh()

    await engine.resolve()

    assert all(m.chat_id for m in engine.messages.values())
    assert requests_to(server, "list_chat") == 0
    assert all(engine.chats[m.chat_id].name for m in engine.messages.values() if m.chat_id)


async def test_resolution_leaves_a_quarter_of_the_chat_list_budget(
    server: FakeServer, engine: SyncEngine
) -> None:
    await engine.refresh()

    for _ in range(10):
        await engine.resolve()

    spent = requests_to(server, "list_chat")
    assert 0 < spent <= 15


async def test_one_step_maps_every_message_of_the_demo_within_the_spare_budget(
    server: FakeServer, engine: SyncEngine
) -> None:
    await engine.refresh()

    await engine.resolve()

    assert all(m.chat_id for m in engine.messages.values())
    assert all(engine.chats[m.chat_id].name for m in engine.messages.values() if m.chat_id)
    limit = Endpoint.LIST_CHAT.spec.per_minute
    assert requests_to(server, "list_chat") <= limit - reserve(None, Endpoint.LIST_CHAT)


async def test_a_resolution_step_stops_at_the_reserve_of_the_chat_list_budget(
    server: FakeServer, engine: SyncEngine
) -> None:
    await engine.refresh()
    budgets = engine._core.budgets
    assert isinstance(budgets, RateBudgets)
    spare = 2
    limit = budgets.limit(Endpoint.LIST_CHAT)
    for _ in range(limit - EAGER_KEEP - spare):
        budgets.try_acquire(Endpoint.LIST_CHAT)  # spent by earlier work this minute

    await engine.resolve()

    # In its first minute, before the user acts, resolution keeps only EAGER_KEEP.
    assert requests_to(server, "list_chat") == spare
    assert budgets.remaining(Endpoint.LIST_CHAT) == EAGER_KEEP
    assert any(not m.chat_id for m in engine.messages.values())


async def test_after_the_first_minute_resolution_keeps_the_whole_reserve(
    make_server: Callable[..., FakeServer],
) -> None:
    """The eager start is one window long: later windows leave the usual quarter."""
    server = make_server(seed="realistic", rate_limits=False)
    clock = FakeClock(1_000_000.0)
    budgets = RateBudgets(clock=clock)
    client = CliqClient(server.base_url, StaticToken(server.token), retry=NO_RETRY, budgets=budgets)
    engine = SyncEngine(client, clock=clock.now)
    try:
        await engine.refresh()
        limit = budgets.limit(Endpoint.LIST_CHAT)
        for _ in range(limit):
            budgets.try_acquire(Endpoint.LIST_CHAT)  # a first minute spent elsewhere
        await engine.resolve()
        assert requests_to(server, "list_chat") == 0
        clock.advance(120.0)  # the window has passed, and the eager start with it

        await engine.resolve()
    finally:
        await client.aclose()

    # 19 listings would map everything; the reserve stops it at 15.
    assert requests_to(server, "list_chat") == limit - reserve(budgets, Endpoint.LIST_CHAT)
    assert budgets.remaining(Endpoint.LIST_CHAT) == reserve(budgets, Endpoint.LIST_CHAT)


async def test_a_cold_start_spends_the_first_window_down_to_the_eager_keep(
    make_server: Callable[..., FakeServer], make_engine: Callable[..., SyncEngine]
) -> None:
    """300 chats, 12 holding messages: 19 listings map all at once, one request stays."""
    server = make_server(seed="realistic")
    engine = make_engine(server)
    await engine.refresh()

    await engine.resolve()

    assert all(m.chat_id for m in engine.messages.values())
    spent = requests_to(server, "list_chat")
    assert spent > 20 - reserve(None, Endpoint.LIST_CHAT)  # into the usual reserve
    assert spent <= 20 - EAGER_KEEP
    assert server.state.stats()["total"]["throttled"] == 0


async def test_an_unresolved_message_says_why(
    server: FakeServer, make_engine: Callable[..., SyncEngine]
) -> None:
    engine = make_engine(server, resolve_per_step=1)
    await engine.refresh()
    await engine.resolve()  # lists the chats and checks one
    pending = [mid for mid, m in engine.messages.items() if not m.chat_id]
    assert pending, "a step of one chat should not resolve every chat of the demo"

    reason = engine.unresolved(pending[0])

    assert reason is not None and "chats checked" in reason
    progress = engine.state.resolving
    assert progress is not None and progress.checked < progress.total


async def test_chat_scoped_actions_refuse_until_the_chat_is_known(
    server: FakeServer, engine: SyncEngine
) -> None:
    await engine.refresh()
    message = next(iter(engine.messages.values()))

    with pytest.raises(InputError, match="chat not yet known"):
        await engine.send_now(message)

    assert requests_to(server, "send_now") == 0
    assert message.id in server_queue(server)


async def test_a_message_created_later_is_resolved_too(
    make_server: Callable[..., FakeServer], make_engine: Callable[..., SyncEngine]
) -> None:
    # Twice the budget, on both sides, so two full rounds of resolution fit in one minute.
    server = make_server(rate_scale=2.0)
    engine = make_engine(server, budget_scale=2.0)
    await engine.refresh()
    await resolve_all(engine)
    chat_id = next(iter(server_queue(server).values()))["chat_id"]
    new = server.state.create_message(chat_id, text="from the phone", status="call_end")

    await engine.refresh()
    await resolve_all(engine)

    assert engine.messages[new["id"]].chat_id == chat_id


def test_resolution_resumes_when_its_budget_frees_not_at_the_next_poll(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without the eager start, the first window takes 15 listings; the rest go out the moment
    the oldest leaves the 61 s window (simulated time), not at the poll tick after it."""
    from benchmarks.resolution import resolution
    from cliq_tui.sync import resolver

    monkeypatch.setattr(resolver, "EAGER_KEEP", reserve(None, Endpoint.LIST_CHAT))

    result = resolution()

    first_listing, budget_window = 0.05, 61.0
    assert result.progress[-1][1] == result.messages
    assert result.mapped_by(first_listing) < result.messages
    assert result.progress[-1][0] == pytest.approx(first_listing + budget_window, abs=0.1)
    assert result.throttled == 0


async def test_a_message_in_a_chat_whose_id_is_unusable_says_why_instead_of_resolving_forever(
    make_server: Callable[..., FakeServer], make_engine: Callable[..., SyncEngine]
) -> None:
    # The hostile seed has a chat with id "." (and "%2e"); its message arrives without a chat id.
    server = make_server(seed="hostile", rate_limits=False)
    engine = make_engine(server)
    await engine.refresh()
    await resolve_all(engine)
    dot = next(m for m in server_queue(server).values() if m["chat_id"] == ".")
    assert not engine.messages[dot["id"]].chat_id

    reason = engine.unresolved(dot["id"])

    assert reason is not None and "resolving" not in reason and "checking again" not in reason
    assert "\"Dot chat\" id '.'" in reason and "cannot be used safely" in reason
    assert requests_to(server, "list_chat") == len(engine.chats) - 2  # "." and "%2e" never listed
    # Every other message is mapped, and says nothing.
    mapped = [m for m in engine.messages.values() if m.id != dot["id"]]
    assert all(m.chat_id and engine.unresolved(m.id) is None for m in mapped)
