"""The tests' one fake clock: time that moves only when a test (or an injected sleep) moves it.

One instance serves every reader of time the code has: called, it gives epoch seconds (the
client, rate budgets, the OAuth token, the app); :meth:`FakeClock.now` gives the same instant as
an aware UTC datetime (the engine, the in-memory client); :meth:`FakeClock.monotonic` gives
seconds that only ever grow (the poller lease). Nothing here reads the machine's clock, so no
test depends on how fast the machine is.

A clock made with :meth:`FakeClock.of` *is* a fake server's manual clock: it reads the server's
time and moves it, so the client, the engine and the server can never disagree, and a test that
moves the server (``server.state.advance``) moves the clock with it. The fake server keeps its
own clock class (:mod:`cliq_tui.fake.clock`): the server is product code (a demo backend, served
over HTTP) and may not import anything from the tests or the client.
"""

from __future__ import annotations

import asyncio
import math
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cliq_tui.fake import FakeServer

# The fixed instant every manual clock starts at, so relative times, snapshots and the status bar
# read the same on every run: 2026-06-01T09:00:00Z, a Monday.
START_MS = 1_780_304_400_000
START = START_MS / 1000
# Where a clock's monotonic reading starts (any value: only differences count).
MONOTONIC_START = 100.0


def _seconds(when: float | datetime) -> float:
    if isinstance(when, datetime):
        if when.tzinfo is None:
            raise ValueError("a fake clock is set to an aware datetime")
        return when.timestamp()
    return float(when)


class FakeClock:
    """Epoch seconds that move only through :meth:`advance`, :meth:`set` or :meth:`sleep`."""

    def __init__(
        self,
        start: float | datetime = START,
        *,
        server: FakeServer | None = None,
        monotonic: float = MONOTONIC_START,
    ) -> None:
        self.server = server
        self._seconds = _seconds(start)
        self._monotonic = monotonic

    @classmethod
    def of(cls, server: FakeServer) -> FakeClock:
        """The clock of ``server`` (a manual clock, as a rule): reading it reads the server's
        time, moving it moves the server's, which delivers whatever falls due meanwhile."""
        return cls(server=server)

    # --- reading ----------------------------------------------------------------------------

    def __call__(self) -> float:
        """Epoch seconds."""
        if self.server is not None:
            return self.server.state.now_ms() / 1000
        return self._seconds

    def now(self) -> datetime:
        """The same instant as an aware UTC datetime."""
        return datetime.fromtimestamp(self(), UTC)

    def monotonic(self) -> float:
        """Seconds that pass with :meth:`advance` only: a wall clock set back or forth by
        :meth:`set` leaves them alone, as it leaves a machine's boot-time clock."""
        return self._monotonic

    # --- moving -----------------------------------------------------------------------------

    def advance(self, by: float | timedelta) -> None:
        """Move time on by ``by`` seconds (the server's too, for a server's clock)."""
        seconds = by.total_seconds() if isinstance(by, timedelta) else float(by)
        if seconds < 0:
            raise ValueError("advance moves time forward; set() moves a wall clock back")
        self._monotonic += seconds
        if self.server is not None:
            # The server counts whole milliseconds: round up, so a wait always ends.
            self.server.state.advance(math.ceil(seconds * 1000 - 1e-6) / 1000)
        else:
            self._seconds += seconds

    def set(self, when: float | datetime) -> None:
        """Set the wall clock to ``when`` (epoch seconds or an aware datetime), back or forth, as
        a user or NTP may; no time passes (for a server's clock, the server's time passes)."""
        target = _seconds(when)
        if self.server is not None:
            now = self()
            if target < now:
                raise ValueError("a fake server's clock only moves forward")
            self.advance(target - now)
            return
        self._seconds = target

    async def sleep(self, seconds: float) -> None:
        """An injected ``sleep``: the time passes at once, and other tasks get a turn."""
        self.advance(seconds)
        await asyncio.sleep(0)
