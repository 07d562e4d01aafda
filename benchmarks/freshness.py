"""Figure 11 on simulated time: how fresh each of several dashboards on one account stays.

Three dashboards (:mod:`benchmarks.windows`: the factory's client, shared rate budget,
shared cache, poller lease and engine ``run`` each) watch one rate-limited fake while another
device changes the queue; a third of the way in, the polling window quits and starts again
ten seconds later. Each window's listener notes when every server-side change reaches it.
"""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.simclock import SimulatedLoop, run_simulated
from benchmarks.traffic import SIM_START, fake_state
from benchmarks.windows import Account, AccountChanges, RequestLog, Window
from cliq_tui.api.budget_store import shared_budgets

# The first window has been open this long when the others start and changes are counted.
WARM_UP_SECONDS = 60.0


@dataclass
class WindowFreshness:
    """One window's share of the run."""

    name: str
    freshness: list[float]
    missed: int
    polls: int
    requests: int
    role: str


@dataclass
class SeveralWindowsResult:
    """Each window's freshness, and what the fake saw."""

    seconds: float
    windows: list[WindowFreshness] = field(default_factory=list)
    throttled: int = 0
    peaks: dict[str, int] = field(default_factory=dict)
    changes: int = 0


def _summary(window: Window) -> WindowFreshness:
    return WindowFreshness(
        window.name,
        list(window.freshness),
        len(window.pending),
        window.link.polls(),
        sum(window.link.sent.values()),
        str(window.lease.role),
    )


def several_windows(
    messages: int, chats: int, seconds: float, per_minute: float, windows: int = 3
) -> SeveralWindowsResult:
    """Figure 11: ``windows`` dashboards for ``seconds``; the poller restarts a third of the way."""

    async def main(loop: SimulatedLoop, folder: Path) -> SeveralWindowsResult:
        state, link = fake_state(loop, messages, chats, chat_ids=False, limits=True)
        log = RequestLog(state)
        budget = folder / "budget.sqlite3"
        account = Account(
            loop, state, link, folder, budgets=lambda: shared_budgets(budget, clock=loop.wall)
        )
        result = SeveralWindowsResult(seconds)
        try:
            first = await account.open("window 1")
            # A warm start, as a user's second and third windows have: the first has synced.
            while first.engine.state.last_synced is None:
                await asyncio.sleep(1)
            # Past the first minute, whose budget the cold start's full listing spent.
            await asyncio.sleep(WARM_UP_SECONDS)
            for n in range(2, windows + 1):
                await account.open(f"window {n}")
            changes = AccountChanges(account, per_minute, seed=31)

            async def restart() -> None:
                await asyncio.sleep(seconds / 3)
                poller = next(w for w in account.windows if w.name in account.pollers())
                result.windows.append(_summary(poller))
                await account.close(poller)
                await asyncio.sleep(10)
                await account.open(f"{poller.name} again")

            await asyncio.gather(changes.run(seconds), restart())
            await asyncio.sleep(30)  # the last changes arrive
            result.windows += [_summary(w) for w in account.windows]
            result.changes = changes.made
        finally:
            await account.close_all()
        result.throttled = log.throttled()
        result.peaks = log.peaks()
        return result

    with tempfile.TemporaryDirectory(prefix="cliq-tui-bench-windows-") as folder:
        return run_simulated(SIM_START, lambda loop: main(loop, Path(folder)))
