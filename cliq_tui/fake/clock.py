"""The fake server's clock: the wall clock, or one that only moves when told to."""

from __future__ import annotations

import threading
import time


class Clock:
    """Epoch milliseconds, real or manual; ``advance`` moves either kind forward."""

    def __init__(self, mode: str = "real", start_ms: int | None = None) -> None:
        if mode not in ("real", "manual"):
            raise ValueError(f"clock must be 'real' or 'manual', not {mode!r}")
        self.mode = mode
        self._lock = threading.Lock()
        # A manual clock is a fixed point; a real clock is the wall clock plus an offset, so
        # advancing a real clock (demo fast-forward) also works.
        self._manual_ms = start_ms if start_ms is not None else int(time.time() * 1000)
        self._offset_ms = 0

    def now_ms(self) -> int:
        """The current fake time in epoch milliseconds."""
        with self._lock:
            if self.mode == "manual":
                return self._manual_ms
            return int(time.time() * 1000) + self._offset_ms

    def advance(self, seconds: float) -> int:
        """Move the clock forward by ``seconds`` (never backwards); returns the new time."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            step = round(seconds * 1000)
            if self.mode == "manual":
                self._manual_ms += step
            else:
                self._offset_ms += step
        return self.now_ms()

    def set(self, epoch_ms: int) -> int:
        """Jump a manual clock to ``epoch_ms`` (forward only); returns the new time."""
        now = self.now_ms()
        if epoch_ms < now:
            raise ValueError("the clock only moves forward")
        return self.advance((epoch_ms - now) / 1000)
