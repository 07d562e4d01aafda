"""What a rate budget records (requests sent, locks reported) and the rules that read it.

The records may come from a file that another process, another version or a hostile hand
wrote, and from clocks that jump. The rules here make any of that safe:

- A moment is kept on two clocks: the wall clock (comparable across reboots) and, where the
  platform names its boot, the boot-time clock with that boot's id (it never jumps when the
  wall clock is set). Within one boot the boot-time clock decides, so a wall clock set forward
  cannot make recent requests look old (which would overspend), nor one set back make them
  look young for an hour (which would block).
- A time that is not a finite non-negative number, or lies more than a day ahead, is garbage:
  it is dropped. A time merely in the future (a wall clock set back) counts as "just now",
  which is never less careful than the truth and ends within one window.
- A lock never lasts longer than its endpoint's lock period from now, whatever a file says.
- A request still in flight counts as just sent (its server-side time is not known yet) until
  it is settled with the time its answer came back, or :data:`PENDING_MAX` passes (its process
  died).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# How far ahead of now a moment may lie before it is taken for a clock set back (two processes
# read the clock a moment apart, so a recent entry may look a little "future").
TOLERANCE = 2.0
# Beyond this ahead of now a moment is garbage, not a clock correction.
ABSURD_AHEAD = 86_400.0
# A request whose answer never came back counts as just sent for this long, then ages normally.
PENDING_MAX = 120.0


def _finite(value: object) -> bool:
    """A real number (a file may hold text, blobs or NULL where a time should be)."""
    kind = type(value)
    if kind is float:
        return math.isfinite(value)  # type: ignore[arg-type]
    return kind is int


@dataclass(frozen=True)
class Instant:
    """One moment: wall-clock seconds, plus boot-time seconds and the boot they belong to."""

    wall: float
    mono: float | None = None
    boot: str | None = None

    def until(self, now: Instant) -> float | None:
        """Seconds from ``now`` to this moment (negative when past); None for garbage.

        Garbage: not a finite non-negative number, or more than a day ahead. Within one boot
        the boot-time clock judges (the wall clock may have been set a year back or forward);
        otherwise the wall clock.
        """
        wall = self.wall
        if not _finite(wall) or wall < 0:
            return None
        mono = self.mono
        if (
            self.boot is not None
            and self.boot == now.boot
            and now.mono is not None
            and _finite(mono)
        ):
            assert mono is not None
            ahead = mono - now.mono
            return None if ahead > ABSURD_AHEAD else ahead
        ahead = wall - now.wall
        return None if ahead > ABSURD_AHEAD else ahead

    def valid(self, now: Instant) -> bool:
        """False for garbage (see :meth:`until`)."""
        return self.until(now) is not None

    def seconds_until(self, now: Instant) -> float:
        """Seconds from ``now`` to this moment (negative when it is past); only for valid ones."""
        ahead = self.until(now)
        assert ahead is not None
        return ahead

    def shifted(self, seconds: float) -> Instant:
        """The moment ``seconds`` later on both clocks."""
        mono = None if self.mono is None else self.mono + seconds
        return Instant(self.wall + seconds, mono, self.boot)


@dataclass
class Sent:
    """One request counted against an endpoint: when, and whether its answer is still due."""

    endpoint: str
    at: Instant
    pending: bool = False
    owner: str = ""


@dataclass
class Records:
    """Everything a budget holds: requests sent and locks, by endpoint name."""

    sent: list[Sent] = field(default_factory=list)
    locks: dict[str, Instant] = field(default_factory=dict)

    def copy(self) -> Records:
        """An independent copy (entries are replaced, never changed in place)."""
        return Records(list(self.sent), dict(self.locks))


def age(entry: Sent, now: Instant) -> float | None:
    """Seconds since the request counts as sent; None for garbage. Never negative."""
    ahead = entry.at.until(now)
    if ahead is None:
        return None
    elapsed = -ahead
    if entry.pending:
        elapsed = elapsed - PENDING_MAX if elapsed > PENDING_MAX else 0.0
    return elapsed if elapsed > 0 else 0.0


def lock_left(until: Instant, now: Instant, lock_seconds: float) -> float | None:
    """Seconds the lock still lasts (at most ``lock_seconds``); None when over or garbage."""
    left = until.until(now)
    if left is None or left <= 0:
        return None
    return min(left, lock_seconds)


@dataclass(frozen=True)
class Tidied:
    """What :func:`normalise` did: ``changed`` anything; ``repaired`` more than expiry."""

    changed: bool
    repaired: bool
    garbage: int


def normalise(
    records: Records, now: Instant, window: float, lock_seconds: dict[str, float]
) -> Tidied:
    """Drop garbage and what has expired, pull future moments back to now, cap locks.

    Changes ``records`` in place. Unknown endpoint names are garbage too.
    """
    expired = repaired = False
    garbage = 0
    kept: list[Sent] = []
    for entry in records.sent:
        ahead = entry.at.until(now) if entry.endpoint in lock_seconds else None
        if ahead is None:
            garbage += 1
            continue
        elapsed = age(entry, now)
        if elapsed is None or elapsed >= window:
            expired = True
            continue
        if ahead > TOLERANCE:
            # The wall clock was set back (or the file says so): the request counts as just sent.
            entry = Sent(entry.endpoint, now, entry.pending, entry.owner)
            repaired = True
        kept.append(entry)
    records.sent = kept
    for name, until in list(records.locks.items()):
        limit = lock_seconds.get(name)
        left = None if limit is None else lock_left(until, now, limit)
        if left is None:
            if limit is None or not until.valid(now):
                garbage += 1
            del records.locks[name]
            expired = True
        elif until.seconds_until(now) > left + TOLERANCE:
            records.locks[name] = now.shifted(left)
            repaired = True
    repaired = repaired or garbage > 0
    return Tidied(expired or repaired, repaired, garbage)


# --- the clocks ------------------------------------------------------------------------------


def _read_boot_id() -> str | None:
    try:
        text = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        return None
    return text[:64] or None


def _boot_time() -> float:
    # CLOCK_BOOTTIME counts suspended time too; the monotonic clock is the next best thing.
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        return time.clock_gettime(boottime)
    return time.monotonic()


@dataclass(frozen=True)
class Clocks:
    """Where a budget reads the time: a wall clock and, optionally, a boot-time clock."""

    wall: Callable[[], float]
    mono: Callable[[], float] | None = None
    boot: str | None = None

    @classmethod
    def for_wall_clock(cls, wall: Callable[[], float]) -> Clocks:
        """The system's clocks for ``time.time``; any other clock (simulated) alone."""
        if wall is time.time:
            boot = _read_boot_id()
            if boot is not None:
                return cls(wall, _boot_time, boot)
        return cls(wall)

    def now(self) -> Instant:
        """This moment on every clock."""
        if self.mono is None:
            return Instant(self.wall())
        return Instant(self.wall(), self.mono(), self.boot)
