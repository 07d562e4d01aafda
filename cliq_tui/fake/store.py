"""Chats, pending messages, the change log behind sync tokens, and the delivery log.

Not thread-safe on its own: :class:`cliq_tui.fake.state.FakeState` guards it with a lock.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from bisect import bisect_right
from collections import deque
from dataclasses import dataclass
from typing import Any

from cliq_tui.fake.errors import ApiError, bad_request
from cliq_tui.fake.model import FakeChat, FakeMessage
from cliq_tui.fake.render import message_json

GLOBAL = "*"
"""The scope of the global list (per-chat lists are scoped by chat id)."""


@dataclass(frozen=True)
class Tombstone:
    """A message that left the queue (deleted or delivered), for incremental lists."""

    removed_seq: int
    message_id: str
    chat_id: str
    created_seq: int


def _sort_key(entry: tuple[Any, FakeMessage]) -> Any:
    return entry[0]


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _unb64(token: str) -> str:
    try:
        return base64.b64decode(token.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ValueError("not base64") from exc


class Store:
    """The user's chats and pending messages, with change sequence numbers."""

    def __init__(self, change_log_size: int = 5000, sync_token_ttl_ms: int = 86_400_000) -> None:
        self.chats: dict[str, FakeChat] = {}
        self.messages: dict[str, FakeMessage] = {}
        self.deliveries: list[dict[str, Any]] = []
        self.seq = 0
        # Tokens from another server run (or before a reset) must not be accepted.
        self.epoch = secrets.token_hex(4)
        self.sync_token_ttl_ms = sync_token_ttl_ms
        self._tombstones: deque[Tombstone] = deque()
        self._log_size = change_log_size
        # Sync tokens older than this sequence cannot be answered: their removals were forgotten.
        self.floor_seq = 0
        self._listing_cache: tuple[tuple[Any, ...], list[tuple[Any, FakeMessage]]] | None = None

    # --- changes ---------------------------------------------------------------------------

    def _next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def add(self, message: FakeMessage, *, seeded: bool = False) -> FakeMessage:
        """Put a new message in the queue (``seeded`` ones predate every sync token)."""
        seq = 0 if seeded else self._next_seq()
        message.created_seq = message.seq = seq
        self.messages[message.id] = message
        return message

    def touch(self, message: FakeMessage) -> None:
        """Record that ``message`` changed, so incremental lists return it."""
        message.seq = self._next_seq()

    def remove(self, message_id: str) -> FakeMessage | None:
        """Take a message out of the queue; incremental lists report it in ``deleted``."""
        message = self.messages.pop(message_id, None)
        if message is None:
            return None
        self._tombstones.append(
            Tombstone(self._next_seq(), message.id, message.chat_id, message.created_seq)
        )
        while len(self._tombstones) > self._log_size:
            self.floor_seq = self._tombstones.popleft().removed_seq
        return message

    def deliver(self, message_id: str, at_ms: int, via: str) -> dict[str, Any] | None:
        """Deliver a pending message: it leaves the queue and the delivery log gains an entry."""
        message = self.remove(message_id)
        if message is None:
            return None
        entry = {
            "id": message.id,
            "chat_id": message.chat_id,
            "at_ms": at_ms,
            "via": via,
            "type": message.type,
            "text": message.text,
        }
        self.deliveries.append(entry)
        chat = self.chats.get(message.chat_id)
        if chat is not None:
            chat.last_modified_ms = max(chat.last_modified_ms, at_ms)
        return entry

    def deliver_due(self, now_ms: int) -> list[dict[str, Any]]:
        """Deliver every time-based message due at or before ``now_ms``, earliest first."""
        due = sorted(
            (m for m in self.messages.values() if m.time_ms is not None and m.time_ms <= now_ms),
            key=lambda m: (m.time_ms, m.created_ms, m.id),
        )
        delivered = []
        for message in due:
            entry = self.deliver(message.id, message.time_ms or now_ms, "time")
            if entry is not None:
                delivered.append(entry)
        return delivered

    def pending_in(self, chat_id: str) -> list[FakeMessage]:
        """The chat's pending messages, oldest first."""
        return sorted(
            (m for m in self.messages.values() if m.chat_id == chat_id),
            key=lambda m: (m.created_ms, m.id),
        )

    # --- listing ---------------------------------------------------------------------------

    def sync_token(self, scope: str, seq: int, now_ms: int) -> str:
        """An opaque token meaning "the list in ``scope`` as of change ``seq``"."""
        return _b64(f"s1|{self.epoch}|{scope}|{seq}|{now_ms}")

    def parse_sync_token(self, token: str, scope: str, now_ms: int) -> int:
        """The change sequence a sync token stands for; 400 ``invalid_sync_token`` if unusable."""
        try:
            kind, epoch, token_scope, seq_text, issued_text = _unb64(token).split("|")
            seq, issued = int(seq_text), int(issued_text)
        except ValueError:
            raise _sync_error("The sync_token is not a token this server issued.") from None
        if kind != "s1" or epoch != self.epoch or seq > self.seq or seq < 0:
            raise _sync_error("The sync_token is not a token this server issued.")
        if token_scope != scope:
            raise _sync_error("The sync_token belongs to a different list.")
        if seq < self.floor_seq or now_ms - issued > self.sync_token_ttl_ms:
            raise _sync_error("The sync_token has expired: list again without it.")
        return seq

    def list_page(
        self,
        scope: str,
        *,
        limit: int,
        now_ms: int,
        sync_token: str | None = None,
        next_token: str | None = None,
        with_chat_id: bool = False,
    ) -> dict[str, Any]:
        """One page of a list: ``data``, ``sync_token`` and, when more follow, ``next_token``.

        Full lists walk messages by creation; incremental ones (from a sync token) walk changes
        since it and report removals in ``deleted`` on their first page.
        """
        if next_token:
            cursor = self._parse_next_token(next_token, scope, now_ms)
            since, upto, after = cursor["since"], cursor["upto"], cursor["after"]
        else:
            since = self.parse_sync_token(sync_token, scope, now_ms) if sync_token else None
            upto, after = self.seq, None
        keyed = self._listing(scope, since, upto)
        if after is not None:
            keyed = keyed[bisect_right(keyed, tuple(after), key=_sort_key) :]
        page, rest = keyed[:limit], keyed[limit:]
        body: dict[str, Any] = {
            "sync_token": self.sync_token(scope, upto, now_ms),
            "data": [message_json(m, chat_id=with_chat_id) for _, m in page],
        }
        if since is not None and after is None:
            body["deleted"] = [
                t.message_id
                for t in self._tombstones
                if since < t.removed_seq <= upto
                and t.created_seq <= since
                and (scope == GLOBAL or t.chat_id == scope)
            ]
        if rest:
            last_key = list(page[-1][0])
            cursor = {"e": self.epoch, "s": scope, "f": since, "u": upto, "a": last_key}
            body["next_token"] = _b64(json.dumps(cursor, separators=(",", ":")))
        return body

    def _listing(self, scope: str, since: int | None, upto: int) -> list[tuple[Any, FakeMessage]]:
        """The messages a list walks, sorted by their page key, remembered until a change.

        Every page of a listing walks the same sorted list; sorting 5,000 messages for each of
        50 pages made the fake, not the client, the slow part of big listings.
        """
        key = (scope, since, upto, self.seq, len(self.messages))
        if self._listing_cache is not None and self._listing_cache[0] == key:
            return self._listing_cache[1]
        in_scope = [m for m in self.messages.values() if scope == GLOBAL or m.chat_id == scope]
        if since is None:
            candidates = [m for m in in_scope if m.created_seq <= upto]
            keyed = sorted(((m.created_ms, m.id), m) for m in candidates)
        else:
            candidates = [m for m in in_scope if since < m.seq <= upto]
            keyed = sorted(((m.seq, m.id), m) for m in candidates)
        self._listing_cache = (key, keyed)
        return keyed

    def _parse_next_token(self, token: str, scope: str, now_ms: int) -> dict[str, Any]:
        try:
            cursor = json.loads(_unb64(token))
            since, upto, after = cursor["f"], cursor["u"], cursor["a"]
            valid = (
                cursor["e"] == self.epoch
                and isinstance(upto, int)
                and (since is None or isinstance(since, int))
                and isinstance(after, list)
                and len(after) == 2
            )
        except (ValueError, KeyError, TypeError):
            valid = False
        if not valid:
            raise bad_request(
                "invalid_next_token", "The next_token is not a token this server issued."
            )
        if cursor["s"] != scope:
            raise bad_request("invalid_next_token", "The next_token belongs to a different list.")
        if since is not None and since < self.floor_seq:
            raise _sync_error("The sync_token has expired: list again without it.")
        return {"since": since, "upto": upto, "after": after}


def _sync_error(message: str) -> ApiError:
    return bad_request("invalid_sync_token", message)
