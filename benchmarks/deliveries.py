"""Figure 12 on simulated time: a delivery on screen, from its due time, and the polling spend.

The app's engine (default settings) watches a rate-limited fake while another device changes
the queue at the soak's rate and messages fall due one after another. Each delivered message
leaves the queue at its due time; its "delivery seen" time runs from the due time to the
engine's delta that removes it. The spend is the list-all requests of the run (polls only:
the first listing is outside it) as a share of the documented list budget over the same time.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from dataclasses import dataclass, field

from benchmarks.simclock import SimulatedLoop, run_simulated
from benchmarks.traffic import SIM_START, ServerChanges, rig, stats
from cliq_tui.api.endpoints import Endpoint
from cliq_tui.sync.types import Delta

# The first listing of a large queue takes minutes of the list budget; the run starts after.
WARM_UP_SECONDS = 240.0


@dataclass
class DeliveryResult:
    """How soon deliveries and other changes reached the engine, and the list spend."""

    seconds: float
    seen: list[float] = field(default_factory=list)
    missed: int = 0
    freshness: list[float] = field(default_factory=list)
    list_requests: int = 0
    throttled: int = 0

    @property
    def share(self) -> float:
        """List-all requests as a share of the documented budget over the run."""
        budget = Endpoint.LIST_ALL.spec.per_minute * self.seconds / 60.0
        return self.list_requests / budget


def deliveries(
    messages: int, chats: int, seconds: float, per_minute: float, due: int
) -> DeliveryResult:
    """``due`` messages fall due over ``seconds`` while changes arrive at ``per_minute``."""

    async def main(loop: SimulatedLoop) -> DeliveryResult:
        r = rig(loop, messages, chats, chat_ids=False)
        rng = random.Random(41)
        chat_ids = [c["chat_id"] for c in r.state.chats()]
        # The cold start's full listing spends the list budget for minutes: count after it.
        start = loop.time() + WARM_UP_SECONDS
        due_at: dict[str, float] = {}
        for n in range(due):
            # On a whole second, as the list shows due times (people schedule to the minute).
            at = float(round(loop.epoch + start + 30 + rng.uniform(0, seconds - 30)) - loop.epoch)
            item = r.state.create_message(
                rng.choice(chat_ids),
                text=f"Due in the run #{n}",
                time_ms=int((loop.epoch + at) * 1000),
            )
            due_at[str(item["id"])] = at
        result = DeliveryResult(seconds)

        def on_delta(delta: Delta) -> None:
            now = loop.time()
            for message_id in delta.removed:
                at = due_at.pop(message_id, None)
                if at is not None and now >= at:
                    result.seen.append(now - at)

        try:
            await r.engine.refresh(full=True)
            changes = ServerChanges(loop, r.state, r.link, per_minute, seed=43)
            changes.pool -= set(due_at)  # the other device leaves the due messages alone
            r.engine.subscribe(changes.on_delta, lambda _state: None)
            r.engine.subscribe(on_delta, lambda _state: None)
            poller = asyncio.ensure_future(r.engine.run())
            await asyncio.sleep(start - loop.time())
            changes.pending.clear()
            before = stats(r.state)["endpoints"].get("list_all", {})
            listed = before.get("requests", 0)
            await changes.run(seconds)
            after = stats(r.state)
            poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await poller
            lists = after["endpoints"].get("list_all", {}).get("requests", 0)
            result.list_requests = lists - listed
            result.throttled = after["total"]["throttled"]
            result.freshness = changes.freshness
            result.missed = sum(1 for at in due_at.values() if at < loop.time() - 30)
        finally:
            await r.close()
        return result

    return run_simulated(SIM_START, main)
