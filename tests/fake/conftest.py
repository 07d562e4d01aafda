"""Plain-httpx clients for the fake server (never cliq_tui.api: drift must show)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from cliq_tui.fake import FakeServer

CHAT_MESSAGES = "/api/v3/chats/{}/scheduledmessages"


@pytest.fixture
def api(fake_server: FakeServer) -> Iterator[httpx.Client]:
    """An httpx client sending the fake's static token."""
    headers = {"Authorization": f"Zoho-oauthtoken {fake_server.token}"}
    with httpx.Client(base_url=fake_server.base_url, headers=headers, timeout=10) as client:
        yield client


@pytest.fixture
def control(fake_server: FakeServer) -> Iterator[httpx.Client]:
    """An httpx client for the ``/_fake/`` control endpoints."""
    with httpx.Client(base_url=fake_server.base_url + "/_fake", timeout=10) as client:
        yield client


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
