"""Two dashboards and a CLI loop on one account for minutes, one dashboard restarted: the one
shared rate budget keeps every endpoint within its limit (simulated time, rate-limited fake)."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from benchmarks.simclock import SimulatedLoop, run_simulated
from benchmarks.traffic import SIM_START, fake_state
from benchmarks.windows import Account, AccountChanges, RequestLog
from cliq_tui.api.budget_store import shared_budgets
from cliq_tui.api.errors import CliqError
from cliq_tui.fake.ratelimit import LIMITS

MINUTES = 5


def _run(folder: Path, *, shared: bool) -> dict[str, Any]:
    async def main(loop: SimulatedLoop) -> dict[str, Any]:
        state, link = fake_state(loop, 60, 6, chat_ids=False, limits=True)
        log = RequestLog(state)
        budget = folder / "budgets" / "account.sqlite3"
        account = Account(
            loop,
            state,
            link,
            folder,
            budgets=(lambda: shared_budgets(budget, clock=loop.wall)) if shared else None,
        )
        cli = {"runs": 0, "held back": 0}
        try:
            first = await account.open("first")
            await asyncio.sleep(10)
            await account.open("second")

            async def cli_loop() -> None:  # `while true; do cliq-tui list; sleep 5; done`
                end = loop.time() + MINUTES * 60
                while loop.time() < end:
                    cli["runs"] += 1
                    try:
                        await account.cli_list()
                    except CliqError:
                        cli["held back"] += 1
                    await asyncio.sleep(5)

            async def restart() -> None:
                await asyncio.sleep(MINUTES * 60 / 2)
                await account.close(first)
                await asyncio.sleep(3)
                await account.open("first, restarted")

            changes = AccountChanges(account, per_minute=4, seed=11)
            await asyncio.gather(cli_loop(), restart(), changes.run(MINUTES * 60))
            await asyncio.sleep(30)  # the last change reaches every window
            link.sync_clock()
            server = {m["id"]: m for m in state.messages()}
            windows = {w.name: w.engine.messages for w in account.windows}
        finally:
            with contextlib.suppress(Exception):
                await account.close_all()
        return {
            "throttled": log.throttled(),
            "peaks": log.peaks(),
            "server": server,
            "windows": windows,
            "cli": cli,
        }

    return run_simulated(SIM_START, main)


def test_two_dashboards_and_a_cli_loop_with_a_restart_stay_within_every_limit(
    tmp_path: Path,
) -> None:
    seen = _run(tmp_path, shared=True)

    assert seen["throttled"] == 0
    for endpoint, peak in seen["peaks"].items():
        if endpoint in LIMITS:
            assert peak <= LIMITS[endpoint].per_minute, (endpoint, peak)
    assert seen["cli"]["runs"] >= MINUTES * 60 // 6
    assert set(seen["windows"]) == {"second", "first, restarted"}
    for name, messages in seen["windows"].items():
        assert set(messages) == set(seen["server"]), name
        for mid, m in messages.items():
            held = seen["server"][mid]
            content = held["message"]["content"]
            assert m.text == content.get("text", content.get("comment")), (name, mid)
            when = held.get("time")
            assert m.time == (datetime.fromisoformat(when) if when else None), (name, mid)


@pytest.mark.parametrize("shared", [False])
def test_without_the_shared_budget_the_same_processes_would_be_throttled(
    tmp_path: Path, shared: bool
) -> None:
    """The check above can fail: each process on a budget of its own goes over."""
    assert _run(tmp_path, shared=shared)["throttled"] > 0
