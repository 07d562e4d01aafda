"""``python -m benchmarks.heads_up_tick``: the heads-up's check every second, at 5,000 messages.

Not a figure of issue 5: the dashboard's idle work. The heads-up bar asks the planner every
second which messages to announce; it reads the queue's messages due within the longest lead
time (the due order), not all of them. Printed: the check's cost a tick, the same check handed
every message beside it (what it did before, less a cache of due times that took it to about
3 ms), and what keeping the due order adds to a delta of 6 messages. Best of several runs,
in-process, no Textual.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from cliq_tui.api.models import ScheduledMessage
from cliq_tui.dashboard.due_order import DueOrder, DueQueueModel
from cliq_tui.dashboard.heads_up import HeadsUpPlanner
from cliq_tui.sync.types import Delta

MESSAGES = 5000
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def message(index: int, minutes: int) -> ScheduledMessage:
    """Message ``index``, due ``minutes`` after START."""
    return ScheduledMessage.model_validate(
        {
            "id": f"m{index:05}",
            "timezone": "UTC",
            "chat_id": f"c{index % 500}",
            "time": (START + timedelta(minutes=minutes)).isoformat(),
            "message": {"type": "text", "content": {"text": f"message number {index}"}},
        }
    )


def best_of(repeat: int, runs: int, work: Callable[[int], object]) -> float:
    """The least mean time of ``work`` over ``runs`` calls, of ``repeat`` tries (seconds)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for index in range(runs):
            work(index)
        best = min(best, (time.perf_counter() - started) / runs)
    return best


def main() -> None:
    # One message every 10 minutes (about 35 days); the checks run from 09:30 on, when one of
    # them is within 5 minutes.
    queue = [message(i, i * 10) for i in range(MESSAGES)]
    model = DueQueueModel()
    model.rebuild(queue)
    leads = [timedelta(minutes=5), timedelta(minutes=1)]
    now = START + timedelta(minutes=30)
    planner, walker = HeadsUpPlanner(leads), HeadsUpPlanner(leads)

    def due_order(index: int) -> None:
        planner.check_queue(model, now + timedelta(seconds=index % 60))

    def every_message(index: int) -> None:
        walker.check(model.message_map().values(), now + timedelta(seconds=index % 60))

    deltas = [
        Delta(
            changed=tuple(
                message(i, i * 10 + 5 * (k % 2 + 1)) for i in range(k, MESSAGES, MESSAGES // 4)
            ),
            added=(message(MESSAGES + k, k),),
            removed=(f"m{1000 + k:05}",),
        )
        for k in range(400)
    ]
    upkeep = float("inf")
    for _ in range(5):  # each try on a fresh order: a delta applied twice changes nothing
        order = DueOrder()
        order.reset(queue)

        def keep(index: int, order: DueOrder = order) -> None:
            delta = deltas[index]
            for message_id in delta.removed:
                order.drop(message_id)
            for changed in (*delta.added, *delta.changed):
                order.put(changed)

        upkeep = min(upkeep, best_of(1, len(deltas), keep))
    print(f"heads-up check at {MESSAGES:,} messages, a tick:")
    print(f"  due order      {best_of(5, 500, due_order) * 1e6:8.1f} µs")
    print(f"  every message  {best_of(5, 50, every_message) * 1e6:8.1f} µs")
    print(f"due order upkeep, a delta of 6 messages: {upkeep * 1e6:.1f} µs")


if __name__ == "__main__":
    main()
