"""The resolver follows GET /chats' next_token where a page gives one, and stops on a loop."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.models import Chat, ChatList, ScheduledMessage, ScheduledMessageList
from cliq_tui.sync.polling import LocalBudget
from cliq_tui.sync.resolver import ChatResolver
from cliq_tui.sync.store import QueueStore

NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)


class Page(ChatList):
    pass


def chats(start: int, count: int) -> list[Chat]:
    return [
        Chat(
            chat_id=f"c{i}",
            name=f"Chat {i}",
            chat_type="group_chat",
            last_modified_time=NOW - timedelta(minutes=i),
        )
        for i in range(start, start + count)
    ]


class Client:
    """GET /chats in pages of 100 with a cursor (or a cursor that never moves)."""

    def __init__(self, total: int, *, stuck: bool = False) -> None:
        self.total = total
        self.stuck = stuck
        self.calls: list[dict[str, Any]] = []

    async def list_chats(self, **kw: Any) -> Page:
        self.calls.append(kw)
        offset = 0 if self.stuck else int(kw.get("next_token") or 0)
        page = Page(chats(offset, min(100, self.total - offset)))
        if self.stuck or offset + 100 < self.total:
            page.next_token = str(offset + 100)
        return page

    async def list_chat_scheduled_messages(self, chat_id: str) -> ScheduledMessageList:
        return ScheduledMessageList()

    async def get_chat(self, chat_id: str) -> Chat:
        raise AssertionError("every chat comes with the chat list here")


async def call(endpoint: Endpoint, fn: Callable[[], Awaitable[Any]]) -> Any:
    return await fn()


def resolver(client: Client) -> ChatResolver:
    store = QueueStore()
    item = ScheduledMessage.model_validate({"id": "m1", "message": {"content": {"text": "x"}}})
    store.apply_listing(ScheduledMessageList(data=[item]), full=True)
    return ChatResolver(client, store, LocalBudget(lambda: NOW), call, lambda: NOW, per_step=1)


async def test_every_page_of_chats_is_reached_by_its_next_token() -> None:
    client = Client(300)  # the last page is full, and has no cursor: nothing after it
    r = resolver(client)
    await r.step()
    assert client.calls == [{}, {"next_token": "100"}, {"next_token": "200"}]
    assert r.progress()[1] == 300


async def test_a_cursor_that_never_moves_stops_the_paging() -> None:
    client = Client(100, stuck=True)
    r = resolver(client)
    await r.step()
    assert len(client.calls) == 2
    assert r.progress()[1] == 100
