"""Fixtures for sync tests: fake servers with chosen configs, and engines wired to them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cliq_tui.api.auth import StaticToken
from cliq_tui.api.budget import RateBudgets
from cliq_tui.api.client import CliqClient
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.api.retry import NO_RETRY
from cliq_tui.fake import FakeConfig, FakeServer
from cliq_tui.sync.cache import QueueCache
from cliq_tui.sync.engine import SyncEngine


@pytest.fixture
def make_server() -> Iterator[Callable[..., FakeServer]]:
    """Start a fake server on the manual clock with config overrides; all stop afterwards."""
    started: list[FakeServer] = []

    def make(**overrides: Any) -> FakeServer:
        config = FakeConfig(**{"seed": "demo", "clock": "manual", **overrides})
        server = FakeServer(config)
        server.start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def server(make_server: Callable[..., FakeServer]) -> FakeServer:
    """The demo fake server: global-list items carry no chat id, as documented."""
    return make_server()


@pytest.fixture
async def make_engine() -> AsyncIterator[Callable[..., SyncEngine]]:
    """Build engines on real HTTP clients (no retries: tests see each fault at once)."""
    clients: list[CliqClient] = []

    def make(
        server: FakeServer,
        *,
        cache: QueueCache | None = None,
        timeout: float = 10.0,
        budget_scale: float = 1.0,
        **kw: Any,
    ) -> SyncEngine:
        limits = {e: int(e.spec.per_minute * budget_scale) for e in Endpoint}
        client = CliqClient(
            server.base_url,
            StaticToken(server.token),
            retry=NO_RETRY,
            timeout=timeout,
            budgets=RateBudgets(limits=limits),
        )
        clients.append(client)
        kw.setdefault("settle_after", 0.0)
        kw.setdefault("refresh_coalesce", 0.0)  # tests refresh back to back on purpose
        return SyncEngine(client, cache=cache, **kw)

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
def engine(server: FakeServer, make_engine: Callable[..., SyncEngine]) -> SyncEngine:
    """An engine on the demo server."""
    return make_engine(server)


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    """A private cache directory."""
    return tmp_path / "cache"
