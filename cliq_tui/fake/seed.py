"""Initial data: the Zylker demo organisation, nothing, or a generated queue of any size."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from cliq_tui.fake.model import STATUSES, FakeChat, FakeMessage, Person
from cliq_tui.fake.render import zone

USER = Person("697322516", "Priya")
"""The signed-in user: every scheduled message is hers."""
USER_TIMEZONE = "Asia/Kolkata"

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


def build_seed(
    name: str, now_ms: int, rng: random.Random, *, messages: int | None, chats: int | None
) -> Seed:
    """The initial data called ``name``: ``demo``, ``empty`` or ``generated``."""
    if name == "demo":
        return _demo(now_ms, rng)
    if name == "empty":
        return Seed([], [])
    if name == "generated":
        return _generated(now_ms, rng, messages if messages is not None else 200, chats or 20)
    raise ValueError(f"unknown seed {name!r} (demo, empty or generated)")


def _ceil_to(epoch_ms: int, step_ms: int) -> int:
    return -(-epoch_ms // step_ms) * step_ms


def _local_at(now_ms: int, tz_name: str, days: int, hour: int, minute: int = 0) -> int:
    """Epoch ms of ``hour:minute`` local time in ``tz_name``, ``days`` after today there."""
    tz = zone(tz_name)
    today = datetime.fromtimestamp(now_ms / 1000, tz).date() + timedelta(days=days)
    local = datetime(today.year, today.month, today.day, hour, minute, tzinfo=tz)
    return int(local.timestamp() * 1000)


# (key, name, type, participants)
_DEMO_CHATS = [
    ("benjamin", "Benjamin Carter", "direct_message", 2),
    ("alan", "Alan Walker", "direct_message", 2),
    ("sofia", "Sofia Martinez", "direct_message", 2),
    ("kenji", "Kenji Tanaka", "direct_message", 2),
    ("q2review", "Q2 Product Review - Design, Engineering & QA", "group_chat", 5),
    ("offsite", "Offsite Planning 2026", "group_chat", 7),
    ("launch", "Mobile Launch War Room", "group_chat", 9),
    ("finance", "Finance Team", "channel", 14),
    ("announce", "Zylker Announcements", "channel", 212),
    ("support", "Support Escalations", "channel", 31),
    ("taskbot", "Taskbot", "bot", 2),
]

# (chat key, timezone, when, created ago (h), type, text, file name, file size)
# "when" is ("in", minutes) | ("at", days, hour, minute) | ("status", trigger)
_DEMO_MESSAGES: list[tuple[str, str, tuple[object, ...], int, str, str, str | None, str | None]] = [
    (
        "benjamin",
        "Asia/Kolkata",
        ("status", "user_available"),
        30,
        "text",
        "Hi Benjamin, just a quick nudge. Please update the approval status for Claim "
        "#EXP-2026-0412 when you are available. No rush, respond whenever you are free!",
        None,
        None,
    ),
    (
        "benjamin",
        "America/Los_Angeles",
        ("at", 1, 9, 0),
        5,
        "text",
        "Morning! Can we move our 1:1 to Thursday? I have a vendor call that overlaps.",
        None,
        None,
    ),
    (
        "alan",
        "Asia/Kolkata",
        ("status", "call_end"),
        50,
        "text",
        "Alan, once you're off the call: the revised travel policy draft is in the Finance "
        "workspace. Two comments need your sign-off.",
        None,
        None,
    ),
    (
        "alan",
        "Europe/London",
        ("in", 95),
        3,
        "file",
        "Here is the reconciled ledger for March, variances are highlighted in yellow.",
        "Ledger-Reconciliation-March.xlsx",
        "248.3 KB",
    ),
    (
        "sofia",
        "America/New_York",
        ("at", 2, 10, 30),
        20,
        "text",
        "Happy birthday Sofia! Hope the team lunch is great, the cake is on me.",
        None,
        None,
    ),
    (
        "sofia",
        "Asia/Kolkata",
        ("status", "check_out"),
        8,
        "text",
        "Before you log off: please drop the final copy for the newsletter in the shared folder.",
        None,
        None,
    ),
    (
        "kenji",
        "Asia/Tokyo",
        ("at", 1, 8, 45),
        12,
        "text",
        "Kenji-san, the Osaka demo kit ships tomorrow. Tracking number follows.",
        None,
        None,
    ),
    (
        "kenji",
        "Asia/Kolkata",
        ("in", 40),
        1,
        "text",
        "Reminder: the API keys for the staging tenant rotate tonight.",
        None,
        None,
    ),
    (
        "q2review",
        "Asia/Kolkata",
        ("status", "check_in"),
        40,
        "text",
        "Good morning team! Quick reminder: design freeze for Q2 review is today. Please post "
        "blockers in this thread before 11 AM.",
        None,
        None,
    ),
    (
        "q2review",
        "America/Los_Angeles",
        ("at", 3, 14, 0),
        26,
        "file",
        "Final QA sign-off checklist for the Q2 review. Please tick your sections.",
        "Q2-QA-Signoff.pdf",
        "1.2 MB",
    ),
    (
        "q2review",
        "Asia/Kolkata",
        ("in", 180),
        6,
        "text",
        "Design crit in 15 minutes, bring the updated onboarding flows.",
        None,
        None,
    ),
    (
        "offsite",
        "Europe/London",
        ("at", 6, 9, 30),
        70,
        "text",
        "Offsite poll closes today, vote for the venue if you haven't yet!",
        None,
        None,
    ),
    (
        "offsite",
        "Asia/Kolkata",
        ("status", "user_available"),
        45,
        "text",
        "When you get a minute, confirm your dietary preferences for the offsite dinner.",
        None,
        None,
    ),
    (
        "launch",
        "America/Los_Angeles",
        ("in", 330),
        2,
        "text",
        "Go/no-go for the mobile release in 30 minutes. Crash-free rate must be above 99.5%.",
        None,
        None,
    ),
    (
        "launch",
        "Australia/Sydney",
        ("at", 1, 7, 0),
        9,
        "text",
        "APAC app store review status check: any rejections overnight?",
        None,
        None,
    ),
    (
        "finance",
        "Asia/Kolkata",
        ("at", 1, 9, 0),
        28,
        "text",
        "Q2 Expense Report Deadline: submit all claims by Friday. Invoices above $500 need "
        "manager approval. Contact @financeTeam for help.",
        None,
        None,
    ),
    (
        "finance",
        "Asia/Kolkata",
        ("at", 1, 9, 0),
        27,
        "file",
        "Please find the attached Q2 Expense Summary report. Review before the finance sync and "
        "flag any discrepancies to @financeTeam.",
        "Expense Summary - Zylker.pdf",
        "61.05 KB",
    ),
    (
        "finance",
        "Asia/Kolkata",
        ("status", "check_in"),
        33,
        "text",
        "Good morning! Please update your pending expense claims before the daily finance "
        "standup. Any blockers, ping @financeTeam.",
        None,
        None,
    ),
    (
        "announce",
        "America/New_York",
        ("at", 4, 11, 0),
        72,
        "text",
        "All-hands this Friday at 11 AM ET: roadmap, Q3 hiring plan and a surprise guest.",
        None,
        None,
    ),
    (
        "announce",
        "Europe/London",
        ("at", 13, 9, 0),
        100,
        "file",
        "The updated Zylker holiday calendar for the second half of the year.",
        "Zylker-Holidays-H2.pdf",
        "312.7 KB",
    ),
    (
        "support",
        "Asia/Kolkata",
        ("in", 15),
        1,
        "text",
        "Shift handover: 3 P1 tickets open, details in the escalation board.",
        None,
        None,
    ),
    (
        "support",
        "America/Los_Angeles",
        ("status", "check_out"),
        15,
        "text",
        "End-of-day summary: please tag any ticket still waiting on engineering.",
        None,
        None,
    ),
    (
        "support",
        "Asia/Kolkata",
        ("status", "call_end"),
        4,
        "text",
        "Log the customer call outcome in the ticket before picking up the next one.",
        None,
        None,
    ),
]


def _demo(now_ms: int, rng: random.Random) -> Seed:
    creators = {
        "direct_message": USER,
        "group_chat": Person("70027934", "Tim Harrison"),
        "channel": Person("70031125", "Lena Fischer"),
        "bot": Person("70000001", "Zylker Admin"),
    }
    chats: dict[str, FakeChat] = {}
    for index, (key, name, chat_type, count) in enumerate(_DEMO_CHATS):
        if chat_type == "channel":
            chat_id = f"CT_14245696954823{index:05d}_631836344"
        else:
            chat_id = f"1424921584119{index:06d}"
        chats[key] = FakeChat(
            chat_id=chat_id,
            name=name,
            chat_type=chat_type,
            participant_count=count,
            created_ms=now_ms - (400 - index * 20) * DAY,
            last_modified_ms=now_ms - (index + 1) * 37 * MINUTE,
            creator=creators[chat_type],
            pinned=key in ("finance", "benjamin"),
        )
    messages = []
    for key, tz, when, created_h, kind, text, file_name, file_size in _DEMO_MESSAGES:
        time_ms: int | None = None
        status: str | None = None
        if when[0] == "in":
            time_ms = _ceil_to(now_ms + int(when[1]) * MINUTE, 5 * MINUTE)  # type: ignore[call-overload]
        elif when[0] == "at":
            _, days, hour, minute = when
            time_ms = _local_at(now_ms, tz, int(days), int(hour), int(minute))  # type: ignore[call-overload]
            if time_ms <= now_ms:
                time_ms += DAY
        else:
            status = str(when[1])
        messages.append(
            FakeMessage(
                id=new_id(rng),
                chat_id=chats[key].chat_id,
                timezone=tz,
                created_ms=(now_ms - created_h * HOUR) // 1000 * 1000,
                sender=USER,
                creator=USER,
                time_ms=time_ms,
                status=status,
                type=kind,
                text=text,
                file_name=file_name,
                file_size=file_size,
            )
        )
    return Seed(list(chats.values()), messages)


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


def _generated(now_ms: int, rng: random.Random, count: int, chat_count: int) -> Seed:
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
            time_ms = _ceil_to(now_ms + rng.randint(5, 30 * 24 * 60) * MINUTE, 5 * MINUTE)
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
