"""Fixtures for the reliability tests: fake servers with faults, rigs on a manual clock, and an
isolated environment for the command line."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cliq_tui.api.auth import OAuthRefresh, StaticToken
from cliq_tui.api.client import CliqClient
from cliq_tui.api.retry import RetryPolicy
from cliq_tui.fake import FakeConfig, FakeServer
from cliq_tui.sync.engine import SyncEngine

from .support import START_MS, LoopSleep, ManualClock, Rig

# Reads are retried as in production, only with short backoffs.
QUICK_RETRY = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.02)


@pytest.fixture
def make_server() -> Iterator[Callable[..., FakeServer]]:
    """Start fake servers on the manual clock (demo data) with config overrides; stop them all."""
    started: list[FakeServer] = []

    def make(**overrides: Any) -> FakeServer:
        config = FakeConfig(
            **{"seed": "demo", "clock": "manual", "start_time_ms": START_MS, **overrides}
        )
        server = FakeServer(config).start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
async def make_rig(make_server: Callable[..., FakeServer]) -> AsyncIterator[Callable[..., Rig]]:
    """Build a rig: fake server, client (real HTTP) and engine, on one manual clock."""
    rigs: list[Rig] = []

    def make(
        *, timeout: float = 5.0, oauth: bool = False, settle_after: float = 20.0, **server_kw: Any
    ) -> Rig:
        server = make_server(**server_kw)
        clock = ManualClock(server)
        auth: Any
        if oauth:
            config = server.config
            auth = OAuthRefresh(
                config.client_id,
                config.client_secret,
                config.refresh_token,
                server.base_url,
                clock=clock,
            )
        else:
            auth = StaticToken(server.token)

        async def client_sleep(seconds: float) -> None:
            # Backoffs and budget waits pass on the manual clock, not the wall clock.
            clock.advance(seconds)
            await asyncio.sleep(0)

        client = CliqClient(
            server.base_url,
            auth,
            timeout=timeout,
            clock=clock,
            sleep=client_sleep,
            retry=QUICK_RETRY,
        )
        sleep = LoopSleep()
        engine = SyncEngine(client, clock=clock.now, sleep=sleep, settle_after=settle_after)
        rig = Rig(server, clock, auth, client, engine, sleep)
        rigs.append(rig)
        return rig

    yield make
    for rig in rigs:
        await rig.client.aclose()


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No user config, cache, data or CLIQ_* variable leaks in; returns the config file path."""
    for name in list(os.environ):
        if name.startswith("CLIQ_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    config = tmp_path / "config" / "cliq-tui" / "config.toml"
    monkeypatch.setenv("CLIQ_TUI_CONFIG", str(config))
    return config
