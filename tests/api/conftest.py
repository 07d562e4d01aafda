"""Fixtures for the client tests: a client on the fake server's manual clock, recording requests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from cliq_tui.api import CliqClient
from cliq_tui.fake import FakeServer

from .support import Harness, make_harness


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
