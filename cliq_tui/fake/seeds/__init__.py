"""Initial data: the Zylker demo organisation, nothing, or a generated queue of any size."""

from __future__ import annotations

import random

from cliq_tui.fake.seeds.common import USER, USER_TIMEZONE, Seed, new_id
from cliq_tui.fake.seeds.demo import demo_seed
from cliq_tui.fake.seeds.generated import generated_seed
from cliq_tui.fake.seeds.hostile import hostile_seed
from cliq_tui.fake.seeds.realistic import realistic_seed

__all__ = ["USER", "USER_TIMEZONE", "Seed", "build_seed", "new_id"]


def build_seed(
    name: str, now_ms: int, rng: random.Random, *, messages: int | None, chats: int | None
) -> Seed:
    """The initial data called ``name``: ``demo``, ``realistic``, ``empty``, ``generated`` or
    ``hostile``."""
    if name == "demo":
        return demo_seed(now_ms, rng)
    if name == "realistic":
        return realistic_seed(now_ms, rng)
    if name == "empty":
        return Seed([], [])
    if name == "generated":
        return generated_seed(now_ms, rng, messages if messages is not None else 200, chats or 20)
    if name == "hostile":
        return hostile_seed(now_ms, rng)
    raise ValueError(f"unknown seed {name!r} (demo, realistic, empty, generated or hostile)")
