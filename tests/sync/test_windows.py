"""Several windows on one account, on simulated time: one polls, the others follow the cache.

The windows are what the app's factory builds for a profile (client, shared cache, lease,
engine ``run``), against one rate-limited fake; simulated time makes minutes pass in moments.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from benchmarks.simclock import SimulatedLoop, run_simulated
from benchmarks.traffic import SIM_START, fake_state
from benchmarks.windows import Account, Window
from cliq_tui.sync.lease import Role

T = TypeVar("T")


def _run(
    folder: Path,
    main: Callable[[Account], Awaitable[T]],
    *,
    chat_ids: bool = True,
    chats: int = 6,
) -> T:
    async def wrapped(loop: SimulatedLoop) -> T:
        state, link = fake_state(loop, 60, chats, chat_ids=chat_ids, limits=True)
        account = Account(loop, state, link, folder)
        try:
            return await main(account)
        finally:
            await account.close_all()

    return run_simulated(SIM_START, wrapped)


def _create(account: Account, text: str) -> str:
    account.link.sync_clock()
    chat = account.state.chats()[0]["chat_id"]
    due = int((account.loop.wall() + 86400) * 1000)
    message_id = str(account.state.create_message(chat, text=text, time_ms=due)["id"])
    account.changed(message_id)
    return message_id


async def _two_windows(
    account: Account, *, alone: float = 10, settle: float = 5
) -> tuple[Window, Window]:
    """Open a first window, let it poll alone for a while, then open a second that follows."""
    first = await account.open("first")
    await asyncio.sleep(alone)
    second = await account.open("second")
    await asyncio.sleep(settle)
    return first, second


def test_a_second_window_follows_without_listing(tmp_path: Path) -> None:
    async def main(account: Account) -> None:
        first = await account.open("first")
        await asyncio.sleep(10)
        second = await account.open("second")
        assert second.engine.messages == first.engine.messages  # painted from the cache
        await asyncio.sleep(10)

        made = _create(account, "made on another device")
        await asyncio.sleep(6)

        assert account.pollers() == ["first"]
        assert made in first.engine.messages and made in second.engine.messages
        assert second.link.polls() == 0 and sum(second.link.sent.values()) == 0
        assert second.engine.state.role is Role.FOLLOWING
        assert first.engine.state.role is Role.POLLING
        assert second.engine.state.last_synced is not None

    _run(tmp_path, main)


def test_the_role_passes_on_when_the_polling_window_quits(tmp_path: Path) -> None:
    async def main(account: Account) -> None:
        first, second = await _two_windows(account)

        await account.close(first)
        await asyncio.sleep(1)
        made = _create(account, "made after the first window quit")
        await asyncio.sleep(6)

        assert account.pollers() == ["second"]
        assert made in second.engine.messages
        assert second.link.polls() > 0

    _run(tmp_path, main)


def test_a_hung_polling_window_is_replaced_and_follows_when_it_wakes(tmp_path: Path) -> None:
    async def main(account: Account) -> None:
        first, second = await _two_windows(account)

        await account.hang(first)
        await asyncio.sleep(20)  # more than the heartbeat's staleness
        made = _create(account, "made while the first window hangs")
        await asyncio.sleep(6)
        assert second.lease.role is Role.POLLING
        assert made in second.engine.messages

        polls_before = first.link.polls()
        account.wake(first)
        await asyncio.sleep(10)
        assert account.pollers() == ["second"]
        assert first.link.polls() == polls_before
        assert made in first.engine.messages

    _run(tmp_path, main)


def test_a_change_made_in_one_window_reaches_the_others_through_the_cache(
    tmp_path: Path,
) -> None:
    async def main(account: Account) -> None:
        first, second = await _two_windows(account)
        target = next(iter(second.engine.messages.values()))

        await second.engine.edit(target, text="edited in the second window")
        delta = first.engine.follow_cache()  # what the first window's next look finds

        assert [m.text for m in delta.changed] == ["edited in the second window"]
        assert first.engine.messages[target.id].text == "edited in the second window"

    _run(tmp_path, main)


def test_what_a_cli_run_learns_reaches_the_open_windows(tmp_path: Path) -> None:
    async def main(account: Account) -> None:
        first, second = await _two_windows(account)
        await account.close(first)
        await account.hang(second)  # nobody polls now
        gone = next(iter(second.engine.messages))
        account.link.sync_clock()
        account.state.delete_message(gone)

        listed = await account.cli_list()
        delta = second.engine.follow_cache()

        assert gone not in {m.id for m in listed}
        assert delta.removed == (gone,)
        assert gone not in second.engine.messages

    _run(tmp_path, main)


def test_every_window_shows_when_the_queue_was_last_listed_by_anyone(tmp_path: Path) -> None:
    async def main(account: Account) -> None:
        first, second = await _two_windows(account)
        await account.hang(first)  # the poller lists no more (and is not yet taken for hung)
        await asyncio.sleep(8)
        before = second.engine.state.last_synced

        started = account.loop.wall_datetime()
        await account.cli_list()
        finished = account.loop.wall_datetime()
        await asyncio.sleep(1)

        last_synced = second.engine.state.last_synced
        assert before is not None and before < started
        assert last_synced is not None and started <= last_synced <= finished
        assert second.lease.role is Role.FOLLOWING

    _run(tmp_path, main)


def test_a_listing_time_far_in_the_future_is_not_believed(tmp_path: Path) -> None:
    async def main(account: Account) -> None:
        first, second = await _two_windows(account)
        await account.hang(first)
        before = second.engine.state.last_synced

        second.cache.update_meta({"listed_at": "99999999999"}, expect={})
        await asyncio.sleep(1)

        assert second.engine.state.last_synced == before

    _run(tmp_path, main)


def test_a_poller_waiting_long_for_an_answer_keeps_the_role(tmp_path: Path) -> None:
    async def main(account: Account) -> None:
        first, second = await _two_windows(account)
        listing = first.client.list_scheduled_messages
        slow: list[float] = []

        async def slow_listing(*args: Any, **kwargs: Any) -> Any:
            slow.append(account.loop.time())
            await asyncio.sleep(40)  # a slow server, or a wait for budget
            return await listing(*args, **kwargs)

        first.client.list_scheduled_messages = slow_listing  # type: ignore[method-assign]
        await asyncio.sleep(30)

        assert slow  # the poller is inside a listing
        assert first.lease.role is Role.POLLING
        assert second.lease.role is Role.FOLLOWING

    _run(tmp_path, main)


def test_a_follower_leaves_resolving_chats_to_the_polling_window(tmp_path: Path) -> None:
    async def main(account: Account) -> None:
        first, second = await _two_windows(account, alone=1, settle=1)

        assert first.engine.state.resolving is not None  # items carry no chat id here
        assert second.engine.state.unresolved_messages
        assert second.engine.state.resolving is None
        assert sum(second.link.sent.values()) == 0

    # 60 messages in 200 chats: resolution takes minutes at 20 chat listings a minute.
    _run(tmp_path, main, chat_ids=False, chats=200)
