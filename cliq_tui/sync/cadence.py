"""When to poll next: spend the polling share of the list budget where change is likely.

A pure decision (:func:`next_poll_at`) on what the engine knows at one instant: its own recent
polls, the due times of the messages still in the queue, when a poll last brought a change and
when the user last pressed a key. The rules, in order:

* a message due at ``T`` leaves the queue at ``T`` when delivered, so a poll just after it
  (``T + DUE_FIRST``) shows the delivery, and one more at ``T + DUE_AGAIN`` if it is still
  listed then;
* while changes are arriving or the user is active, polls come every base interval (the
  interval that spends the polling share); after :data:`IDLE_AFTER` of neither, every
  ``IDLE_FACTOR`` base intervals;
* never more polls in any budget window than the polling share of the limit allows: the
  engine's own polls in the last :data:`WINDOW` seconds are counted, and a poll that would
  exceed the share waits until the oldest leaves the window; regular polls are spaced to leave
  a slot in it for each due time coming within the window (at most a quarter of the share).

The budget's reservation still gates every request the poll sends; this only chooses when.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

# The budget window every documented limit is counted over.
WINDOW = timedelta(seconds=60)
# A poll this long after a due time shows the delivery; one more follows while it is listed.
DUE_FIRST = timedelta(seconds=0.5)
DUE_AGAIN = timedelta(seconds=2.0)
# Neither a change nor a key press for this long: idle, polling slows down.
IDLE_AFTER = timedelta(seconds=120)
IDLE_FACTOR = 2.0


@dataclass(frozen=True)
class PollPlan:
    """The next poll: when, and why (``due``, ``active``, ``idle`` or ``window``)."""

    at: datetime
    reason: str

    def delay(self, now: datetime) -> float:
        """Seconds from ``now`` until the poll (0 when it is due already)."""
        return max(0.0, (self.at - now).total_seconds())


def window_cap(limit: int, share: float) -> int:
    """The most polls any budget window may hold: ``share`` of ``limit``, at least one."""
    return max(1, math.floor(limit * share + 1e-9))


def window_free_at(now: datetime, polls: Sequence[datetime], cap: int) -> datetime:
    """The first instant a poll keeps at most ``cap`` polls in any window ending then."""
    recent = sorted(p for p in polls if now - p < WINDOW)
    if len(recent) < cap:
        return now
    # The poll that must leave the window first for one more to fit.
    return max(now, recent[len(recent) - cap] + WINDOW)


def due_poll_at(
    now: datetime, last_poll: datetime | None, due_times: Iterable[datetime]
) -> datetime | None:
    """The earliest poll a listed message's due time asks for, or None.

    A message still listed is not seen delivered yet: its first look is ``T + DUE_FIRST``, its
    second ``T + DUE_AGAIN`` when the first came before that; after both, the usual cadence.
    """
    best: datetime | None = None
    for due in due_times:
        first, again = due + DUE_FIRST, due + DUE_AGAIN
        if last_poll is None or last_poll < first:
            wanted = first
        elif last_poll < again:
            wanted = again
        else:
            continue
        if best is None or wanted < best:
            best = wanted
    return best


def next_poll_at(
    now: datetime,
    *,
    base: float,
    last_poll: datetime | None,
    polls: Sequence[datetime],
    due_times: Iterable[datetime],
    last_change: datetime | None,
    last_input: datetime | None,
    limit: int,
    share: float,
) -> PollPlan:
    """When the next poll should go (see the module's rules).

    ``base`` is the interval spending ``share`` of ``limit``; ``last_poll`` the engine's last
    poll (None before the first), ``polls`` its poll times within the last window;
    ``due_times`` those of the messages still listed.
    """
    recent = [t for t in (last_change, last_input) if t is not None and now - t < IDLE_AFTER]
    interval = base if recent else base * IDLE_FACTOR
    reason = "active" if recent else "idle"
    dues = list(due_times)
    cap = window_cap(limit, share)
    # Regular polls slow down just enough to leave a slot in the window for each due-time
    # poll coming within it (at most a quarter of the share), so that one goes on time.
    soon = sum(1 for t in dues if now < t + DUE_FIRST <= now + WINDOW)
    spare = min(soon, cap // 4)
    if spare:
        interval = max(interval, WINDOW.total_seconds() / (cap - spare - 0.5))
    at = now if last_poll is None else last_poll + timedelta(seconds=interval)
    due = due_poll_at(now, last_poll, dues)
    if due is not None and due < at:
        at, reason = due, "due"
    free = window_free_at(max(now, at), polls, cap)
    if free > max(now, at):
        return PollPlan(free, "window")
    return PollPlan(max(now, at), reason)
