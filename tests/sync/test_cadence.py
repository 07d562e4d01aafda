"""The polling cadence: when the next poll goes, as a pure function of pinned instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cliq_tui.sync.cadence import (
    DUE_AGAIN,
    DUE_FIRST,
    IDLE_AFTER,
    IDLE_FACTOR,
    WINDOW,
    next_poll_at,
    window_cap,
)

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
BASE = 5.0  # 60% of 20 a minute


def _s(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)


def _plan(
    *,
    polls: list[datetime] | None = None,
    due: list[datetime] | None = None,
    change: datetime | None = NOW - timedelta(seconds=10),
    key: datetime | None = None,
    limit: int = 20,
):
    polls = polls if polls is not None else [NOW - _s(1)]
    return next_poll_at(
        NOW,
        base=BASE,
        last_poll=max(polls) if polls else None,
        polls=polls,
        due_times=due or [],
        last_change=change,
        last_input=key,
        limit=limit,
        share=0.6,
    )


def test_the_share_allows_twelve_polls_a_window_of_twenty() -> None:
    assert window_cap(20, 0.6) == 12
    assert window_cap(1, 0.6) == 1


def test_while_changes_arrive_polls_come_every_base_interval() -> None:
    plan = _plan()
    assert plan.reason == "active"
    assert plan.at == NOW - _s(1) + _s(BASE)


def test_a_recent_key_press_keeps_the_pace_without_changes() -> None:
    plan = _plan(change=NOW - IDLE_AFTER - _s(1), key=NOW - _s(3))
    assert plan.reason == "active"
    assert plan.delay(NOW) == BASE - 1


def test_idle_polls_slow_down() -> None:
    plan = _plan(change=NOW - IDLE_AFTER - _s(1), key=None)
    assert plan.reason == "idle"
    assert plan.delay(NOW) == BASE * IDLE_FACTOR - 1


def test_a_due_time_brings_a_poll_just_after_it() -> None:
    due = NOW + _s(2)
    plan = _plan(due=[due])
    assert plan.reason == "due"
    assert plan.at == due + DUE_FIRST


def test_a_message_still_listed_after_the_first_look_gets_a_second() -> None:
    due = NOW - _s(1)
    plan = _plan(polls=[due + DUE_FIRST], due=[due])
    assert plan.reason == "due"
    assert plan.at == due + DUE_AGAIN


def test_after_both_looks_a_late_delivery_waits_for_the_usual_cadence() -> None:
    due = NOW - _s(3)
    last = due + DUE_AGAIN
    plan = _plan(polls=[last], due=[due])
    assert plan.reason == "active"
    assert plan.at == last + _s(BASE)


def test_a_due_time_after_the_next_regular_poll_does_not_move_it() -> None:
    plan = _plan(due=[NOW + _s(30)])
    assert plan.reason == "active"
    assert plan.at > NOW


def test_regular_polls_leave_a_slot_for_a_due_time_within_the_window() -> None:
    plan = _plan(due=[NOW + _s(40)])
    # 11.5 polls a window instead of 12: the due-time poll fits without passing the share.
    assert plan.delay(NOW) > BASE - 1


def test_a_full_window_holds_even_a_due_poll_back() -> None:
    polls = [NOW - _s(1 + n) for n in range(12)]  # 12 in the last 13 s: the share is spent
    plan = _plan(polls=polls, due=[NOW])
    assert plan.reason == "window"
    assert plan.at == min(polls) + WINDOW


def test_no_window_ever_holds_more_polls_than_the_share() -> None:
    # Replay a busy hour: a due time every 7 s, changes always arriving; count the polls.
    now, polls = NOW, []
    dues = [NOW + _s(7 * n) for n in range(1, 500)]
    while now < NOW + _s(3600):
        plan = next_poll_at(
            now,
            base=BASE,
            last_poll=polls[-1] if polls else None,
            polls=[p for p in polls if now - p < WINDOW],
            due_times=[d for d in dues if d + DUE_FIRST > (polls[-1] if polls else NOW)],
            last_change=now,
            last_input=None,
            limit=20,
            share=0.6,
        )
        now = plan.at
        polls.append(now)
    for poll in polls:
        assert sum(1 for p in polls if poll <= p < poll + WINDOW) <= 12


def test_the_first_poll_goes_at_once() -> None:
    plan = _plan(polls=[])
    assert plan.at == NOW
