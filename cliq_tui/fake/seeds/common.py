"""What every seed shares: the signed-in user, ids and time arithmetic."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from cliq_tui.fake.model import FakeChat, FakeMessage, Person
from cliq_tui.fake.render import zone

USER = Person("697322516", "Priya")
"""The signed-in user: every scheduled message is hers."""
USER_TIMEZONE = "Asia/Kolkata"
"""The user's own time zone (the default for messages created without one)."""

MINUTE = 60_000
HOUR = 60 * MINUTE
DAY = 24 * HOUR


@dataclass
class Seed:
    """What a fresh server holds."""

    chats: list[FakeChat]
    messages: list[FakeMessage]


def new_id(rng: random.Random) -> str:
    """A uuid4-shaped id drawn from ``rng`` (reproducible for a given seed)."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def ceil_to(epoch_ms: int, step_ms: int) -> int:
    """``epoch_ms`` rounded up to a multiple of ``step_ms``."""
    return -(-epoch_ms // step_ms) * step_ms


def local_at(now_ms: int, tz_name: str, days: int, hour: int, minute: int = 0) -> int:
    """Epoch ms of ``hour:minute`` local time in ``tz_name``, ``days`` after today there."""
    tz = zone(tz_name)
    today = datetime.fromtimestamp(now_ms / 1000, tz).date() + timedelta(days=days)
    local = datetime(today.year, today.month, today.day, hour, minute, tzinfo=tz)
    return int(local.timestamp() * 1000)
