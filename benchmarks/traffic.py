"""Figure 5 on simulated time, and what the soak shares: the rig and the other device.

The engine and client are the app's own (default polling settings), talking in-process to a fake
server whose manual clock follows the simulated loop (:mod:`benchmarks.simclock`). Another
device of the user changes the queue server-side at a steady rate; the engine's listener (what
the app's handler receives) notes when each change arrives.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from benchmarks.simclock import FakeLink, SimulatedLoop, run_simulated
from cliq_tui.api.auth import StaticToken
from cliq_tui.api.client import CliqClient
from cliq_tui.fake import FakeConfig
from cliq_tui.fake.app import create_app
from cliq_tui.fake.state import FakeState
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.types import Delta

# A fixed simulated start (2026-09-21 UTC), so runs are reproducible.
SIM_START = 1_790_000_000.0
BASE_URL = "http://fake.cliq.test"
TOKEN = "bench-token"
PAGE = 100


@dataclass
class Rig:
    """One fake server and the app's client and engine, on one simulated loop."""

    loop: SimulatedLoop
    state: FakeState
    link: FakeLink
    client: CliqClient
    engine: SyncEngine

    async def close(self) -> None:
        """Close the client (and its transport)."""
        await self.client.aclose()


def fake_state(
    loop: SimulatedLoop, messages: int, chats: int, *, chat_ids: bool, limits: bool
) -> tuple[FakeState, FakeLink]:
    """A generated fake queue on the loop's clock (rate limits on or off)."""
    config = FakeConfig(
        seed="generated",
        messages=messages,
        chats=chats,
        token=TOKEN,
        clock="manual",
        start_time_ms=int(loop.wall() * 1000),
        include_chat_id=chat_ids,
        rate_limits=limits,
    )
    state = FakeState(config)
    return state, FakeLink(create_app(state=state), state, loop)


def rig(loop: SimulatedLoop, messages: int, chats: int, *, chat_ids: bool) -> Rig:
    """The app's client and engine (default polling) against a rate-limited fake."""
    state, link = fake_state(loop, messages, chats, chat_ids=chat_ids, limits=True)
    client = CliqClient(BASE_URL, StaticToken(TOKEN), transport=link, clock=loop.wall)
    engine = SyncEngine(client, clock=loop.wall_datetime)
    return Rig(loop, state, link, client, engine)


class ServerChanges:
    """Another device of the user: creates, edits and deletes at a steady rate, server-side.

    It only touches its own pool of messages (which the simulated user never acts on), so each
    change can be traced to the delta that brings it to the app.
    """

    def __init__(
        self, loop: SimulatedLoop, state: FakeState, link: FakeLink, per_minute: float, seed: int
    ) -> None:
        self._loop = loop
        self._state = state
        self._link = link
        self._gap = 60.0 / per_minute
        self._rng = random.Random(seed)
        self.pool = {m["id"] for m in state.messages() if self._rng.random() < 0.05}
        self._chats = [c["chat_id"] for c in state.chats()]
        self.pending: dict[str, float] = {}
        self.freshness: list[float] = []
        self.made = 0

    def _change(self) -> str | None:
        roll = self._rng.random()
        state = self._state
        if roll < 0.35 or not self.pool:
            due_ms = int((self._loop.wall() + self._rng.uniform(3600, 30 * 86400)) * 1000)
            item = state.create_message(
                self._rng.choice(self._chats),
                text=f"From another device #{self.made}",
                time_ms=due_ms,
            )
            self.pool.add(item["id"])
            return str(item["id"])
        target = self._rng.choice(sorted(self.pool))
        if state.message(target) is None:  # delivered meanwhile
            self.pool.discard(target)
            return None
        if roll < 0.75:
            state.update_message(target, text=f"Edited elsewhere #{self.made}")
        else:
            state.delete_message(target)
            self.pool.discard(target)
        return target

    async def run(self, seconds: float) -> None:
        """Make changes every ``60 / per_minute`` seconds (with jitter) for ``seconds``."""
        end = self._loop.time() + seconds
        while True:
            await asyncio.sleep(self._gap * self._rng.uniform(0.5, 1.5))
            if self._loop.time() >= end:
                return
            self._link.sync_clock()
            changed = self._change()
            self.made += 1
            if changed is not None:
                self._note(changed)

    def _note(self, changed: str) -> None:
        """Start the freshness clock of one change (when the engine first sees it ends it)."""
        self.pending.setdefault(changed, self._loop.time())

    def on_delta(self, delta: Delta) -> None:
        """Engine listener: a change is fresh on screen once a delta carries its message."""
        now = self._loop.time()
        ids = [m.id for m in delta.added] + [m.id for m in delta.changed] + list(delta.removed)
        for message_id in ids:
            made_at = self.pending.pop(message_id, None)
            if made_at is not None:
                self.freshness.append(now - made_at)


def stats(state: FakeState) -> dict[str, Any]:
    """Requests, bytes and throttled responses the fake counted, in total and per endpoint."""
    return state.stats()


