"""Rate budgets: the client never sends what would trip a lock, and remembers server locks."""

from __future__ import annotations

import pytest

from cliq_tui.api import Endpoint, RateBudgets, RateLimitError
from tests.support.client import Harness
from tests.support.clock import FakeClock

# Any instant will do: the budget only counts differences.
T0 = 1_000_000.0


def _spend(budgets: RateBudgets, endpoint: Endpoint, n: int) -> None:
    for _ in range(n):
        assert budgets.try_acquire(endpoint) == 0


# --- the budget alone ----------------------------------------------------------------------


def test_a_fresh_budget_has_the_documented_limit_remaining() -> None:
    budgets = RateBudgets(clock=FakeClock(T0))

    status = budgets.status(Endpoint.LIST_ALL)

    assert (status.limit, status.used, status.remaining, status.locked_until) == (20, 0, 20, None)
    assert budgets.next_free_at(Endpoint.LIST_ALL) is None


def test_spending_the_limit_leaves_nothing_and_names_when_a_slot_frees() -> None:
    clock = FakeClock(T0)
    budgets = RateBudgets(clock=clock, safety_margin=1.0)
    _spend(budgets, Endpoint.LIST_ALL, 20)

    wait = budgets.try_acquire(Endpoint.LIST_ALL)

    assert budgets.remaining(Endpoint.LIST_ALL) == 0
    assert wait == pytest.approx(61.0)
    free_at = budgets.next_free_at(Endpoint.LIST_ALL)
    assert free_at is not None
    assert free_at.timestamp() == pytest.approx(clock() + 61.0)
    assert budgets.seconds_until_free(Endpoint.LIST_ALL) == pytest.approx(61.0)


def test_requests_leave_the_window_after_a_minute_and_the_margin() -> None:
    clock = FakeClock(T0)
    budgets = RateBudgets(clock=clock, safety_margin=1.0)
    _spend(budgets, Endpoint.LIST_ALL, 20)

    clock.advance(61.0)

    assert budgets.remaining(Endpoint.LIST_ALL) == 20


def test_list_all_and_list_in_chat_have_separate_budgets() -> None:
    budgets = RateBudgets(clock=FakeClock(T0))
    _spend(budgets, Endpoint.LIST_ALL, 20)

    assert budgets.remaining(Endpoint.LIST_CHAT) == 20


def test_a_lock_lasts_the_endpoints_lock_period() -> None:
    clock = FakeClock(T0)
    budgets = RateBudgets(clock=clock)

    budgets.lock(Endpoint.CHAT_DETAILS)

    assert budgets.status(Endpoint.CHAT_DETAILS).locked
    assert budgets.remaining(Endpoint.CHAT_DETAILS) == 0
    clock.advance(299)
    assert budgets.locked_until(Endpoint.CHAT_DETAILS) is not None
    clock.advance(2)
    assert budgets.locked_until(Endpoint.CHAT_DETAILS) is None


def test_snapshot_covers_every_endpoint() -> None:
    snapshot = RateBudgets(clock=FakeClock(T0)).snapshot()

    assert [s.endpoint for s in snapshot] == list(Endpoint)


# --- the client against the fake server ----------------------------------------------------


async def test_the_client_refuses_the_request_over_budget_without_sending_it(
    harness: Harness,
) -> None:
    for _ in range(20):
        await harness.client.list_chats()

    with pytest.raises(RateLimitError) as caught:
        for _ in range(11):
            await harness.client.list_chats()

    assert harness.served("list_chats") == 30
    assert harness.throttled() == 0
    error = caught.value
    assert error.from_server is False
    assert "frees up at" in str(error)
    assert error.locked_until.timestamp() > harness.server.state.now_ms() / 1000


async def test_the_client_waits_when_the_slot_frees_up_soon(harness: Harness) -> None:
    harness.client.max_wait = 90.0
    for _ in range(20):
        await harness.client.edit_message(*_any_text_message(harness), text="x")

    await harness.client.edit_message(*_any_text_message(harness), text="y")

    assert harness.sleeps and harness.sleeps[0] > 0
    assert harness.served("edit") == 21
    assert harness.throttled() == 0


async def test_a_listing_may_wait_longer_for_its_budget_without_changing_the_client(
    harness: Harness,
) -> None:
    for _ in range(20):
        await harness.client.list_scheduled_messages()

    await harness.client.list_scheduled_messages(max_wait=90.0)

    assert harness.sleeps and harness.sleeps[0] > harness.client.max_wait
    assert harness.served("list_all") == 21
    assert harness.client.max_wait == 5.0
    with pytest.raises(RateLimitError):
        for _ in range(20):
            await harness.client.list_scheduled_messages()  # the default wait refuses again


