"""Small helpers for the fake-server tests."""

from __future__ import annotations

from typing import Any

from cliq_tui.fake import FakeServer

CHAT_MESSAGES = "/api/v3/chats/{}/scheduledmessages"
HOUR_MS = 3_600_000


def chat_of_type(server: FakeServer, chat_type: str) -> str:
    """The id of the first chat of ``chat_type`` that has pending messages."""
    busy = {m["chat_id"] for m in server.state.messages()}
    for chat in server.state.chats():
        if chat["chat_type"] == chat_type and chat["chat_id"] in busy:
            return chat["chat_id"]
    raise LookupError(chat_type)


def pending(server: FakeServer, chat_id: str | None = None) -> list[dict[str, Any]]:
    """Pending messages (with chat_id), optionally of one chat."""
    return [m for m in server.state.messages() if chat_id is None or m["chat_id"] == chat_id]
