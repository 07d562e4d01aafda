"""Generated queues of any size: deterministic for a given random seed, fast for thousands."""

from __future__ import annotations

import random

from cliq_tui.fake.model import STATUSES, FakeChat, FakeMessage
from cliq_tui.fake.seeds.common import DAY, MINUTE, USER, Seed, ceil_to, new_id

_FIRST = ["Aarav", "Maya", "Noah", "Ines", "Omar", "Yuki", "Liam", "Zara", "Ravi", "Elena"]
_LAST = ["Shah", "Okafor", "Larsen", "Dubois", "Silva", "Kim", "Novak", "Rossi", "Ahmed", "Berg"]
_TOPICS = ["Billing", "Infra", "Design", "Sales APAC", "Hiring", "Release", "Security", "Docs"]
_TEXTS = [
    "Reminder: {topic} sync moves to 3 PM today.",
    "Please review the {topic} notes before tomorrow.",
    "Can someone own the {topic} follow-ups from last week?",
    "Heads-up: {topic} dashboard numbers refresh tonight.",
    "Quick nudge on the {topic} approvals still pending.",
]
_ZONES = ["Asia/Kolkata", "America/Los_Angeles", "Europe/London", "America/New_York", "Asia/Tokyo"]


def generated_seed(now_ms: int, rng: random.Random, count: int, chat_count: int) -> Seed:
    """``count`` messages over ``chat_count`` chats (40% DMs, 30% groups, 30% channels)."""
    if count < 0 or chat_count < 1:
        raise ValueError("generated seeds need messages >= 0 and chats >= 1")
    chats = []
    for index in range(chat_count):
        roll = index % 10
        chat_type = "direct_message" if roll < 4 else "group_chat" if roll < 7 else "channel"
        if chat_type == "direct_message":
            name = f"{_FIRST[index % 10]} {_LAST[(index // 10) % 10]}"
        else:
            name = f"{_TOPICS[index % len(_TOPICS)]} {chat_type.split('_')[0]} {index}"
        chat_id = (
            f"CT_{1424569695482300000 + index}_631836344"
            if chat_type == "channel"
            else str(1424921584119000000 + index)
        )
        chats.append(
            FakeChat(
                chat_id=chat_id,
                name=name,
                chat_type=chat_type,
                participant_count=2 if chat_type == "direct_message" else rng.randint(3, 200),
                created_ms=now_ms - rng.randint(30, 900) * DAY,
                last_modified_ms=now_ms - rng.randint(1, 10_000) * MINUTE,
                creator=USER,
            )
        )
    messages = []
    for index in range(count):
        chat = chats[rng.randrange(chat_count)]
        tz = _ZONES[rng.randrange(len(_ZONES))]
        text = _TEXTS[rng.randrange(len(_TEXTS))].format(topic=_TOPICS[index % len(_TOPICS)])
        time_ms: int | None = None
        status: str | None = None
        if rng.random() < 0.7:
            time_ms = ceil_to(now_ms + rng.randint(5, 30 * 24 * 60) * MINUTE, 5 * MINUTE)
        else:
            choices = STATUSES[1:] if chat.chat_type == "direct_message" else STATUSES
            status = choices[rng.randrange(len(choices))]
        is_file = rng.random() < 0.15
        messages.append(
            FakeMessage(
                id=new_id(rng),
                chat_id=chat.chat_id,
                timezone=tz,
                created_ms=(now_ms - rng.randint(1, 20 * 24 * 60) * MINUTE) // 1000 * 1000,
                sender=USER,
                creator=USER,
                time_ms=time_ms,
                status=status,
                type="file" if is_file else "text",
                text=text,
                file_name=f"report-{index}.pdf" if is_file else None,
                file_size=f"{rng.randint(10, 900)}.{rng.randint(0, 99):02d} KB"
                if is_file
                else None,
            )
        )
    return Seed(chats, messages)
