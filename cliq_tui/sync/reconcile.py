"""Rolling reconciliation: one chat's full listing at a time, on the chat-list budget.

How Cliq reports deletions in incremental listings is not documented, so the engine cannot
trust them to empty the queue of what vanished. The periodic full listing does, but at a large
queue (5,000 messages are 50 pages against 20 list requests a minute) polling leaves it no
spare budget and it never starts. While a due full listing is held back like that (the
engine decides), the reconciler lists one chat at a time: a chat's own listing returns every
pending message of that chat, so anything the store maps to the chat and the listing lacks is
gone. Chats take turns (the chats that hold known messages, in id order) on the LIST_CHAT
budget, which polling never touches, and only while that budget stays
:data:`RECONCILE_HEADROOM` requests above its reserve: chat resolution and the settling of
uncertain actions come first. A chat that vanished or became inaccessible is skipped until its
turn comes again.
"""

from __future__ import annotations

import functools
import logging

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import InputError, NotFoundError, PermissionDeniedError
from cliq_tui.api.models import ScheduledMessageList
from cliq_tui.sync.chat_pages import CallFn
from cliq_tui.sync.polling import reserve
from cliq_tui.sync.ports import Budgets, ChatReader
from cliq_tui.sync.store import QueueStore

log = logging.getLogger(__name__)

# Chat-list requests above the reserve that reconciliation leaves for resolution and settling.
RECONCILE_HEADROOM = 5
# A chat listing answers at most this many messages a page.
CHAT_PAGE = 100


class ChatReconciler:
    """Lists one chat at a time, round-robin, within the spare LIST_CHAT budget."""

    def __init__(
        self, client: ChatReader, store: QueueStore, budgets: Budgets, call: CallFn
    ) -> None:
        self._client = client
        self._store = store
        self._budgets = budgets
        self._call = call
        # The chat listed last: the next turn goes to the chat after it in id order.
        self._cursor: str | None = None

    def next_chat(self) -> str | None:
        """The chat whose turn it is (None when no message has a known chat)."""
        chats = sorted(set(self._store.chat_of.values()))
        if not chats:
            return None
        later = [cid for cid in chats if self._cursor is None or cid > self._cursor]
        return (later or chats)[0]

    def _affordable(self, chat_id: str) -> bool:
        pages = self._store.pending_count(chat_id) // CHAT_PAGE + 1
        spare = self._budgets.remaining(Endpoint.LIST_CHAT) - reserve(
            self._budgets, Endpoint.LIST_CHAT
        )
        return spare - pages >= RECONCILE_HEADROOM

    async def step(self) -> tuple[str, ScheduledMessageList] | None:
        """List the next chat when the budget allows; (chat id, its listing) or None.

        Errors other than a vanished chat propagate (the engine logs them and carries on).
        """
        chat_id = self.next_chat()
        if chat_id is None or not self._affordable(chat_id):
            return None
        self._cursor = chat_id  # a failing chat must not stall the others
        try:
            listing: ScheduledMessageList = await self._call(
                Endpoint.LIST_CHAT,
                functools.partial(self._client.list_chat_scheduled_messages, chat_id),
            )
        except (NotFoundError, PermissionDeniedError, InputError):  # gone, or an unusable id
            log.info("chat %s could not be listed for reconciliation; skipping it", chat_id)
            return None
        return chat_id, listing
