"""The local queue: messages, chats, the message-to-chat mapping and the sync token.

The store is plain data with no I/O. Every change goes through a method that returns the
:class:`Delta` it caused, compared by value, so listeners only hear about rows that really changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from cliq_tui.api.models import Chat, ScheduledMessage, ScheduledMessageList
from cliq_tui.sync.types import Delta


class QueueStore:
    """Every pending message by id, every known chat by id, and which chat each message is in."""

    def __init__(self) -> None:
        self.messages: dict[str, ScheduledMessage] = {}
        self.chats: dict[str, Chat] = {}
        # A message never moves between chats, so a mapping once learnt is kept for its lifetime.
        self.chat_of: dict[str, str] = {}
        self.sync_token: str | None = None
        # Counts global listings applied; the resolver uses it to know which chats were checked
        # after a message was first seen (a chat checked later that lacked it cannot hold it).
        self.listing_seq: int = 0
        self.first_seen: dict[str, int] = {}

    # --- reads -------------------------------------------------------------------------------

    def unresolved_ids(self) -> list[str]:
        """Ids of pending messages whose chat is not known yet."""
        return [mid for mid in self.messages if mid not in self.chat_of]

    def messages_in(self, chat_id: str) -> list[ScheduledMessage]:
        """Pending messages known to be in the chat."""
        return [m for mid, m in self.messages.items() if self.chat_of.get(mid) == chat_id]

    def pending_count(self, chat_id: str) -> int:
        """How many pending messages are known to be in the chat."""
        return sum(1 for mid in self.messages if self.chat_of.get(mid) == chat_id)

    # --- writes ------------------------------------------------------------------------------

    def _with_chat(self, message: ScheduledMessage, chat_id: str | None = None) -> ScheduledMessage:
        """The message with ``chat_id`` filled in from the item, the caller or the mapping."""
        known = chat_id or message.known_chat_id or self.chat_of.get(message.id)
        if known:
            self.chat_of[message.id] = known
            if message.chat_id != known:
                return message.model_copy(update={"chat_id": known})
        return message

    def _put(
        self,
        message: ScheduledMessage,
        added: list[ScheduledMessage],
        changed: list[ScheduledMessage],
    ) -> None:
        old = self.messages.get(message.id)
        if old is None:
            added.append(message)
            self.first_seen.setdefault(message.id, self.listing_seq)
        elif old != message:
            changed.append(message)
        else:
            return
        self.messages[message.id] = message

    def _drop(self, message_id: str) -> bool:
        if self.messages.pop(message_id, None) is None:
            return False
        self.chat_of.pop(message_id, None)
        self.first_seen.pop(message_id, None)
        return True

    def apply_listing(
        self, listing: ScheduledMessageList, *, full: bool, skip: Iterable[str] = ()
    ) -> Delta:
        """Apply a global listing: a full one replaces the queue, an incremental one patches it.

        ``skip`` holds ids an action touched after the listing was requested: the listing may
        predate the action, so it must not undo the action's result. Items the listing could
        not read keep their last known copy (they are reported, not removed).
        """
        skipped = set(skip) | _unreadable_ids(listing)
        self.listing_seq += 1
        added: list[ScheduledMessage] = []
        changed: list[ScheduledMessage] = []
        seen: set[str] = set()
        for item in listing.data:
            seen.add(item.id)
            if item.id not in skipped:
                self._put(self._with_chat(item), added, changed)
        if full:
            gone = [mid for mid in self.messages if mid not in seen and mid not in skipped]
        else:
            gone = [mid for mid in listing.deleted if mid not in skipped and mid not in seen]
        removed = tuple(mid for mid in gone if self._drop(mid))
        if listing.sync_token:
            self.sync_token = listing.sync_token
        return Delta(tuple(added), tuple(changed), removed)

    def apply_chat_listing(
        self, chat_id: str, listing: ScheduledMessageList, *, skip: Iterable[str] = ()
    ) -> Delta:
        """Apply a full listing of one chat: maps its messages and removes what it lacks."""
        skipped = set(skip) | _unreadable_ids(listing)
        added: list[ScheduledMessage] = []
        changed: list[ScheduledMessage] = []
        seen: set[str] = set()
        for item in listing.data:
            seen.add(item.id)
            if item.id not in skipped:
                self._put(self._with_chat(item, chat_id), added, changed)
        gone = [
            mid
            for mid, cid in self.chat_of.items()
            if cid == chat_id and mid not in seen and mid not in skipped
        ]
        removed = tuple(mid for mid in gone if self._drop(mid))
        return Delta(tuple(added), tuple(changed), removed)

    def upsert(self, messages: Iterable[ScheduledMessage], chat_id: str | None = None) -> Delta:
        """Add or update messages (from an action's response)."""
        added: list[ScheduledMessage] = []
        changed: list[ScheduledMessage] = []
        for message in messages:
            self._put(self._with_chat(message, chat_id), added, changed)
        return Delta(tuple(added), tuple(changed))

    def remove(self, message_ids: Iterable[str]) -> Delta:
        """Remove messages (sent, deleted or gone)."""
        return Delta(removed=tuple(mid for mid in list(message_ids) if self._drop(mid)))

    def put_chats(self, chats: Iterable[Chat]) -> Delta:
        """Add or update chats; the delta lists only new or changed ones."""
        out: list[Chat] = []
        for chat in chats:
            if self.chats.get(chat.chat_id) != chat:
                self.chats[chat.chat_id] = chat
                out.append(chat)
        return Delta(chats=tuple(out))

    def apply_shared(
        self,
        *,
        messages: Iterable[ScheduledMessage],
        chats: Iterable[Chat],
        mapping: dict[str, str],
        removed: Iterable[str],
        complete: bool,
        sync_token: str | None,
    ) -> Delta:
        """Apply what another process wrote to the shared cache: rows it changed and ids it
        removed, or (``complete``) the whole queue, dropping whatever it lacks."""
        chat_delta = self.put_chats(chats)
        added: list[ScheduledMessage] = []
        changed: list[ScheduledMessage] = []
        seen: set[str] = set()
        for message in messages:
            seen.add(message.id)
            self._put(self._with_chat(message, mapping.get(message.id)), added, changed)
        gone = [mid for mid in self.messages if mid not in seen] if complete else removed
        dropped = tuple(mid for mid in list(gone) if mid not in seen and self._drop(mid))
        if sync_token is not None:
            self.sync_token = sync_token
        return Delta(tuple(added), tuple(changed), dropped, chat_delta.chats)

    def load(
        self,
        *,
        messages: Iterable[ScheduledMessage],
        chats: Iterable[Chat],
        mapping: dict[str, str],
        sync_token: str | None,
    ) -> Delta:
        """Fill an empty store from the cache; the delta adds everything."""
        self.chat_of.update(mapping)
        chat_delta = self.put_chats(chats)
        delta = self.upsert(messages)
        self.sync_token = sync_token
        return Delta(added=delta.added + delta.changed, chats=chat_delta.chats)


def _unreadable_ids(listing: ScheduledMessageList) -> set[str]:
    return {item.id for item in listing.unreadable if item.id}
