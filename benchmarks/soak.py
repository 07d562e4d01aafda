"""Figures 6 and 7 on simulated time: a 30-minute soak of live monitoring plus a busy user.

The app's engine cold-starts on a documented-form fake (no chat ids), then polls while another
device changes the queue and a user acts and holds the refresh key; the fake counts throttled
requests, and the engine's listener times how long each server-side change takes to arrive.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from benchmarks.simclock import SimulatedLoop, run_simulated
from benchmarks.traffic import SIM_START, ServerChanges, rig, stats
from cliq_tui.api.errors import CliqError
from cliq_tui.api.models import ScheduledMessage, ScheduleStatus
from cliq_tui.sync.engine import SyncEngine
from cliq_tui.sync.types import Delta


@dataclass
class SoakResult:
    """What the fake saw over the soak, and how fresh server-side changes were."""

    seconds: float
    throttled: int
    locks: int
    requests: int
    endpoints: dict[str, Any]
    freshness: list[float]
    missed: int
    actions: dict[str, int]
    refused: dict[str, int]
    refreshes: int


class BusyUser:
    """A user at a brisk pace: an action every 10-40 s, and bursts of refreshes (key held)."""

    def __init__(self, loop: SimulatedLoop, engine: SyncEngine, avoid: set[str], seed: int) -> None:
        self._loop = loop
        self._engine = engine
        self._avoid = avoid
        self._rng = random.Random(seed)
        self.done: dict[str, int] = {}
        self.refused: dict[str, int] = {}
        self.refreshes = 0
        self._tasks: set[asyncio.Task[Any]] = set()

    def _targets(self) -> list[ScheduledMessage]:
        engine = self._engine
        return [
            m
            for mid, m in engine.messages.items()
            if mid not in self._avoid and engine.chat_of(mid) and not engine.pending_outcome(mid)
        ]

    def _action(self) -> tuple[str, Callable[[], Awaitable[Delta]]] | None:
        targets = self._targets()
        if not targets:
            return None
        engine, rng = self._engine, self._rng
        message = rng.choice(targets)
        chat_id = engine.chat_of(message.id) or ""
        later = self._loop.wall_datetime() + timedelta(hours=rng.randint(2, 72))
        kind = rng.choices(
            ["edit", "reschedule", "create", "send_now", "delete"], [30, 15, 25, 15, 15]
        )[0]
        if kind == "edit":
            return kind, lambda: engine.edit(
                message, text=f"Edited here at {self._loop.time():.0f}"
            )
        if kind == "send_now":
            return kind, lambda: engine.send_now(message)
        if kind == "delete":
            return kind, lambda: engine.delete(message)
        if kind == "create":
            return kind, lambda: engine.create(
                chat_id, text="New from the dashboard", schedule_time=later
            )
        if message.schedule_status is not None:
            return kind, lambda: engine.reschedule_status_based(
                chat_id,
                existing_status=message.schedule_status,  # type: ignore[arg-type]
                new_status=ScheduleStatus.USER_AVAILABLE
                if message.schedule_status != ScheduleStatus.USER_AVAILABLE
                else ScheduleStatus.CALL_END,
            )
        if message.time is None:
            return kind, lambda: engine.edit(message, schedule_time=later)
        due = message.time
        return kind, lambda: engine.reschedule_time_based(chat_id, time=due, new_time=later)

    async def _do(self, kind: str, act: Callable[[], Awaitable[Delta]]) -> None:
        try:
            await act()
            self.done[kind] = self.done.get(kind, 0) + 1
        except CliqError as error:
            key = f"{kind}: {type(error).__name__}"
            self.refused[key] = self.refused.get(key, 0) + 1

    def _spawn(self, work: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def run(self, seconds: float) -> None:
        """Act until ``seconds`` have passed; a refresh burst every two to four minutes."""
        end = self._loop.time() + seconds
        next_burst = self._loop.time() + self._rng.uniform(60, 120)
        while self._loop.time() < end:
            await asyncio.sleep(self._rng.uniform(10, 40))
            if self._loop.time() >= next_burst:
                # Holding the refresh key: each press starts a refresh, like the app's worker.
                for _ in range(self._rng.randint(5, 15)):
                    self._spawn(self._engine.refresh())
                    self.refreshes += 1
                    await asyncio.sleep(0.2)
                next_burst = self._loop.time() + self._rng.uniform(120, 240)
            chosen = self._action()
            if chosen is not None:
                self._spawn(self._do(*chosen))
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


def soak(messages: int, chats: int, seconds: float, per_minute: float) -> SoakResult:
    """Figures 6 and 7: the app cold-started, then monitoring plus a busy user for ``seconds``.

    Items carry no chat id (the documented form), so chat resolution competes for the list
    budgets too. Freshness counts from the end of the first full listing.
    """

    async def main(loop: SimulatedLoop) -> SoakResult:
        r = rig(loop, messages, chats, chat_ids=False)
        try:
            await r.engine.refresh(full=True)
            changes = ServerChanges(loop, r.state, r.link, per_minute, seed=23)
            r.engine.subscribe(changes.on_delta, lambda _state: None)
            user = BusyUser(loop, r.engine, changes.pool, seed=29)
            poller = asyncio.ensure_future(r.engine.run())
            await asyncio.gather(changes.run(seconds), user.run(seconds))
            # Let the last changes arrive (one more poll or two) before counting them missed.
            await asyncio.sleep(30)
            poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await poller
            total = stats(r.state)
            # Each endpoint the server throttled was locked (the first refusal starts the lock).
            locked = [k for k, v in total["endpoints"].items() if v["throttled"]]
            return SoakResult(
                seconds=seconds,
                throttled=total["total"]["throttled"],
                locks=len(locked),
                requests=total["total"]["requests"],
                endpoints={k: v["requests"] for k, v in total["endpoints"].items()},
                freshness=changes.freshness,
                missed=len(changes.pending),
                actions=user.done,
                refused=user.refused,
                refreshes=user.refreshes,
            )
        finally:
            await r.close()

    return run_simulated(SIM_START, main)
