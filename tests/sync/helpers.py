"""Small helpers shared by the sync tests."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from cliq_tui.fake import FakeServer
from cliq_tui.sync.engine import SyncEngine


def server_queue(server: FakeServer) -> dict[str, dict[str, Any]]:
    """The fake server's pending messages by id (each with its chat_id)."""
    return {m["id"]: m for m in server.state.messages()}


def requests_to(server: FakeServer, endpoint: str) -> int:
    """How many requests the fake server saw for an endpoint name in its stats."""
    entry = server.state.stats()["endpoints"].get(endpoint)
    return entry["requests"] if entry else 0


# How long to wait for the fake to count what it answered; only a failing test waits this long
# (a loaded machine may take more than a moment).
PATIENCE_SECONDS = 15.0


def total_requests(server: FakeServer) -> int:
    """Every API request the fake server saw."""
    return int(server.state.stats()["total"]["requests"])


async def requests_recorded(server: FakeServer, at_least: int) -> int:
    """The request count once the server has recorded ``at_least`` requests.

    The fake records a request just after its response went out, so a client can see the
    response a moment before the count includes it.
    """
    deadline = time.monotonic() + PATIENCE_SECONDS
    while time.monotonic() < deadline:
        count = total_requests(server)
        if count >= at_least:
            return count
        await asyncio.sleep(0.01)
    return total_requests(server)


async def resolve_all(engine: SyncEngine, *, steps: int = 20) -> None:
    """Run resolution steps until every message has its chat (or the steps run out)."""
    for _ in range(steps):
        if all(m.chat_id for m in engine.messages.values()):
            return
        await engine.resolve()
