"""The action flows on a real engine talking HTTP to the fake server, with scripted ports."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from cliq_tui.api.auth import StaticToken
from cliq_tui.api.client import CliqClient
from cliq_tui.api.retry import NO_RETRY
from cliq_tui.dashboard.activity import ActivityRecorder
from cliq_tui.dashboard.flows import ActionFlows, report_errors
from cliq_tui.dashboard.ports import Flow
from cliq_tui.fake import FakeConfig, FakeServer
from cliq_tui.storage.activity import ActivityLog
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.types import Delta

from .scripted import EngineQueue, Lines, ScriptedDialogs


@dataclass
class Rig:
    """One dashboard without a screen: the flows, their ports, and what reached the listener."""

    server: FakeServer
    engine: SyncEngine
    flows: ActionFlows
    dialogs: ScriptedDialogs
    lines: Lines
    queue: EngineQueue
    activity: ActivityLog
    deltas: list[Delta] = field(default_factory=list)

    async def run(self, flow: Flow | None) -> None:
        """Run what an action left to do, as the UI's worker does (errors become lines)."""
        if flow is not None:
            await report_errors(flow, self.lines)

    def on_server(self, message_id: str) -> dict | None:  # type: ignore[type-arg]
        """The message as the server holds it (None: gone)."""
        return self.server.state.message(message_id)


@pytest.fixture
def fake_config(fake_config: FakeConfig) -> FakeConfig:
    """Items carry their chat id, so every action can run at once (no resolution wait)."""
    fake_config.include_chat_id = True
    return fake_config


@pytest.fixture
async def rig(fake_server: FakeServer, fake_config: FakeConfig) -> AsyncIterator[Rig]:
    """Flows on an engine that has listed the demo queue once (both clocks at the server's)."""
    assert fake_config.start_time_ms is not None
    now = datetime.fromtimestamp(fake_config.start_time_ms / 1000, UTC)
    client = CliqClient(
        fake_server.base_url,
        StaticToken(fake_server.token),
        retry=NO_RETRY,
        clock=now.timestamp,  # "in the future" as the server sees it
    )
    engine = SyncEngine(client, settle_after=0.0, refresh_coalesce=0.0, clock=lambda: now)
    deltas: list[Delta] = []
    engine.subscribe(deltas.append, lambda _state: None)
    await engine.refresh()
    deltas.clear()
    dialogs, lines, queue = ScriptedDialogs(), Lines(), EngineQueue(engine)
    log = ActivityLog(None)
    flows = ActionFlows(
        engine,
        dialogs=dialogs,
        notifier=lines,
        clipboard=lines,
        queue=queue,
        activity=ActivityRecorder(log, now=lambda: now, chat=engine.chats.get),
        now=lambda: now,
        tz=UTC,
    )
    try:
        yield Rig(fake_server, engine, flows, dialogs, lines, queue, log, deltas)
    finally:
        await client.aclose()
