"""Our client on a fake server: real HTTP, the server's manual clock, and a record of requests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from cliq_tui.api import CliqClient, OAuthRefresh, RetryPolicy, StaticToken
from cliq_tui.api.auth import Auth
from cliq_tui.fake import FakeServer

from .clock import FakeClock
from .servers import stats_after


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
    clock: FakeClock
    sleeps: list[float] = field(default_factory=list)

    def stats(self) -> dict[str, Any]:
        """The fake's request stats, once it has counted every request this client sent."""
        return stats_after(self.server, len(self.transport.sent))

    def served(self, endpoint: str) -> int:
        """How many requests the fake server received for ``endpoint`` (e.g. "list_all")."""
        entry = self.stats()["endpoints"].get(endpoint)
        return entry["requests"] if entry else 0

    def throttled(self) -> int:
        """How many requests the server refused as throttled."""
        return self.stats()["total"]["throttled"]


def make_harness(server: FakeServer, *, auth: Any = None, **kwargs: Any) -> Harness:
    """A harness for ``server``; keyword arguments go to :class:`CliqClient`."""
    transport = RecordingTransport()
    clock = FakeClock.of(server)
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.advance(seconds)

    kwargs.setdefault("retry", RetryPolicy(random=lambda: 0.5))
    client = CliqClient(
        server.base_url,
        auth if auth is not None else StaticToken(server.token),
        transport=transport,
        clock=clock,
        sleep=sleep,
        **kwargs,
    )
    return Harness(server, client, transport, clock, sleeps)


def oauth_process(
    server: FakeServer, folder: Path | None = None, *, secret: str = "demo-secret"
) -> OAuthRefresh:
    """The demo app's OAuth for one process, on the fake's manual clock.

    With ``folder`` the token is shared through a file there, as every process sharing it does.
    """
    return OAuthRefresh(
        "demo-client",
        secret,
        "demo-refresh",
        server.base_url,
        clock=FakeClock.of(server),
        token_dir=folder,
    )


def clocked_client(server: FakeServer, auth: Auth) -> CliqClient:
    """A client with ``auth`` on the fake's manual clock (real sleeps, default transport)."""
    return CliqClient(server.base_url, auth, clock=FakeClock.of(server))
