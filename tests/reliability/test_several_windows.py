"""Two dashboards and a CLI loop on one account for minutes: never locked, both equal the server.

The dashboards are what the app's factory builds for a profile (client on the account's shared
rate budget, shared cache, poller lease, the engine's ``run``); the CLI loop is ``cliq-tui
list`` (``list_with_chats``) every 10 s on the same budget and cache. Another device changes
the queue meanwhile, and the first dashboard quits and starts again in the middle. All on
simulated time against the rate-limited fake, which counts what it refused.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from benchmarks.simclock import SimulatedLoop, run_simulated
from benchmarks.traffic import SIM_START, fake_state
from benchmarks.windows import Account, AccountChanges, RequestLog, Window
from cliq_tui.api.budget_store import shared_budgets
from cliq_tui.api.models import ScheduledMessage
from cliq_tui.fake.ratelimit import LIMITS


def _queue(window: Window) -> dict[str, str | None]:
    return {mid: m.text for mid, m in window.engine.messages.items()}


def test_two_dashboards_and_a_cli_loop_share_one_account_without_a_lock(tmp_path: Path) -> None:
    async def main(loop: SimulatedLoop) -> None:
        state, link = fake_state(loop, 150, 12, chat_ids=False, limits=True)
        log = RequestLog(state)
        budget_file = tmp_path / "budget.sqlite3"
        account = Account(
            loop,
            state,
            link,
            tmp_path,
            budgets=lambda: shared_budgets(budget_file, clock=loop.wall),
        )
        changes = AccountChanges(account, per_minute=6, seed=5)
        stop = asyncio.Event()

        async def cli_loop() -> None:
            while not stop.is_set():
                await asyncio.sleep(10)
                try:
                    await account.cli_list()
                except Exception as error:  # a run that fails says why; the test reports it
                    account.cli_failures.append(repr(error))

        async def dashboards() -> None:
            first = await account.open("first")
            await asyncio.sleep(20)
            await account.open("second")
            await asyncio.sleep(100)
            await account.close(first)  # quit ...
            await asyncio.sleep(15)
            await account.open("first again")  # ... and start again
            await asyncio.sleep(165)

        cli = asyncio.ensure_future(cli_loop())
        try:
            await asyncio.gather(dashboards(), changes.run(300))
            stop.set()
            await cli
            await asyncio.sleep(90)  # quiet: the last changes arrive
            server = {m.id: m.text for m in map(ScheduledMessage.model_validate, state.messages())}
            final = {w.name: _queue(w) for w in account.windows}
            pollers = account.pollers()
            second_polls = account.windows[0].link.polls()
        finally:
            stop.set()
            cli.cancel()
            await account.close_all()

        assert log.throttled() == 0
        over = {e: n for e, n in log.peaks().items() if n > LIMITS[e].per_minute}
        assert over == {}, log.peaks()
        assert account.cli_failures == []
        assert account.cli_runs >= 25
        assert final == {"second": server, "first again": server}
        assert pollers == ["second"]  # the role passed on when the first window quit
        assert second_polls > 0

    run_simulated(SIM_START, main)
