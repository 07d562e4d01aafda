"""Find which chat each message is in, when the global listing does not say.

The documented global list carries no chat id, yet every action needs one. The resolver lists
the user's chats (GET /chats: a request per 100 chats) and then chats' scheduled messages, as
many per step as the spare budget allows (never into the reserve of the list budgets, which is
smaller in the first minute before the user acts: see :data:`EAGER_KEEP`), until every message
is mapped; between polls it resumes as soon as the budget frees (:meth:`budget_wait`). Each
chat's listing costs one of 20 requests a minute, so the order matters most: the chat listed
next is the one expected to map the most messages, from every clue the data gives
(:mod:`cliq_tui.sync.clues`: the text naming the DM partner or the channel, recency, which chat
types a message's wording and trigger fit). A chat checked after a message was first seen,
whose listing lacked it, cannot hold it (messages never move), so it is not checked again for
that message. A chat whose id cannot be one URL path segment (``.``, ``..``: see
:func:`~cliq_tui.api.validation.check_id`) is never listed; a message found in no other chat is
most likely in one of those, and its reason says so instead of "resolving" forever.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Callable
from datetime import datetime, timedelta

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import InputError, NotFoundError, PermissionDeniedError
from cliq_tui.api.models import Chat, ScheduledMessage, ScheduledMessageList
from cliq_tui.api.validation import check_id
from cliq_tui.base.textsafe import visible
from cliq_tui.sync.chat_pages import CallFn, ChatPager
from cliq_tui.sync.clues import ClueModel
from cliq_tui.sync.polling import reserve
from cliq_tui.sync.ports import Budgets, ChatReader
from cliq_tui.sync.store import QueueStore
from cliq_tui.sync.types import Delta

log = logging.getLogger(__name__)


# How long a chat list stays fresh enough when messages are still unmapped.
CHAT_LIST_TTL = timedelta(minutes=5)
# At a start, before the user has asked for anything, resolution may spend the per-chat listing
# budget down to this many requests (instead of the usual reserve, a quarter) for one budget
# window: every chat-scoped action waits for it, and nothing else needs that budget yet. The one
# kept settles an action whose outcome is unknown; another process's resolution holds back at
# half the budget either way (the budget is shared), so it loses nothing it had.
EAGER_KEEP = 1
EAGER_FOR = timedelta(seconds=60)


class ChatResolver:
    """Maps messages to chats within the budget, remembering what it checked.

    ``per_step`` caps the chats checked (and chats named) per step; None: the budget alone.
    ``keep_share`` is the share of each budget it never spends (a script leaves room for the
    next command); None: the background reserve, or :data:`EAGER_KEEP` of the per-chat budget
    in the first :data:`EAGER_FOR` while ``idle()`` says the user has not acted.
    """

    def __init__(
        self,
        client: ChatReader,
        store: QueueStore,
        budgets: Budgets,
        call: CallFn,
        clock: Callable[[], datetime],
        *,
        per_step: int | None = None,
        keep_share: float | None = None,
        idle: Callable[[], bool] | None = None,
    ) -> None:
        self._client = client
        self._store = store
        self._budgets = budgets
        self._call = call
        self._clock = clock
        self._per_step = per_step
        self._keep_share = keep_share
        self._idle = idle
        # The end of the eager window, set by the first step (a start's first minute).
        self._eager_until: datetime | None = None
        self._eager_over = idle is None or keep_share is not None
        self._listed_at: datetime | None = None
        # Ids of the chats in the last chat list: the chats to check.
        self._listed: set[str] = set()
        # The store's listing_seq when each chat's scheduled messages were last listed.
        self._checked_seq: dict[str, int] = {}
        self._missing_chats: set[str] = set()
        # Listed chats whose id cannot be used in a request path: never checked.
        self._unusable: set[str] = set()
        self._clues = ClueModel()
        # True once a chat list reached its last page (every chat of the user is in the store).
        self.listed_all = False

    # --- what the user sees ------------------------------------------------------------------

    def _needed_seq(self) -> int:
        """The newest first-seen listing among unmapped messages (-1 when all are mapped)."""
        seen = self._store.first_seen
        return max((seen.get(mid, 0) for mid in self._store.unresolved_ids()), default=-1)

    def _candidates(self) -> list[Chat]:
        needed = self._needed_seq()
        if needed < 0:
            return []
        return [
            chat
            for cid in self._listed
            if self._checked_seq.get(cid, -1) < needed and (chat := self._store.chats.get(cid))
        ]

    def _unmapped(self) -> list[ScheduledMessage]:
        messages = self._store.messages
        return [messages[mid] for mid in self._store.unresolved_ids() if mid in messages]

    def _scores(self) -> dict[str, float]:
        """Chat id -> the number of unmapped messages its listing is expected to map."""
        store = self._store
        self._clues.set_chats(store.chats[cid] for cid in self._listed if cid in store.chats)
        seen = store.first_seen
        checked = self._checked_seq
        listed = self._listed

        def possible(message_id: str, chat_id: str) -> bool:
            return chat_id in listed and checked.get(chat_id, -1) < seen.get(message_id, 0)

        mapped = [
            (store.messages[mid], cid)
            for mid, cid in store.chat_of.items()
            if mid in store.messages
        ]
        return self._clues.scores(self._unmapped(), possible, mapped)

    def next_chats(self, count: int = 1) -> list[Chat]:
        """The chats the resolver would list next, best first (what the clues point at)."""
        scores = self._scores()
        best = sorted(scores, key=lambda cid: (-scores[cid], cid))[:count]
        return [self._store.chats[cid] for cid in best]

    def progress(self) -> tuple[int, int]:
        """(chats checked for the current unmapped messages, chats to check in all)."""
        total = len(self._listed)
        return total - len(self._candidates()), total

    def reason(self, message_id: str) -> str | None:
        """Why a message's chat is unknown, or None when it is known."""
        if message_id in self._store.chat_of or message_id not in self._store.messages:
            return None
        if self._listed_at is None:
            return "chat not yet known: resolving (listing your chats)"
        checked, total = self.progress()
        if checked >= total and self._unusable:
            return (
                f"chat unknown: not in any of your {total} chats whose id can be used; likely in"
                f" a chat whose id cannot be used safely in a request ({self._unusable_names()})"
            )
        if checked >= total:
            return (
                f"chat not yet known: not found in any of your {total} chats yet; "
                "checking again shortly"
            )
        return f"chat not yet known: resolving ({checked} of {total} chats checked)"

    def _unusable_names(self) -> str:
        """The chats with unusable ids, by name and id (shown visibly), for a reason."""
        names = []
        for chat_id in sorted(self._unusable):
            chat = self._store.chats.get(chat_id)
            name = f'"{visible(chat.name)}" ' if chat is not None and chat.name else ""
            names.append(f"{name}id {visible(chat_id)!r}")
        return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")

    def _use(self, chat_ids: set[str]) -> set[str]:
        """The chat ids a request can name; the others are remembered as unusable."""
        usable = set()
        for chat_id in chat_ids:
            try:
                usable.add(check_id(chat_id, field="chat_id"))
            except InputError:
                if chat_id not in self._unusable:
                    log.info("chat %r has an id no request can name; not listing it", chat_id)
                self._unusable.add(chat_id)
        return usable

    def budget_wait(self) -> float | None:
        """Seconds until a step may list a chat again (0: now); None when no step would list
        one (nothing unmapped, no chat left to check) or the budget does not say."""
        if self._needed_seq() < 0 or not self._candidates():
            return None
        if self._can_spend(Endpoint.LIST_CHAT):
            return 0.0
        return self._budgets.seconds_until_free(Endpoint.LIST_CHAT)

    def unresolved_count(self) -> int:
        """How many messages still have no known chat."""
        return len(self._store.unresolved_ids())

    # --- work --------------------------------------------------------------------------------

    def _keep(self, endpoint: Endpoint) -> int:
        """Requests of ``endpoint`` this resolution leaves in the window."""
        usual = reserve(self._budgets, endpoint)
        if self._keep_share is not None:
            limit = self._budgets.limit(endpoint)
            return max(usual, math.ceil(limit * self._keep_share))
        if endpoint is Endpoint.LIST_CHAT and self._eager():
            return min(usual, EAGER_KEEP)
        return usual

    def _eager(self) -> bool:
        if self._eager_over or self._eager_until is None:
            return False
        if self._clock() >= self._eager_until or (self._idle is not None and not self._idle()):
            self._eager_over = True  # once the user acts, the reserve is theirs for good
        return not self._eager_over

    def _can_spend(self, endpoint: Endpoint) -> bool:
        return self._budgets.remaining(endpoint) > self._keep(endpoint)

    async def step(self) -> Delta:
        """Do a little resolution work within the budget; the delta of what was learnt.

        Errors other than a vanished chat propagate (the engine turns them into state).
        """
        delta = Delta()
        now = self._clock()
        if self._eager_until is None:
            self._eager_until = now + EAGER_FOR  # the first step starts the eager window
        unmapped = self._needed_seq() >= 0
        if not unmapped and not self._unnamed_chats():
            return delta
        # One chat list names most chats at once, cheaper than asking for each chat's details.
        stale = self._listed_at is None or (
            unmapped and not self._candidates() and now - self._listed_at >= CHAT_LIST_TTL
        )
        if stale and self._can_spend(Endpoint.LIST_CHATS):
            chats = await self._list_chats()
            self._listed_at = now
            self._unusable.clear()
            self._listed = self._use({c.chat_id for c in chats})
            # Chats not listed before get checked; chats re-listed keep their checked mark.
            delta = delta.merge(self._store.put_chats(chats))
        delta = delta.merge(await self._fill_chat_details())
        if not unmapped:
            return delta
        scores: dict[str, float] | None = None
        budget = self._per_step  # None: as many as the spare budget allows
        while budget is None or budget > 0:
            if not self._can_spend(Endpoint.LIST_CHAT):
                break
            if scores is None:
                scores = self._scores()
            if not scores:
                break
            current = scores
            chat_id = max(current, key=lambda cid: (current[cid], cid))
            budget = None if budget is None else budget - 1
            before = self.unresolved_count()
            seq = self._store.listing_seq
            try:
                listing: ScheduledMessageList = await self._call(
                    Endpoint.LIST_CHAT,
                    functools.partial(self._client.list_chat_scheduled_messages, chat_id),
                )
            except InputError:  # an id no request can name (the chat list was checked)
                log.info("chat %r has an id no request can name; skipping it", chat_id)
                self._unusable.add(chat_id)
                self._listed.discard(chat_id)
                scores.pop(chat_id, None)
                continue
            except (NotFoundError, PermissionDeniedError):  # gone
                log.info("chat %s is no longer accessible; skipping it", chat_id)
                self._listed.discard(chat_id)
                scores.pop(chat_id, None)
                continue
            self._checked_seq[chat_id] = seq
            delta = delta.merge(self._store.apply_chat_listing(chat_id, listing))
            if self._needed_seq() < 0:
                break
            if self.unresolved_count() != before:
                scores = None  # What was mapped no longer pulls; what is left weighs again.
            else:
                scores.pop(chat_id, None)
        return delta

    async def _list_chats(self) -> list[Chat]:
        """The user's chats, page by page (100 a page) while the budget allows (see
        :class:`~cliq_tui.sync.chat_pages.ChatPager`)."""
        pager = ChatPager(self._client, self._call, lambda: self._can_spend(Endpoint.LIST_CHATS))
        found: dict[str, Chat] = {}
        async for page in pager.pages():
            found.update((c.chat_id, c) for c in page)
        self.listed_all = self.listed_all or pager.complete
        return list(found.values())

    def _unnamed_chats(self) -> list[str]:
        """Chats that messages are in but whose details are not known."""
        chats = self._store.chats
        wanted = {cid for cid in self._store.chat_of.values() if cid not in chats}
        return sorted(wanted - self._missing_chats)

    async def _fill_chat_details(self) -> Delta:
        """Fetch name and type of chats that messages point at but no chat list included."""
        delta = Delta()
        if self._listed_at is None:
            return delta  # The chat list comes first.
        for cid in self._unnamed_chats()[: self._per_step]:
            if not self._can_spend(Endpoint.CHAT_DETAILS):
                break
            try:
                chat = await self._call(
                    Endpoint.CHAT_DETAILS, functools.partial(self._client.get_chat, cid)
                )
            except (NotFoundError, PermissionDeniedError, InputError):  # gone, or an unusable id
                self._missing_chats.add(cid)
                continue
            delta = delta.merge(self._store.put_chats([chat]))
        return delta
