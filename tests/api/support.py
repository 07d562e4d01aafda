"""Test support for the client tests: a client on the fake server's manual clock."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from cliq_tui.api import CliqClient, OAuthRefresh, RetryPolicy, StaticToken
from cliq_tui.api.auth import Auth
from cliq_tui.fake import FakeServer

# A fixed start time (2026-06-01T09:00:00Z), as in tests/conftest.py.
FAKE_START_MS = 1_780_304_400_000


class RecordingTransport(httpx.AsyncHTTPTransport):
    """A real HTTP transport that remembers every request it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return await super().handle_async_request(request)

    def bodies(self) -> list[Any]:
        """The JSON bodies sent, in order (None for requests without one)."""
        return [json.loads(r.content) if r.content else None for r in self.sent]


@dataclass
class Harness:
    """A client wired to a fake server: its clock is the server's, its sleeps advance it."""

    server: FakeServer
    client: CliqClient
    transport: RecordingTransport
    sleeps: list[float] = field(default_factory=list)

    def stats(self) -> dict[str, Any]:
        """The fake's request stats, once it has counted every request this client sent.

        The fake counts a request after its response has gone out, so right after a call the
        last one may not be counted yet; waiting for the client's own count closes that gap.
        """
        return settled_stats(self.server, len(self.transport.sent))

    def served(self, endpoint: str) -> int:
        """How many requests the fake server received for ``endpoint`` (e.g. "list_all")."""
        entry = self.stats()["endpoints"].get(endpoint)
        return entry["requests"] if entry else 0

    def throttled(self) -> int:
        """How many requests the server refused as throttled."""
        return self.stats()["total"]["throttled"]


def settled_stats(server: FakeServer, sent: int, *, patience: float = 15.0) -> dict[str, Any]:
    """The server's stats once it has counted at least ``sent`` requests (or patience ran out)."""
    deadline = time.monotonic() + patience
    stats = server.state.stats()
    while stats["total"]["requests"] < sent and time.monotonic() < deadline:
        time.sleep(0.005)
        stats = server.state.stats()
    return stats


def make_harness(server: FakeServer, *, auth: Any = None, **kwargs: Any) -> Harness:
    """A harness for ``server``; keyword arguments go to :class:`CliqClient`."""
    transport = RecordingTransport()
    harness: Harness

    async def sleep(seconds: float) -> None:
        harness.sleeps.append(seconds)
        server.state.advance(seconds)

    kwargs.setdefault("retry", RetryPolicy(random=lambda: 0.5))
    client = CliqClient(
        server.base_url,
        auth if auth is not None else StaticToken(server.token),
        transport=transport,
        clock=lambda: server.state.now_ms() / 1000,
        sleep=sleep,
        **kwargs,
    )
    harness = Harness(server, client, transport)
    return harness


def first_chat_with(server: FakeServer, predicate: Any) -> tuple[str, list[dict[str, Any]]]:
    """A chat id with at least one pending message matching ``predicate``, and those messages."""
    by_chat: dict[str, list[dict[str, Any]]] = {}
    for m in server.state.messages():
        if predicate(m):
            by_chat.setdefault(m["chat_id"], []).append(m)
    chat_id = sorted(by_chat)[0]
    return chat_id, by_chat[chat_id]


def chat_of_type(server: FakeServer, chat_type: str) -> str:
    """The id of a chat of ``chat_type`` in the seed."""
    return next(c["chat_id"] for c in server.state.chats() if c["chat_type"] == chat_type)


# The same start in seconds, for the rate-budget tests' hand-moved clock.
BUDGET_START = FAKE_START_MS / 1000


class Clock:
    """A hand-moved clock in seconds."""

    def __init__(self, now: float = BUDGET_START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def oauth_process(server: FakeServer, folder: Path | None = None) -> OAuthRefresh:
    """The demo app's OAuth for one process, on the fake's manual clock.

    With ``folder`` the token is shared through a file there, as every process sharing it does.
    """
    return OAuthRefresh(
        "demo-client",
        "demo-secret",
        "demo-refresh",
        server.base_url,
        clock=lambda: server.state.now_ms() / 1000,
        token_dir=folder,
    )


def clocked_client(server: FakeServer, auth: Auth) -> CliqClient:
    """A client with ``auth`` on the fake's manual clock (real sleeps, default transport)."""
    return CliqClient(server.base_url, auth, clock=lambda: server.state.now_ms() / 1000)
