"""Fixtures for the reliability tests: fake servers with faults (``make_server``, from the top
conftest), rigs on one fake clock, and an isolated environment for the command line."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from cliq_tui.fake import FakeServer
from tests.support.cli import isolate_environment
from tests.support.engines import Rig, rig_on


@pytest.fixture
async def make_rig(make_server: Callable[..., FakeServer]) -> AsyncIterator[Callable[..., Rig]]:
    """Build a rig: fake server, client (real HTTP) and engine, on one fake clock."""
    rigs: list[Rig] = []

    def make(
        *, timeout: float = 5.0, oauth: bool = False, settle_after: float = 20.0, **server_kw: Any
    ) -> Rig:
        rig = rig_on(
            make_server(**server_kw), timeout=timeout, oauth=oauth, settle_after=settle_after
        )
        rigs.append(rig)
        return rig

    yield make
    for rig in rigs:
        await rig.client.aclose()


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No user config, cache, data or CLIQ_* variable leaks in; returns the config file path."""
    return isolate_environment(tmp_path, monkeypatch)