# --- figure 5: traffic of live monitoring vs re-listing everything ---------------------------


@dataclass
class MonitorResult:
    """What the app and the naive client sent and received over the same window."""

    seconds: float
    messages: int
    app_requests: int
    app_bytes: int
    app_polls: int
    app_endpoints: dict[str, Any]
    naive_requests: int = 0
    naive_bytes: int = 0
    naive_polls: int = 0
    naive_interval: float = 0.0
    changes: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


async def _settle_names(r: Rig, limit: float) -> None:
    """Run the engine until every chat is named (a warm cache's state), at most ``limit`` s."""
    task = asyncio.ensure_future(r.engine.run())
    try:
        waited = 0.0
        while waited < limit:
            await asyncio.sleep(30)
            waited += 30
            chat_ids = {r.engine.chat_of(mid) for mid in r.engine.messages}
            if all(cid in r.engine.chats for cid in chat_ids if cid):
                break
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def _count_polls(link: FakeLink) -> Callable[[], int]:
    """Count global listings the engine starts (first pages only) from the link's requests."""
    count = [0]
    original = link.handle_async_request

    async def counting(request: httpx.Request) -> httpx.Response:
        if request.url.path.rstrip("/").endswith("/v3/scheduledmessages") and (
            "next_token" not in request.url.params
        ):
            count[0] += 1
        return await original(request)

    link.handle_async_request = counting  # type: ignore[method-assign]
    return lambda: count[0]


async def _monitor_app(
    loop: SimulatedLoop, messages: int, chats: int, seconds: float, per_minute: float
) -> MonitorResult:
    r = rig(loop, messages, chats, chat_ids=True)
    try:
        await r.engine.refresh(full=True)
        await _settle_names(r, limit=1800)
        polls = _count_polls(r.link)
        r.state.reset_stats()
        changes = ServerChanges(loop, r.state, r.link, per_minute, seed=11)
        r.engine.subscribe(changes.on_delta, lambda _state: None)
        task = asyncio.ensure_future(r.engine.run())
        await changes.run(seconds)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        total = stats(r.state)
        return MonitorResult(
            seconds=seconds,
            messages=messages,
            app_requests=total["total"]["requests"],
            app_bytes=total["total"]["bytes_sent"],
            app_polls=polls(),
            app_endpoints={k: v["requests"] for k, v in total["endpoints"].items()},
            changes=changes.made,
            extra={"missed_changes": len(changes.pending)},
        )
    finally:
        await r.close()


async def _list_everything(http: httpx.AsyncClient) -> int:
    """Every page of the global list, as a naive client would fetch it; the page count."""
    params: dict[str, Any] = {"limit": PAGE}
    pages = 0
    while True:
        response = await http.get("/api/v3/scheduledmessages", params=params)
        pages += 1
        token = json.loads(response.content).get("next_token")
        if not token:
            return pages
        params = {"limit": PAGE, "next_token": token}


async def _monitor_naive(
    loop: SimulatedLoop, messages: int, chats: int, seconds: float, per_minute: float, gap: float
) -> tuple[int, int, int]:
    """A client re-listing everything every ``gap`` seconds; (requests, bytes, refreshes)."""
    # Rate limits off: at 50 pages a refresh the naive client would be locked within a minute.
    state, link = fake_state(loop, messages, chats, chat_ids=True, limits=False)
    headers = {"Authorization": f"Zoho-oauthtoken {TOKEN}"}
    async with httpx.AsyncClient(base_url=BASE_URL, transport=link, headers=headers) as http:
        await _list_everything(http)  # the same synced start as the app
        state.reset_stats()
        changes = ServerChanges(loop, state, link, per_minute, seed=11)
        refreshes = 0

        async def poll() -> None:
            nonlocal refreshes
            while True:
                await asyncio.sleep(gap)
                await _list_everything(http)
                refreshes += 1

        task = asyncio.ensure_future(poll())
        await changes.run(seconds)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    total = state.stats()["total"]
    return total["requests"], total["bytes_sent"], refreshes


def monitor(messages: int, chats: int, seconds: float, per_minute: float) -> MonitorResult:
    """Figure 5: the app's traffic vs a naive client's, same queue, changes and freshness.

    Both start synced (initial listing and chat names excluded: that is start-up, not
    monitoring). The naive client re-lists at the app's own mean poll interval.
    """

    async def app(loop: SimulatedLoop) -> MonitorResult:
        return await _monitor_app(loop, messages, chats, seconds, per_minute)

    result = run_simulated(SIM_START, app)
    gap = seconds / max(1, result.app_polls)

    async def naive(loop: SimulatedLoop) -> tuple[int, int, int]:
        return await _monitor_naive(loop, messages, chats, seconds, per_minute, gap)

    result.naive_requests, result.naive_bytes, result.naive_polls = run_simulated(SIM_START, naive)
    result.naive_interval = gap
    return result
