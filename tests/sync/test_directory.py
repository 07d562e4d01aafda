"""The directory of every chat: listed lazily in pages of 100, within the GET /chats budget,
against the fake server over HTTP; what is known stays offered when the listing stops."""

from __future__ import annotations

from collections.abc import Callable

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.fake import FakeServer
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.polling import reserve
from tests.support.servers import (
    requests_recorded,
    requests_to,
    requests_to_recorded,
    total_requests,
)

MakeServer = Callable[..., FakeServer]
MakeEngine = Callable[..., SyncEngine]


def many_chats(make_server: MakeServer, chats: int = 350, **kw: object) -> FakeServer:
    """Items carry their chat id: chat resolution never lists the chats by itself."""
    return make_server(seed="generated", messages=30, chats=chats, include_chat_id=True, **kw)


async def listed_once(
    make_server: MakeServer, make_engine: MakeEngine, **kw: object
) -> tuple[FakeServer, SyncEngine]:
    """A server of many chats, and an engine that has listed its queue once."""
    server = many_chats(make_server, **kw)
    engine = make_engine(server)
    await engine.refresh()
    return server, engine


async def list_chats_requests(server: FakeServer, sent_before: int, sent: int) -> int:
    await requests_recorded(server, sent_before + sent)
    return requests_to(server, "list_chats")


async def test_every_chat_is_listed_on_the_first_ask_and_never_again(
    make_server: MakeServer, make_engine: MakeEngine
) -> None:
    server, engine = await listed_once(make_server, make_engine)
    known_at_start = len(engine.chats)
    assert requests_to(server, "list_chats") == 0, "nothing lists the chats before anyone asks"
    assert known_at_start < 350
    sizes: list[int] = []
    engine.directory.subscribe(lambda: sizes.append(len(engine.directory.chats())))
    before = total_requests(server)
    state = await engine.directory.load()
    assert state.complete and not state.loading and state.note is None
    assert set(engine.chats) == {c["chat_id"] for c in server.state.chats()}
    # Four pages of 100 (the last one short), each seen as it arrives.
    assert await list_chats_requests(server, before, 4) == 4
    assert engine.directory.requests == 4
    grown = sorted(set(sizes))
    assert grown[-1] == 350 and len([s for s in grown if s < 350]) >= 3
    await engine.directory.load()
    await engine.directory.load()
    assert requests_to(server, "list_chats") == 4, "cached for the session"


async def test_a_server_without_a_cursor_is_paged_by_time(
    make_server: MakeServer, make_engine: MakeEngine
) -> None:
    server, engine = await listed_once(make_server, make_engine, chats_paging="none")
    state = await engine.directory.load()
    assert state.complete
    assert set(engine.chats) == {c["chat_id"] for c in server.state.chats()}
    sent = engine.directory.requests
    assert await requests_to_recorded(server, "list_chats", sent) == sent <= 5


async def test_chats_listed_by_resolution_need_no_new_listing(
    make_server: MakeServer, make_engine: MakeEngine
) -> None:
    server = make_server()  # the documented items: no chat id, resolution lists the chats
    engine = make_engine(server)
    await engine.refresh()
    await engine.resolve()
    # Every GET /chats resolution sent, as the shared budget counted them, once recorded.
    sent = engine._core.budgets.used(Endpoint.LIST_CHATS)
    listed = await requests_to_recorded(server, "list_chats", sent)
    assert listed >= 1
    state = await engine.directory.load()
    assert state.complete
    assert requests_to(server, "list_chats") == listed
    assert engine.directory.requests == 0


async def test_the_listing_leaves_the_reserve_of_the_budget_alone(
    make_server: MakeServer, make_engine: MakeEngine
) -> None:
    server = many_chats(make_server, chats=900)
    engine = make_engine(server)
    budgets = engine._core.budgets
    keep = reserve(budgets, Endpoint.LIST_CHATS)
    client = engine._core.client
    # Something else (another command on the account) spent the budget down to three pages.
    spent = 0
    while budgets.remaining(Endpoint.LIST_CHATS) > keep + 3:
        await client.list_chats()
        spent += 1
    state = await engine.directory.load()
    assert engine.directory.requests == 3
    assert budgets.remaining(Endpoint.LIST_CHATS) == keep
    assert await requests_to_recorded(server, "list_chats", spent + 3) == spent + 3
    assert not state.complete and not state.loading
    assert state.note is not None and "budget low" in state.note
    assert len(engine.chats) >= 300  # what came is offered
    # With the budget at its reserve, a second ask sends nothing and says why in one line.
    again = await engine.directory.load()
    assert engine.directory.requests == 3
    assert again.note is not None and "budget spent" in again.note
    assert "\n" not in again.note


async def test_a_failure_keeps_the_chats_already_known_and_says_why(
    make_server: MakeServer, make_engine: MakeEngine
) -> None:
    server, engine = await listed_once(make_server, make_engine)
    known = set(engine.chats)

    def break_after_the_first_page() -> None:
        if len(engine.directory.chats()) > len(known):
            server.state.set_faults(error_rate=1.0)

    stop = engine.directory.subscribe(break_after_the_first_page)
    state = await engine.directory.load()
    stop()
    assert not state.complete and not state.loading
    assert state.note is not None and state.note.startswith("Listing your chats failed")
    assert "chats known" in state.note and "\n" not in state.note
    assert known < set(engine.chats), "the known chats and the first page stay"
    assert len(engine.chats) < 350
    # A later ask tries again and completes.
    server.state.clear_faults()
    assert (await engine.directory.load()).complete
    assert len(engine.chats) == 350


async def test_a_locked_chat_list_sends_nothing_and_says_for_how_long(
    make_server: MakeServer, make_engine: MakeEngine
) -> None:
    server, engine = await listed_once(make_server, make_engine)
    server.state.set_faults(throttle_all=True)
    state = await engine.directory.load()
    server.state.clear_faults()
    assert state.note is not None and state.note.startswith("Cliq's chat list is locked for ")
    sent = await requests_to_recorded(server, "list_chats", 1)  # the one that was refused
    again = await engine.directory.load()
    assert requests_to(server, "list_chats") == sent, "the lock is respected"
    assert again.note is not None and "locked" in again.note
