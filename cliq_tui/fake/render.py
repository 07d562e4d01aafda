"""JSON shapes of chats and scheduled messages, as the spec's examples show them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cliq_tui.fake.model import FakeChat, FakeMessage


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo | None:
    """The IANA zone called ``name``, or None when there is no such zone."""
    if not name or len(name) > 100 or name.startswith("/") or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def iso_in_zone(epoch_ms: int, tz_name: str) -> str:
    """ISO 8601 with the offset of ``tz_name`` at that instant, e.g. 2026-06-06T21:00:00-07:00."""
    tz = zone(tz_name) or UTC
    try:
        return datetime.fromtimestamp(epoch_ms / 1000, tz).isoformat(timespec="seconds")
    except (OverflowError, ValueError, OSError):
        pass
    # Past the end (or before the start) of UTC's calendar, yet a valid wall time in a zone
    # behind (ahead of) UTC: 9999-12-31 23:00 in America/St_Johns is year 10000 in UTC.
    edge = datetime(9999, 12, 31, 12) if epoch_ms > 0 else datetime(1, 1, 1, 12)
    offset = tz.utcoffset(edge) or timedelta(0)
    try:
        local = datetime(1970, 1, 1) + (timedelta(milliseconds=epoch_ms) + offset)
    except OverflowError:
        local = edge
    return local.replace(tzinfo=timezone(offset)).isoformat(timespec="seconds")


def iso_utc_ms(epoch_ms: int) -> str:
    """ISO 8601 in UTC with milliseconds, e.g. 2025-04-10T14:30:00.000Z (as the chats spec)."""
    moment = datetime.fromtimestamp(epoch_ms / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def message_json(message: FakeMessage, *, chat_id: bool = False) -> dict[str, Any]:
    """A list or edit item; ``chat_id=True`` adds the chat id (not in the documented shape)."""
    item: dict[str, Any] = {
        "id": message.id,
        "timezone": message.timezone,
        "created_time": iso_in_zone(message.created_ms, message.timezone),
    }
    if message.time_ms is not None:
        item["time"] = iso_in_zone(message.time_ms, message.timezone)
    else:
        item["schedule_status"] = message.status
    if message.type == "file":
        # A removed attachment stays described in responses (see the spec's file_remove example).
        content: dict[str, Any] = {
            "file_name": message.file_name or "",
            "file_size": message.file_size or "",
            "comment": message.text,
        }
    else:
        content = {"text": message.text}
    item["message"] = {
        "sender": message.sender.to_json(),
        "type": message.type,
        "content": content,
        "is_pinned": message.is_pinned,
    }
    item["creator"] = message.creator.to_json()
    if chat_id:
        item["chat_id"] = message.chat_id
    for path, value in message.raw.items():
        *parents, last = path.split(".")
        node = item
        for key in parents:
            node = node.setdefault(key, {}) if isinstance(node, dict) else {}
        if isinstance(node, dict):
            node[last] = value
    return item


# How the v2 era spelled the chat types the fake seeds (v3 spelling -> v2 spelling).
V2_CHAT_TYPES = {"direct_message": "dm", "group_chat": "chat", "channel": "channel", "bot": "bot"}


def chat_json(chat: FakeChat, *, spelling: str = "v3") -> dict[str, Any]:
    """A v3-chat object; ``spelling="v2"`` gives ``chat_type`` as the v2 era spelled it."""
    chat_type = V2_CHAT_TYPES.get(chat.chat_type, chat.chat_type) if spelling == "v2" else None
    return {
        "chat_id": chat.chat_id,
        "name": chat.name,
        "chat_type": chat_type or chat.chat_type,
        "participant_count": chat.participant_count,
        "created_time": iso_utc_ms(chat.created_ms),
        "last_modified_time": iso_utc_ms(chat.last_modified_ms),
        "pinned": chat.pinned,
        "removed": chat.removed,
        "creator": chat.creator.to_json(),
        "unread_message_count": chat.unread_message_count,
    }


def v2_create_json(message: FakeMessage, user_id: str, user_name: str) -> dict[str, Any]:
    """The v2 create's answer as Zoho's v2 spec shows it: flat, times in epoch ms, no ``data``."""
    body: dict[str, Any] = {
        "id": message.id,
        "timezone": message.timezone,
        "created_time": message.created_ms,
        "creator": user_id,
        "message": {
            "msg": message.text,
            "chid": message.chat_id,
            "sender": user_id,
            "dname": user_name,
            "mtype": 12,
            "temp_info": {"api": True},
        },
    }
    if message.time_ms is not None:
        body["time"] = message.time_ms
        # Through iso_in_zone: a wall time at the end of year 9999 may be year 10000 in UTC.
        local = datetime.fromisoformat(iso_in_zone(message.time_ms, message.timezone))
        body["time_string"] = f"{local.year:04d}{local:%m%dT%H%M%S}"
    else:
        body["schedule_status"] = message.status
    return body