@pytest.mark.parametrize(("form", "status"), [("429", 429), ("400", 400)])
async def test_a_server_throttle_starts_a_lock_for_the_lock_period(
    harness: Harness, form: str, status: int
) -> None:
    harness.server.state.set_rate_limits(throttle_form=form)
    harness.server.state.set_faults(throttle_all=True)

    with pytest.raises(RateLimitError) as caught:
        await harness.client.list_scheduled_messages()

    assert caught.value.from_server is True
    assert caught.value.status_code == status
    lock = harness.client.budgets.status(Endpoint.LIST_ALL).locked_until
    assert lock is not None
    assert lock.timestamp() == pytest.approx(harness.server.state.now_ms() / 1000 + 600)


async def test_a_remembered_lock_refuses_at_once_without_sending(harness: Harness) -> None:
    harness.server.state.set_faults(throttle_all=True)
    with pytest.raises(RateLimitError):
        await harness.client.list_scheduled_messages()
    harness.server.state.clear_faults()

    with pytest.raises(RateLimitError):
        await harness.client.list_scheduled_messages()

    assert harness.served("list_all") == 1


async def test_a_remembered_lock_says_nothing_was_sent(harness: Harness) -> None:
    harness.server.state.set_faults(throttle_all=True)
    with pytest.raises(RateLimitError) as first:
        await harness.client.list_scheduled_messages()
    harness.server.state.clear_faults()

    with pytest.raises(RateLimitError) as again:
        await harness.client.list_scheduled_messages()

    assert first.value.sent is True
    assert again.value.sent is False
    assert str(again.value).endswith("; nothing was sent.")


async def test_a_refusal_over_budget_says_nothing_was_sent(harness: Harness) -> None:
    with pytest.raises(RateLimitError) as caught:
        for _ in range(21):
            await harness.client.list_scheduled_messages()

    assert caught.value.sent is False
    assert str(caught.value).endswith("; nothing was sent.")


async def test_the_lock_ends_after_its_period(harness: Harness) -> None:
    harness.server.state.set_faults(throttle_all=True)
    with pytest.raises(RateLimitError):
        await harness.client.list_scheduled_messages()
    harness.server.state.clear_faults()
    harness.server.state.set_rate_limits(clear_locks=True)

    harness.server.state.advance(601)
    result = await harness.client.list_scheduled_messages()

    assert result.data


def _any_text_message(harness: Harness) -> tuple[str, str]:
    m = next(m for m in harness.server.state.messages() if m["message"]["type"] == "text")
    return m["chat_id"], m["id"]


def test_seconds_until_several_requests_fit_counts_the_requests_that_must_leave() -> None:
    clock = FakeClock(T0)
    budgets = RateBudgets(clock=clock, safety_margin=1.0)
    limit = budgets.limit(Endpoint.LIST_CHAT)
    for second in range(limit):  # one request a second fills the window
        _spend(budgets, Endpoint.LIST_CHAT, 1)
        if second < limit - 1:
            clock.advance(1.0)
    assert budgets.seconds_until_remaining(Endpoint.LIST_CHAT, 1) == pytest.approx(
        61.0 - (limit - 1)
    )
    # Three free slots need the three oldest requests gone: the third left two seconds later.
    assert budgets.seconds_until_remaining(Endpoint.LIST_CHAT, 3) == pytest.approx(
        63.0 - (limit - 1)
    )
    clock.advance(61.0)
    assert budgets.seconds_until_remaining(Endpoint.LIST_CHAT, limit) == 0.0


def test_with_more_counted_than_the_limit_a_slot_frees_when_enough_have_left() -> None:
    # Another process on the same records allows more (a higher limit): this one counts them all.
    clock = FakeClock(T0)
    wide = RateBudgets(clock=clock, limits={Endpoint.LIST_CHAT: 30})
    for _ in range(25):  # one a second
        assert wide.try_acquire(Endpoint.LIST_CHAT) == 0
        clock.advance(1.0)
    budgets = RateBudgets(clock=clock, backend=wide.backend)
    status = budgets.status(Endpoint.LIST_CHAT)
    assert (status.used, status.limit, status.remaining) == (25, 20, 0)
    # Six must leave before one more fits: the sixth oldest, not the oldest.
    assert status.frees_at is not None
    assert status.frees_at.timestamp() == pytest.approx(
        clock() + budgets.seconds_until_free(Endpoint.LIST_CHAT)
    )
