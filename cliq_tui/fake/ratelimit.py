"""The documented per-minute limits and lock periods, on the fake clock."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    """An endpoint's documented threshold (requests per minute per user) and lock period."""

    per_minute: int
    lock_seconds: int


# The fake keeps its own table (not cliq_tui.api.endpoints) so client drift shows up in tests.
LIMITS: dict[str, Limit] = {
    "list_all": Limit(20, 600),
    "list_chat": Limit(20, 600),
    "send_now": Limit(50, 600),
    "reschedule": Limit(20, 600),
    "delete_all": Limit(20, 600),
    "edit": Limit(20, 600),
    "delete_one": Limit(20, 600),
    "list_chats": Limit(30, 600),
    "chat_details": Limit(60, 300),
    "create": Limit(50, 600),
}

WINDOW_MS = 60_000


class RateLimiter:
    """Sliding 60 s windows and lock periods, per (user, endpoint)."""

    def __init__(self, *, enabled: bool = True, scale: float = 1.0) -> None:
        self.enabled = enabled
        self.scale = scale
        self._windows: dict[tuple[str, str], deque[int]] = {}
        self._locked_until: dict[tuple[str, str], int] = {}

    def limit_of(self, endpoint: str) -> int:
        """The per-minute limit of ``endpoint`` after scaling (at least 1)."""
        return max(1, math.floor(LIMITS[endpoint].per_minute * self.scale))

    def admit(self, user: str, endpoint: str, now_ms: int) -> bool:
        """Count a request; False (and a lock starts, or goes on) when it must be refused."""
        if not self.enabled:
            return True
        key = (user, endpoint)
        if self._locked_until.get(key, 0) > now_ms:
            return False
        window = self._windows.setdefault(key, deque())
        while window and window[0] <= now_ms - WINDOW_MS:
            window.popleft()
        if len(window) >= self.limit_of(endpoint):
            # The request over the limit is refused and locks the endpoint.
            self._locked_until[key] = now_ms + LIMITS[endpoint].lock_seconds * 1000
            window.clear()
            return False
        window.append(now_ms)
        return True

    def locks(self, now_ms: int) -> list[dict[str, object]]:
        """The locks in force: user, endpoint, until (epoch ms) and seconds left."""
        return [
            {
                "user": user,
                "endpoint": endpoint,
                "until_ms": until,
                "seconds_left": (until - now_ms) / 1000,
            }
            for (user, endpoint), until in sorted(self._locked_until.items())
            if until > now_ms
        ]

    def usage(self, now_ms: int) -> dict[str, dict[str, int]]:
        """Requests counted in the current window per endpoint, with the limit."""
        result: dict[str, dict[str, int]] = {}
        for (_, endpoint), window in self._windows.items():
            used = sum(1 for t in window if t > now_ms - WINDOW_MS)
            entry = result.setdefault(endpoint, {"used": 0, "limit": self.limit_of(endpoint)})
            entry["used"] += used
        return result

    def clear(self) -> None:
        """Forget every window and lock."""
        self._windows.clear()
        self._locked_until.clear()
