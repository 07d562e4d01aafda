"""Fake Cliq servers for the tests: how they are configured and started, and what they hold.

Every test that talks HTTP talks to a real :class:`~cliq_tui.fake.FakeServer` on 127.0.0.1.
The readers here look at the server's state directly (never through our client), so a test
compares what the client did with what the server really has.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from cliq_tui.fake import FakeConfig, FakeServer

from .clock import START_MS

CHAT_MESSAGES = "/api/v3/chats/{}/scheduledmessages"
HOUR_MS = 3_600_000
# How long to wait for the fake to count what it answered; only a failing test waits this long
# (a loaded machine may take more than a moment).
PATIENCE_SECONDS = 15.0
# The demo app's OAuth client on the fake's accounts server.
REFRESH = {
    "grant_type": "refresh_token",
    "client_id": "demo-client",
    "client_secret": "demo-secret",
    "refresh_token": "demo-refresh",
}


def manual_config(**overrides: Any) -> FakeConfig:
    """The demo data on a manual clock at the fixed start, with ``overrides``."""
    return FakeConfig(**{"seed": "demo", "clock": "manual", "start_time_ms": START_MS, **overrides})


@contextmanager
def started_servers(**defaults: Any) -> Iterator[Callable[..., FakeServer]]:
    """A ``make(**overrides)`` that starts fake servers (``defaults`` then ``overrides`` over the
    manual demo config); every one is stopped on leaving."""
    started: list[FakeServer] = []

    def make(**overrides: Any) -> FakeServer:
        server = FakeServer(manual_config(**{**defaults, **overrides})).start()
        started.append(server)
        return server

    try:
        yield make
    finally:
        for server in started:
            server.stop()


# --- what the server holds ---------------------------------------------------------------------


def server_queue(server: FakeServer) -> dict[str, dict[str, Any]]:
    """The fake server's pending messages by id (each with its chat_id)."""
    return {m["id"]: m for m in server.state.messages()}


def pending(server: FakeServer, chat_id: str | None = None) -> list[dict[str, Any]]:
    """Pending messages (with chat_id), optionally of one chat."""
    return [m for m in server.state.messages() if chat_id is None or m["chat_id"] == chat_id]


def by_due(server: FakeServer) -> list[dict[str, Any]]:
    """The server's time-based messages, soonest first."""
    timed = [m for m in server.state.messages() if m.get("time")]
    return sorted(timed, key=lambda m: datetime.fromisoformat(str(m["time"])))


def chat_of_type(server: FakeServer, chat_type: str) -> str:
    """The id of the first chat of ``chat_type`` that has pending messages."""
    busy = {m["chat_id"] for m in server.state.messages()}
    for chat in server.state.chats():
        if chat["chat_type"] == chat_type and chat["chat_id"] in busy:
            return chat["chat_id"]
    raise LookupError(chat_type)


def first_chat_with(server: FakeServer, predicate: Any) -> tuple[str, list[dict[str, Any]]]:
    """A chat id with at least one pending message matching ``predicate``, and those messages."""
    by_chat: dict[str, list[dict[str, Any]]] = {}
    for m in server.state.messages():
        if predicate(m):
            by_chat.setdefault(m["chat_id"], []).append(m)
    chat_id = sorted(by_chat)[0]
    return chat_id, by_chat[chat_id]


def a_message(server: FakeServer, **match: Any) -> dict[str, Any]:
    """The first pending message (with chat_id) whose top-level fields match."""
    for m in server.state.messages():
        if all(m.get(k) == v for k, v in match.items()):
            return m
    raise AssertionError(f"no message with {match}")


def server_view(server: FakeServer) -> dict[str, tuple[str, str, str | None]]:
    """The fake's pending queue as id -> (chat, text or comment, due time or trigger)."""
    view = {}
    for item in server.state.messages():
        content = item["message"]["content"]
        text = content.get("text") if item["message"]["type"] == "text" else content.get("comment")
        when = (
            datetime.fromisoformat(item["time"]).astimezone(UTC).isoformat()
            if "time" in item
            else item.get("schedule_status")
        )
        view[item["id"]] = (item["chat_id"], text or "", when)
    return view


# --- what the server was asked -----------------------------------------------------------------


def requests_to(server: FakeServer, endpoint: str) -> int:
    """How many requests the fake server saw for an endpoint name in its stats (e.g. list_all)."""
    entry = server.state.stats()["endpoints"].get(endpoint)
    return entry["requests"] if entry else 0


def total_requests(server: FakeServer) -> int:
    """Every API (and OAuth) request the fake server saw."""
    return int(server.state.stats()["total"]["requests"])


def oauth_requests(server: FakeServer) -> int:
    """How many requests ``server``'s accounts endpoints received."""
    return sum(1 for r in server.state.requests() if r["path"].startswith("/oauth/"))


def stats_after(server: FakeServer, sent: int) -> dict[str, Any]:
    """The fake's stats once it has counted ``sent`` requests.

    The fake counts a request just after its response went out, so right after a call the last
    one may not be counted yet; waiting for the count (a state, not a time) closes that gap.
    """
    deadline = time.monotonic() + PATIENCE_SECONDS
    stats = server.state.stats()
    while stats["total"]["requests"] < sent and time.monotonic() < deadline:
        time.sleep(0.005)
        stats = server.state.stats()
    return stats


async def requests_to_recorded(server: FakeServer, endpoint: str, at_least: int) -> int:
    """:func:`requests_to` once the server has recorded ``at_least`` requests to ``endpoint``
    (it counts each just after its response went out)."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    while requests_to(server, endpoint) < at_least and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    return requests_to(server, endpoint)


async def requests_recorded(server: FakeServer, at_least: int) -> int:
    """The request count once the server has recorded ``at_least`` requests (as
    :func:`stats_after`, without blocking the event loop)."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    while time.monotonic() < deadline:
        count = total_requests(server)
        if count >= at_least:
            return count
        await asyncio.sleep(0.01)
    return total_requests(server)
