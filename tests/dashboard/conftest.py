"""The action flows on a real engine talking HTTP to the fake server, with scripted ports."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from cliq_tui.fake import FakeConfig, FakeServer
from tests.support.clock import FakeClock
from tests.support.flows import Rig, flows_rig


@pytest.fixture
def fake_config(fake_config: FakeConfig) -> FakeConfig:
    """Items carry their chat id, so every action can run at once (no resolution wait)."""
    fake_config.include_chat_id = True
    return fake_config


@pytest.fixture
async def rig(fake_server: FakeServer) -> AsyncIterator[Rig]:
    """Flows on an engine that has listed the demo queue once, all on the server's clock."""
    client, rig = await flows_rig(fake_server, FakeClock.of(fake_server))
    try:
        yield rig
    finally:
        await client.aclose()
