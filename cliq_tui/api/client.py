"""The async Cliq client: one method per operation, every request within its rate budget."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from cliq_tui.api import validation as v
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.errors import ResponseFormatError
from cliq_tui.api.http import json_body, parse_model
from cliq_tui.api.models import (
    Chat,
    ChatList,
    ScheduledMessage,
    ScheduledMessageList,
    ScheduleStatus,
    UnreadableItem,
    parse_items,
)
from cliq_tui.api.sender import Sender
from cliq_tui.api.v2create import created_message
from cliq_tui.api.validation import When

log = logging.getLogger("cliq_tui.api")

__all__ = ["CliqClient", "When"]

# A runaway next_token chain (a server bug) must not spend the whole budget.
_MAX_PAGES = 200


class CliqClient(Sender):
    """A typed async client for Cliq Scheduled Messages v3 (plus chats v3 and the v2 create).

    ``base_url`` is the server root (``https://cliq.zoho.com``, or the fake server's
    ``http://127.0.0.1:PORT``); paths under ``/api/v3`` and ``/api/v2`` are added by the client.
    One long-lived ``httpx.AsyncClient`` is held; ``transport`` may be injected. ``clock`` and
    ``sleep`` are injectable so budgets and validation can run on a simulated clock.
    """

    # --- reads -----------------------------------------------------------------------------

    async def list_scheduled_messages(
        self,
        *,
        sync_token: str | None = None,
        page_size: int = 100,
        max_wait: float | None = None,
    ) -> ScheduledMessageList:
        """Every pending message across chats, all pages (or only changes since ``sync_token``).

        Items that carry their chat (``known_chat_id``) get ``chat_id`` set. ``max_wait`` is how
        long each page may wait for the budget (default: the client's ``max_wait``); it applies
        to this call only, so other requests meanwhile still fail fast.
        """
        result = await self._list(Endpoint.LIST_ALL, {}, sync_token, page_size, max_wait)
        for problem in result.unreadable:
            log.info("list all: %s", problem.describe())
        for i, item in enumerate(result.data):
            known = item.known_chat_id
            if known and item.chat_id != known:
                result.data[i] = item.model_copy(update={"chat_id": known})
        return result

    async def list_chat_scheduled_messages(
        self,
        chat_id: str,
        *,
        sync_token: str | None = None,
        page_size: int = 100,
        max_wait: float | None = None,
    ) -> ScheduledMessageList:
        """Every pending message in one chat, all pages; each item gets ``chat_id`` set.

        ``max_wait``: as for :meth:`list_scheduled_messages`.
        """
        v.check_id(chat_id, field="chat_id")
        result = await self._list(
            Endpoint.LIST_CHAT, {"chat_id": chat_id}, sync_token, page_size, max_wait
        )
        result.data = [item.model_copy(update={"chat_id": chat_id}) for item in result.data]
        return result

    async def list_chats(
        self,
        *,
        chat_ids: Sequence[str] | None = None,
        chat_type: str | None = None,
        limit: int = 100,
        modified_after: When | None = None,
        modified_before: When | None = None,
        next_token: str | None = None,
        pages: int = 1,
    ) -> ChatList:
        """The user's chats (GET /chats); ``chat_type`` is the API filter (dm, channel, ...).

        v3 pages with ``next_token`` (v2-era answers have none): up to ``pages`` pages are
        followed, and the result's ``next_token`` is the cursor of the page after them (None
        when the server gave none). A ``next_token`` given continues a listing: it is sent
        with ``limit`` only, as the token stands for the filters of the listing.
        Without a cursor, older chats are reached with ``modified_before``.
        """
        if next_token:
            return await self._chat_pages({"next_token": next_token, "limit": limit}, pages)
        params: dict[str, Any] = {"limit": v.check_page_size(limit)}
        if chat_ids:
            params["chat_ids"] = ",".join(v.check_id(c, field="chat_ids") for c in chat_ids)
        if chat_type:
            params["type"] = chat_type
        if modified_after is not None:
            params["modified_after"] = v.epoch_ms(modified_after, field="modified_after")
        if modified_before is not None:
            params["modified_before"] = v.epoch_ms(modified_before, field="modified_before")
        return await self._chat_pages(params, pages)

    async def _chat_pages(self, params: dict[str, Any], pages: int) -> ChatList:
        """Up to ``pages`` pages of GET /chats from ``params``, following ``next_token``."""
        result = ChatList()
        seen: set[str] = set()
        for _ in range(max(1, min(pages, _MAX_PAGES))):
            response = await self._request(Endpoint.LIST_CHATS, params=params)
            body = json_body(response, Endpoint.LIST_CHATS)
            chats = body.get("chats", body.get("data"))
            if not isinstance(chats, list):
                raise ResponseFormatError(
                    "Cliq answered the list chats request without a chat list."
                )
            known = {c.chat_id for c in result}
            for raw in chats:
                # One odd chat must not hide the others (nor stop finding messages' chats).
                try:
                    chat = parse_model(Chat, raw, Endpoint.LIST_CHATS)
                except ResponseFormatError as exc:
                    log.info("list chats: skipped a chat: %s", exc)
                    continue
                if chat.chat_id not in known:
                    known.add(chat.chat_id)
                    result.append(chat)
            token = body.get("next_token")
            result.next_token = token if isinstance(token, str) and token else None
            if result.next_token is None:
                break
            if result.next_token in seen:
                raise ResponseFormatError("Cliq sent the same page token twice (list chats).")
            seen.add(result.next_token)
            params = {"next_token": result.next_token, "limit": params.get("limit", 100)}
        return result

    async def get_chat(self, chat_id: str) -> Chat:
        """One chat's details (GET /chats/{CHAT_ID})."""
        v.check_id(chat_id, field="chat_id")
        response = await self._request(Endpoint.CHAT_DETAILS, {"chat_id": chat_id})
        body = json_body(response, Endpoint.CHAT_DETAILS)
        return parse_model(Chat, body.get("data", body), Endpoint.CHAT_DETAILS)

    async def check_access(self) -> None:
        """One small request (a single page of one message) that proves the sign-in works."""
        response = await self._request(Endpoint.LIST_ALL, params={"limit": 1})
        json_body(response, Endpoint.LIST_ALL)

    # --- changes ---------------------------------------------------------------------------

    async def send_now(self, chat_id: str, message_id: str) -> None:
        """Deliver one pending message now."""
        v.check_id(chat_id, field="chat_id")
        v.check_id(message_id, field="message_id")
        await self._request(
            Endpoint.SEND_NOW, {"chat_id": chat_id}, json={"status": "send", "id": message_id}
        )

    async def send_all_now(self, chat_id: str) -> None:
        """Deliver every pending message in the chat now."""
        v.check_id(chat_id, field="chat_id")
        await self._request(
            Endpoint.SEND_NOW, {"chat_id": chat_id}, json={"status": "send", "apply_to": "all"}
        )

    async def reschedule_time_based(
        self, chat_id: str, *, time: When, new_time: When, timezone: str | None = None
    ) -> list[ScheduledMessage]:
        """Move every time-based message due at ``time`` to ``new_time``; returns them."""
        v.check_id(chat_id, field="chat_id")
        body = v.reschedule_time_body(
            now_ms=self.now_ms, time=time, new_time=new_time, timezone=timezone
        )
        return await self._reschedule(chat_id, body)

    async def reschedule_status_based(
        self,
        chat_id: str,
        *,
        existing_status: ScheduleStatus | str,
        new_status: ScheduleStatus | str,
    ) -> list[ScheduledMessage]:
        """Move every message with trigger ``existing_status`` to ``new_status``; returns them.

        Which chats accept which trigger is disputed, so nothing is refused before sending:
        Cliq's own refusal (``checkin_status_message_restricted``) is the answer.
        """
        v.check_id(chat_id, field="chat_id")
        body = v.reschedule_status_body(existing_status=existing_status, new_status=new_status)
        return await self._reschedule(chat_id, body)

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
        v.check_id(chat_id, field="chat_id")
        v.check_id(message_id, field="message_id")
        body = v.edit_body(
            now_ms=self.now_ms,
            text=text,
            schedule_time=schedule_time,
            timezone=timezone,
            status=status,
            remove_file=remove_file,
        )
        response = await self._request(
            Endpoint.EDIT, {"chat_id": chat_id, "message_id": message_id}, json=body
        )
        data = json_body(response, Endpoint.EDIT).get("data")
        item = parse_model(ScheduledMessage, data, Endpoint.EDIT)
        return item.model_copy(update={"chat_id": chat_id})

    async def delete_message(self, chat_id: str, message_id: str) -> None:
        """Delete one message."""
        v.check_id(chat_id, field="chat_id")
        v.check_id(message_id, field="message_id")
        await self._request(Endpoint.DELETE_ONE, {"chat_id": chat_id, "message_id": message_id})

    async def delete_all(self, chat_id: str) -> None:
        """Delete every scheduled message in the chat."""
        v.check_id(chat_id, field="chat_id")
        await self._request(Endpoint.DELETE_ALL, {"chat_id": chat_id})

    async def create_message(
        self,
        chat_id: str,
        *,
        text: str,
        schedule_time: When | None = None,
        timezone: str | None = None,
        status: ScheduleStatus | str | None = None,
    ) -> ScheduledMessage | None:
        """Schedule a new text message (v2 endpoint); returns it when the server says what it is.

        A time is sent as ``yyyyMMddTHHmmss`` in ``timezone`` (default: this machine's zone).
        """
        v.check_id(chat_id, field="chat_id")
        body = v.create_body(
            now_ms=self.now_ms,
            text=text,
            schedule_time=schedule_time,
            timezone=timezone,
            status=status,
        )
        response = await self._request(Endpoint.CREATE, {"chat_id": chat_id}, json=body)
        if response.status_code == 204 or not response.content:
            return None
        try:
            created = created_message(json_body(response, Endpoint.CREATE), Endpoint.CREATE)
        except ResponseFormatError:
            # Cliq said the message was created; an unreadable description of it must not make
            # the user create it again. The next sync shows it.
            log.warning("create: the answer to a successful create was unreadable")
            return None
        if created is None:
            return None
        # The chat the answer names (v2's message.chid) is the message's chat; else the one asked.
        return created.model_copy(update={"chat_id": created.known_chat_id or chat_id})

    # --- plumbing ----------------------------------------------------------------------------

    async def _reschedule(self, chat_id: str, body: dict[str, Any]) -> list[ScheduledMessage]:
        response = await self._request(Endpoint.RESCHEDULE, {"chat_id": chat_id}, json=body)
        if response.status_code == 204 or not response.content:
            return []
        data = json_body(response, Endpoint.RESCHEDULE).get("data", [])
        if isinstance(data, dict):
            data = [data]
        if not isinstance(data, list):
            raise ResponseFormatError("Cliq answered the bulk reschedule with an unexpected body.")
        return [
            parse_model(ScheduledMessage, item, Endpoint.RESCHEDULE).model_copy(
                update={"chat_id": chat_id}
            )
            for item in data
        ]

    async def _list(
        self,
        endpoint: Endpoint,
        path_params: dict[str, str],
        sync_token: str | None,
        page_size: int,
        max_wait: float | None = None,
    ) -> ScheduledMessageList:
        """Follow ``next_token`` to the last page and merge the pages into one result."""
        limit = v.check_page_size(page_size)
        items: dict[str, ScheduledMessage] = {}
        deleted: dict[str, None] = {}
        unreadable: list[UnreadableItem] = []
        seen: set[str] = set()
        next_token: str | None = None
        body: dict[str, Any] = {}
        for _ in range(_MAX_PAGES):
            params: dict[str, Any] = {"limit": limit}
            # Separate modes in v3: the first page carries the sync token, later ones only the
            # next token (it already stands for the incremental listing it continues).
            if next_token:
                params["next_token"] = next_token
            elif sync_token:
                params["sync_token"] = sync_token
            response = await self._request(
                endpoint,
                path_params,
                params=params,
                sync_token_sent=bool(sync_token),
                max_wait=max_wait,
            )
            body = json_body(response, endpoint)
            raw_items = body.get("data")
            if raw_items is not None and not isinstance(raw_items, list):
                raise ResponseFormatError(
                    f"Cliq answered the {endpoint.spec.label} request without a message list."
                )
            # Items are read one by one: an odd one is reported, the others kept.
            page = parse_model(ScheduledMessageList, {**body, "data": []}, endpoint)
            page.data, odd = parse_items(raw_items)
            unreadable.extend(odd)
            for item in page.data:
                items[item.id] = item
            for gone in page.deleted:
                deleted[gone] = None
            next_token = page.next_token
            if not next_token:
                break
            if next_token in seen:
                raise ResponseFormatError(
                    f"Cliq sent the same page token twice while listing ({endpoint.spec.label})."
                )
            seen.add(next_token)
        else:
            raise ResponseFormatError(f"Cliq kept sending pages ({endpoint.spec.label}).")
        return ScheduledMessageList(
            data=list(items.values()),
            sync_token=body.get("sync_token") or None,
            next_token=None,
            deleted=[d for d in deleted if d not in items],
            url=body.get("url"),
            type=body.get("type"),
            incremental=bool(sync_token),
            unreadable=unreadable,
        )
