"""Fixtures for sync tests: fake servers with chosen configs, and engines wired to them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cliq_tui.api.client import CliqClient
from cliq_tui.fake import FakeServer
from cliq_tui.sync.engine import SyncEngine
from tests.support.engines import engine_on
from tests.support.servers import started_servers


@pytest.fixture
def make_server() -> Iterator[Callable[..., FakeServer]]:
    """Start fake servers on a manual clock with config overrides; all stop afterwards. The clock
    starts at the machine's time, as these engines read the wall clock."""
    with started_servers(start_time_ms=None) as make:
        yield make


@pytest.fixture
def server(make_server: Callable[..., FakeServer]) -> FakeServer:
    """The demo fake server: global-list items carry no chat id, as documented."""
    return make_server()


@pytest.fixture
async def make_engine() -> AsyncIterator[Callable[..., SyncEngine]]:
    """Build engines on real HTTP clients (no retries: tests see each fault at once)."""
    clients: list[CliqClient] = []

    def make(server: FakeServer, **kw: Any) -> SyncEngine:
        client, engine = engine_on(server, **kw)
        clients.append(client)
        return engine

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
