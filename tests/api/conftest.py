"""Fixtures for the client tests: a client on the fake server's manual clock, recording requests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from cliq_tui.api import CliqClient
from cliq_tui.fake import FakeServer
from tests.support.client import Harness, make_harness
from tests.support.clock import START, FakeClock


@pytest.fixture
async def harness(fake_server: FakeServer) -> AsyncIterator[Harness]:
    """A client on the demo fake server (manual clock)."""
    h = make_harness(fake_server)
    try:
        yield h
    finally:
        await h.client.aclose()


@pytest.fixture
def client(harness: Harness) -> CliqClient:
    """The harness's client."""
    return harness.client


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Where a rate-budget test keeps the account's shared budget file."""
    return tmp_path / "budgets" / "0123456789abcdef.sqlite3"


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock at the fixed start time."""
    return FakeClock(START)


@pytest.fixture
def warnings() -> list[str]:
    """The warnings a rate budget reports."""
    return []
