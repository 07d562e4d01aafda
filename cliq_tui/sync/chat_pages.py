"""The user's chats page by page (GET /chats, 100 a page), as far as the budget allows.

Used by chat resolution (which needs every chat's id) and by the chat directory (the picker of
the create dialog), so both page the same way, whatever the server does.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import Protocol, TypeVar

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.models import Chat, ChatList
from cliq_tui.sync.ports import ChatReader

T = TypeVar("T")

# GET /chats answers at most this many chats a request.
CHATS_PAGE = 100


class CallFn(Protocol):
    """Calls a client method while counting the request against ``endpoint`` (see the engine)."""

    def __call__(self, endpoint: Endpoint, fn: Callable[[], Awaitable[T]], /) -> Awaitable[T]: ...


class ChatPager:
    """Lists the user's chats: :meth:`pages` yields the chats each page adds.

    The first page is always asked for (the caller checked the budget); each later page only
    while ``may_continue()`` says the budget allows it. :attr:`complete` says, once the pages
    ran out, whether the last page was reached (False: the budget stopped it first).

    A page that carries a ``next_token`` is followed with it (v3), and the first page without
    one is the last. A server that gives no cursor at all (v2-era answers) is paged by time:
    the chats modified before the oldest one seen, then, when such a page comes oldest first
    (as filtered answers may), the chats between its newest one and that bound, until a page
    is not full. Bounds are inclusive by a millisecond and duplicates dropped, so ties are not
    lost. A server repeating its cursor stops the listing (it must not spend the budget).
    """

    def __init__(self, client: ChatReader, call: CallFn, may_continue: Callable[[], bool]) -> None:
        self._client = client
        self._call = call
        self._may_continue = may_continue
        self.complete = False

    async def _get(self, fn: Callable[[], Awaitable[ChatList]]) -> ChatList:
        return await self._call(Endpoint.LIST_CHATS, fn)

    async def pages(self) -> AsyncIterator[list[Chat]]:
        """The chats of each page that earlier pages did not have."""
        pages = await self._get(lambda: self._client.list_chats())
        found = {c.chat_id for c in pages}
        yield _unique(pages)
        tokens: set[str] = set()
        after: int | None = None
        before = _oldest_ms(pages)
        while True:
            token = pages.next_token
            if token in tokens:
                break  # a server repeating its cursor must not spend the budget
            if token:
                more = functools.partial(self._client.list_chats, next_token=token)
            elif not tokens and len(pages) >= CHATS_PAGE and before is not None:
                # No cursor from this server at all: a full page may have more after it.
                more = functools.partial(self._client.list_chats, modified_before=before + 1)
                if after is not None:
                    more = functools.partial(more, modified_after=after)
            else:
                self.complete = True
                break
            if not self._may_continue():
                return
            if token:
                tokens.add(token)
            pages = await self._get(more)
            fresh = _unique(c for c in pages if c.chat_id not in found)
            if not fresh and not pages.next_token:
                self.complete = True
                break
            found.update(c.chat_id for c in fresh)
            yield fresh
            stamps = _stamps_ms(pages)
            if len(stamps) >= 2 and stamps[0] < stamps[-1]:
                after = max(stamps) - 1  # oldest first: the gap is above this page
            elif stamps:
                before = min(stamps)  # newest first: the gap is below this page


def _unique(chats: Iterable[Chat]) -> list[Chat]:
    seen: dict[str, Chat] = {}
    for chat in chats:
        seen.setdefault(chat.chat_id, chat)
    return list(seen.values())


def _stamps_ms(chats: list[Chat]) -> list[int]:
    """The chats' last-modified times in epoch ms, in the order given."""
    return [
        int(c.last_modified_time.timestamp() * 1000)
        for c in chats
        if c.last_modified_time is not None
    ]


def _oldest_ms(chats: list[Chat]) -> int | None:
    stamps = _stamps_ms(chats)
    return min(stamps) if stamps else None
