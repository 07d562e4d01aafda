"""A tiny in-memory stand-in for CliqClient, for tests that need a simulated clock.

Tests against real HTTP use the fake server; this one exists for what a real server cannot do
quickly: an hour of polling in a moment. It records the (simulated) time of every call.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.models import (
    Chat,
    ChatList,
    ScheduledMessage,
    ScheduledMessageList,
    ScheduleStatus,
)


def _stamp_ms(chat: Chat) -> float:
    """The chat's last-modified time in epoch ms (every chat here has one)."""
    assert chat.last_modified_time is not None
    return chat.last_modified_time.timestamp() * 1000


class MemoryClient:
    """Chats and messages in dicts; lists with sync tokens and ``deleted``; no budgets.

    Its reads are simulated; its changes are not (the tests that use it only read).
    """

    budgets = None  # the engine counts the requests itself

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.clock = clock
        self.chats: dict[str, Chat] = {}
        self.messages: dict[str, tuple[str, ScheduledMessage]] = {}
        self.calls: list[tuple[Endpoint, datetime]] = []
        self._version = itertools.count(1)
        self._changed_at: dict[str, int] = {}
        self._deleted_at: dict[str, int] = {}
        self._now_version = 0

    # --- server-side changes ---------------------------------------------------------------

    def add(self, chat_id: str, message_id: str, text: str = "hi") -> None:
        """Add a chat (when new; each newer than the last) and a message in it."""
        stamp = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=len(self.chats))
        self.chats.setdefault(
            chat_id, Chat(chat_id=chat_id, name=f"chat {chat_id}", last_modified_time=stamp)
        )
        item = ScheduledMessage.model_validate(
            {
                "id": message_id,
                "schedule_status": "call_end",
                "message": {"content": {"text": text}},
            }
        )
        self.messages[message_id] = (chat_id, item)
        self._bump(message_id)

    def drop(self, message_id: str) -> None:
        """Delete a message server-side."""
        self.messages.pop(message_id)
        self._now_version = next(self._version)
        self._deleted_at[message_id] = self._now_version

    def _bump(self, message_id: str) -> None:
        self._now_version = next(self._version)
        self._changed_at[message_id] = self._now_version

    # --- the client interface --------------------------------------------------------------

    async def list_scheduled_messages(
        self,
        *,
        sync_token: str | None = None,
        page_size: int = 100,
        max_wait: float | None = None,
    ) -> ScheduledMessageList:
        self.calls.append((Endpoint.LIST_ALL, self.clock()))
        since = int(sync_token) if sync_token else 0
        data = [m for mid, (_, m) in self.messages.items() if self._changed_at[mid] > since]
        deleted = [mid for mid, v in self._deleted_at.items() if v > since] if since else []
        return ScheduledMessageList(
            data=data,
            sync_token=str(self._now_version),
            deleted=deleted,
            incremental=bool(sync_token),
        )

    async def list_chat_scheduled_messages(
        self, chat_id: str, *, sync_token: str | None = None, page_size: int = 100
    ) -> ScheduledMessageList:
        self.calls.append((Endpoint.LIST_CHAT, self.clock()))
        data = [m for cid, m in self.messages.values() if cid == chat_id]
        return ScheduledMessageList(data=data, sync_token=str(self._now_version))

    async def list_chats(
        self,
        *,
        limit: int = 100,
        modified_after: int | None = None,
        modified_before: int | None = None,
        next_token: str | None = None,
    ) -> ChatList:
        """Newest first, at most ``limit``, like GET /chats (with its modified filters; no
        cursor, as v2-era answers)."""
        self.calls.append((Endpoint.LIST_CHATS, self.clock()))
        chats = sorted(self.chats.values(), key=_stamp_ms, reverse=True)
        if modified_before is not None:
            chats = [c for c in chats if _stamp_ms(c) < modified_before]
        if modified_after is not None:
            chats = [c for c in chats if _stamp_ms(c) > modified_after]
        return ChatList(chats[:limit])

    async def get_chat(self, chat_id: str) -> Chat:
        self.calls.append((Endpoint.CHAT_DETAILS, self.clock()))
        return self.chats[chat_id]

    # --- changes: not simulated ------------------------------------------------------------

    def _unsimulated(self, what: str) -> AssertionError:
        return AssertionError(f"MemoryClient does not simulate {what}; use the fake server")

    async def edit_message(
        self,
        chat_id: str,
        message_id: str,
        *,
        text: str | None = None,
        schedule_time: datetime | int | None = None,
        timezone: str | None = None,
        status: ScheduleStatus | None = None,
        remove_file: bool = False,
    ) -> ScheduledMessage:
        raise self._unsimulated("edits")

    async def send_now(self, chat_id: str, message_id: str) -> None:
        raise self._unsimulated("sends")

    async def delete_message(self, chat_id: str, message_id: str) -> None:
        raise self._unsimulated("deletes")

    async def send_all_now(self, chat_id: str) -> None:
        raise self._unsimulated("sends")

    async def delete_all(self, chat_id: str) -> None:
        raise self._unsimulated("deletes")

    async def reschedule_time_based(
        self, chat_id: str, *, time: datetime, new_time: datetime, timezone: str | None = None
    ) -> list[ScheduledMessage]:
        raise self._unsimulated("reschedules")

    async def reschedule_status_based(
        self, chat_id: str, *, existing_status: ScheduleStatus, new_status: ScheduleStatus
    ) -> list[ScheduledMessage]:
        raise self._unsimulated("reschedules")

    async def create_message(
        self,
        chat_id: str,
        *,
        text: str,
        schedule_time: datetime | None = None,
        timezone: str | None = None,
        status: ScheduleStatus | None = None,
    ) -> ScheduledMessage | None:
        raise self._unsimulated("creates")
