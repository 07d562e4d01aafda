"""The async Cliq client: one method per operation.

INTERFACE STUB: the signatures below are the contract the sync layer, the CLI and the UI code
against. The bodies are filled in by the client work (issue 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import httpx

from cliq_tui.api.models import Chat, ScheduledMessage, ScheduledMessageList, ScheduleStatus

# A time accepted by the client: an aware datetime or epoch milliseconds.
When = datetime | int


class CliqClient:
    """A typed async client for Cliq Scheduled Messages v3 (plus chats v3 and the v2 create).

    ``base_url`` is the server root (``https://cliq.zoho.com``, or the fake server's
    ``http://127.0.0.1:PORT``); paths under ``/api/v3`` and ``/api/v2`` are added by the client.
    One long-lived ``httpx.AsyncClient`` is held; ``transport`` may be injected.
    """

    def __init__(
        self,
        base_url: str,
        auth: object,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 15.0,
    ) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> CliqClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the underlying HTTP connection pool."""
        raise NotImplementedError

    # --- reads -----------------------------------------------------------------------------

    async def list_scheduled_messages(
        self, *, sync_token: str | None = None, page_size: int = 100
    ) -> ScheduledMessageList:
        """Every pending message across chats, all pages (or only changes since ``sync_token``)."""
        raise NotImplementedError

    async def list_chat_scheduled_messages(
        self, chat_id: str, *, sync_token: str | None = None, page_size: int = 100
    ) -> ScheduledMessageList:
        """Every pending message in one chat, all pages; each item gets ``chat_id`` set."""
        raise NotImplementedError

    async def list_chats(
        self,
        *,
        chat_ids: Sequence[str] | None = None,
        chat_type: str | None = None,
        limit: int = 100,
        modified_after: When | None = None,
    ) -> list[Chat]:
        """The user's chats (GET /chats)."""
        raise NotImplementedError

    async def get_chat(self, chat_id: str) -> Chat:
        """One chat's details (GET /chats/{CHAT_ID})."""
        raise NotImplementedError

    # --- changes ---------------------------------------------------------------------------

    async def send_now(self, chat_id: str, message_id: str) -> None:
        """Deliver one pending message now."""
        raise NotImplementedError

    async def send_all_now(self, chat_id: str) -> None:
        """Deliver every pending message in the chat now."""
        raise NotImplementedError

    async def reschedule_time_based(
        self, chat_id: str, *, time: When, new_time: When, timezone: str | None = None
    ) -> list[ScheduledMessage]:
        """Move every time-based message due at ``time`` to ``new_time``; returns them."""
        raise NotImplementedError

    async def reschedule_status_based(
        self,
        chat_id: str,
        *,
        existing_status: ScheduleStatus | str,
        new_status: ScheduleStatus | str,
    ) -> list[ScheduledMessage]:
        """Move every message with trigger ``existing_status`` to ``new_status``; returns them."""
        raise NotImplementedError

    async def edit_message(
        self,
        chat_id: str,
        message_id: str,
        *,
        text: str | None = None,
        schedule_time: When | None = None,
        timezone: str | None = None,
        status: ScheduleStatus | str | None = None,
        remove_file: bool = False,
    ) -> ScheduledMessage:
        """Edit one message; returns it as the server now has it."""
        raise NotImplementedError

    async def delete_message(self, chat_id: str, message_id: str) -> None:
        """Delete one message."""
        raise NotImplementedError

    async def delete_all(self, chat_id: str) -> None:
        """Delete every scheduled message in the chat."""
        raise NotImplementedError

    async def create_message(
        self,
        chat_id: str,
        *,
        text: str,
        schedule_time: When | None = None,
        timezone: str | None = None,
        status: ScheduleStatus | str | None = None,
    ) -> ScheduledMessage | None:
        """Schedule a new text message (v2 endpoint); returns it when the server says what it is."""
        raise NotImplementedError
