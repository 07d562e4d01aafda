"""The action flows without a screen: a real engine on the fake server over HTTP, the flows'
ports scripted (:mod:`tests.support.scripted`), and what reached the engine's listener."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC

from cliq_tui.api.auth import StaticToken
from cliq_tui.api.client import CliqClient
from cliq_tui.api.models import ScheduledMessage
from cliq_tui.api.retry import NO_RETRY
from cliq_tui.core import format as fmt
from cliq_tui.dashboard.activity import ActivityRecorder
from cliq_tui.dashboard.availability import ActionRules
from cliq_tui.dashboard.flows import ActionFlows, report_errors
from cliq_tui.dashboard.ports import Flow
from cliq_tui.dashboard.queue_model import QueueModel
from cliq_tui.fake import FakeServer
from cliq_tui.storage.activity import ActivityLog
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.types import Delta

from .clock import FakeClock
from .scripted import Lines, ScriptedDialogs


@dataclass
class Rig:
    """One dashboard without a screen: the flows, their ports, and what reached the listener."""

    server: FakeServer
    engine: SyncEngine
    flows: ActionFlows
    dialogs: ScriptedDialogs
    lines: Lines
    queue: QueueModel
    rules: ActionRules
    activity: ActivityLog
    deltas: list[Delta] = field(default_factory=list)

    async def run(self, flow: Flow | None) -> None:
        """Run what an action left to do, as the UI's worker does (errors become lines)."""
        if flow is not None:
            await report_errors(flow, self.lines)

    def select(self, *messages: ScheduledMessage) -> None:
        """Select ``messages`` in the queue, as space on each row does."""
        for message in messages:
            assert self.queue.move_to(message.id)
            self.queue.toggle_selected()

    def on_server(self, message_id: str) -> dict | None:  # type: ignore[type-arg]
        """The message as the server holds it (None: gone)."""
        return self.server.state.message(message_id)


async def flows_rig(server: FakeServer, clock: FakeClock) -> tuple[CliqClient, Rig]:
    """Flows on an engine that has listed ``server``'s queue once, everything reading ``clock``;
    the caller closes the client."""
    client = CliqClient(
        server.base_url,
        StaticToken(server.token),
        retry=NO_RETRY,
        clock=clock,  # "in the future" as the server sees it
    )
    engine = SyncEngine(client, settle_after=0.0, refresh_coalesce=0.0, clock=clock.now)
    # The queue model is the listener, as on the screen; the deltas are kept to be checked.
    queue = QueueModel(chat_of=engine.chats.get)
    deltas: list[Delta] = []

    def on_delta(delta: Delta) -> None:
        deltas.append(delta)
        queue.apply_delta(delta)

    engine.subscribe(on_delta, lambda _state: None)
    await engine.refresh()
    deltas.clear()
    dialogs, lines = ScriptedDialogs(now=clock.now), Lines()
    log = ActivityLog(None)
    flows = ActionFlows(
        engine,
        dialogs=dialogs,
        notifier=lines,
        clipboard=lines,
        queue=queue,
        activity=ActivityRecorder(log, now=clock.now, chat=engine.chats.get),
        now=clock.now,
        tz=UTC,
    )
    rules = ActionRules(queue, engine=lambda: engine, undo_record=lambda: flows.undo_record)
    return client, Rig(server, engine, flows, dialogs, lines, queue, rules, log, deltas)


def texts(rig: Rig) -> list[ScheduledMessage]:
    """Pending text messages with a time, in queue order."""
    found = [m for m in rig.engine.messages.values() if not m.is_file and m.time is not None]
    return sorted(found, key=fmt.sort_key)


def server_text(rig: Rig, message_id: str) -> str | None:
    """The text of the message as the server holds it (None: gone)."""
    item = rig.on_server(message_id)
    return None if item is None else item["message"]["content"].get("text")


def changed_ids(rig: Rig) -> list[str]:
    """Ids the listener was told changed, once per delivery."""
    return [m.id for d in rig.deltas for m in d.changed]
