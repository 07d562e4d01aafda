"""When and how long to wait before retrying a read (never a change)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter for GETs on connection errors, timeouts and 5xx.

    ``attempts`` counts the first try: 3 means at most two retries. Jitter spreads retries of
    several clients (or several tabs of one) so they do not hit a recovering server together.
    """

    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 4.0
    random: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def delay(self, retry_number: int) -> float:
        """Seconds to wait before retry ``retry_number`` (1 for the first retry)."""
        cap: float = min(self.max_delay, self.base_delay * (2 ** (retry_number - 1)))
        return cap * (0.5 + 0.5 * float(self.random()))

    def should_retry(self, attempt: int) -> bool:
        """True when attempt number ``attempt`` (1-based) may be followed by another."""
        return attempt < self.attempts


NO_RETRY = RetryPolicy(attempts=1)
