"""The Zylker demo organisation: DMs, groups and channels with a realistic queue.

Times are relative to the clock's "now", so the demo always looks current.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from cliq_tui.fake.model import FakeChat, FakeMessage, Person
from cliq_tui.fake.seeds.common import DAY, HOUR, MINUTE, USER, Seed, ceil_to, local_at, new_id


@dataclass(frozen=True)
class In:
    """Due ``minutes`` from now (rounded up to 5 minutes)."""

    minutes: int


@dataclass(frozen=True)
class At:
    """Due at ``hour:minute`` local time, ``days`` from today (a day later if already past)."""

    days: int
    hour: int
    minute: int = 0


@dataclass(frozen=True)
class Status:
    """Delivered on a status trigger."""

    trigger: str


@dataclass(frozen=True)
class DemoMessage:
    """One message of the demo queue; ``file`` is (name, size) for a file message."""

    chat: str
    timezone: str
    when: In | At | Status
    created_hours_ago: int
    text: str
    file: tuple[str, str] | None = None


# (key, name, type, participants)
DEMO_CHATS = [
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

DEMO_MESSAGES = [
    DemoMessage(
        "benjamin",
        "Asia/Kolkata",
        Status("user_available"),
        30,
        "Hi Benjamin, just a quick nudge. Please update the approval status for Claim "
        "#EXP-2026-0412 when you are available. No rush, respond whenever you are free!",
    ),
    DemoMessage(
        "benjamin",
        "America/Los_Angeles",
        At(days=1, hour=9, minute=0),
        5,
        "Morning! Can we move our 1:1 to Thursday? I have a vendor call that overlaps.",
    ),
    DemoMessage(
        "alan",
        "Asia/Kolkata",
        Status("call_end"),
        50,
        "Alan, once you're off the call: the revised travel policy draft is in the Finance "
        "workspace. Two comments need your sign-off.",
    ),
    DemoMessage(
        "alan",
        "Europe/London",
        In(minutes=95),
        3,
        "Here is the reconciled ledger for March, variances are highlighted in yellow.",
        file=("Ledger-Reconciliation-March.xlsx", "248.3 KB"),
    ),
    DemoMessage(
        "sofia",
        "America/New_York",
        At(days=2, hour=10, minute=30),
        20,
        "Happy birthday Sofia! Hope the team lunch is great, the cake is on me.",
    ),
    DemoMessage(
        "sofia",
        "Asia/Kolkata",
        Status("check_out"),
        8,
        "Before you log off: please drop the final copy for the newsletter in the shared folder.",
    ),
    DemoMessage(
        "kenji",
        "Asia/Tokyo",
        At(days=1, hour=8, minute=45),
        12,
        "Kenji-san, the Osaka demo kit ships tomorrow. Tracking number follows.",
    ),
    DemoMessage(
        "kenji",
        "Asia/Kolkata",
        In(minutes=40),
        1,
        "Reminder: the API keys for the staging tenant rotate tonight.",
    ),
    DemoMessage(
        "q2review",
        "Asia/Kolkata",
        Status("check_in"),
        40,
        "Good morning team! Quick reminder: design freeze for Q2 review is today. Please post "
        "blockers in this thread before 11 AM.",
    ),
    DemoMessage(
        "q2review",
        "America/Los_Angeles",
        At(days=3, hour=14, minute=0),
        26,
        "Final QA sign-off checklist for the Q2 review. Please tick your sections.",
        file=("Q2-QA-Signoff.pdf", "1.2 MB"),
    ),
    DemoMessage(
        "q2review",
        "Asia/Kolkata",
        In(minutes=180),
        6,
        "Design crit in 15 minutes, bring the updated onboarding flows.",
    ),
    DemoMessage(
        "offsite",
        "Europe/London",
        At(days=6, hour=9, minute=30),
        70,
        "Offsite poll closes today, vote for the venue if you haven't yet!",
    ),
    DemoMessage(
        "offsite",
        "Asia/Kolkata",
        Status("user_available"),
        45,
        "When you get a minute, confirm your dietary preferences for the offsite dinner.",
    ),
    DemoMessage(
        "launch",
        "America/Los_Angeles",
        In(minutes=330),
        2,
        "Go/no-go for the mobile release in 30 minutes. Crash-free rate must be above 99.5%.",
    ),
    DemoMessage(
        "launch",
        "Australia/Sydney",
        At(days=1, hour=7, minute=0),
        9,
        "APAC app store review status check: any rejections overnight?",
    ),
    DemoMessage(
        "finance",
        "Asia/Kolkata",
        At(days=1, hour=9, minute=0),
        28,
        "Q2 Expense Report Deadline: submit all claims by Friday. Invoices above $500 need "
        "manager approval. Contact @financeTeam for help.",
    ),
    DemoMessage(
        "finance",
        "Asia/Kolkata",
        At(days=1, hour=9, minute=0),
        27,
        "Please find the attached Q2 Expense Summary report. Review before the finance sync and "
        "flag any discrepancies to @financeTeam.",
        file=("Expense Summary - Zylker.pdf", "61.05 KB"),
    ),
    DemoMessage(
        "finance",
        "Asia/Kolkata",
        Status("check_in"),
        33,
        "Good morning! Please update your pending expense claims before the daily finance "
        "standup. Any blockers, ping @financeTeam.",
    ),
    DemoMessage(
        "announce",
        "America/New_York",
        At(days=4, hour=11, minute=0),
        72,
        "All-hands this Friday at 11 AM ET: roadmap, Q3 hiring plan and a surprise guest.",
    ),
    DemoMessage(
        "announce",
        "Europe/London",
        At(days=13, hour=9, minute=0),
        100,
        "The updated Zylker holiday calendar for the second half of the year.",
        file=("Zylker-Holidays-H2.pdf", "312.7 KB"),
    ),
    DemoMessage(
        "support",
        "Asia/Kolkata",
        In(minutes=15),
        1,
        "Shift handover: 3 P1 tickets open, details in the escalation board.",
    ),
    DemoMessage(
        "support",
        "America/Los_Angeles",
        Status("check_out"),
        15,
        "End-of-day summary: please tag any ticket still waiting on engineering.",
    ),
    DemoMessage(
        "support",
        "Asia/Kolkata",
        Status("call_end"),
        4,
        "Log the customer call outcome in the ticket before picking up the next one.",
    ),
]

_CREATORS = {
    "direct_message": USER,
    "group_chat": Person("70027934", "Tim Harrison"),
    "channel": Person("70031125", "Lena Fischer"),
    "bot": Person("70000001", "Zylker Admin"),
}


def demo_seed(now_ms: int, rng: random.Random) -> Seed:
    """The demo organisation as of ``now_ms``."""
    chats: dict[str, FakeChat] = {}
    for index, (key, name, chat_type, count) in enumerate(DEMO_CHATS):
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
            creator=_CREATORS[chat_type],
            pinned=key in ("finance", "benjamin"),
        )
    messages = [_message(entry, chats[entry.chat].chat_id, now_ms, rng) for entry in DEMO_MESSAGES]
    return Seed(list(chats.values()), messages)


def _message(entry: DemoMessage, chat_id: str, now_ms: int, rng: random.Random) -> FakeMessage:
    time_ms: int | None = None
    status: str | None = None
    when = entry.when
    if isinstance(when, In):
        time_ms = ceil_to(now_ms + when.minutes * MINUTE, 5 * MINUTE)
    elif isinstance(when, At):
        time_ms = local_at(now_ms, entry.timezone, when.days, when.hour, when.minute)
        if time_ms <= now_ms:
            time_ms += DAY
    else:
        status = when.trigger
    return FakeMessage(
        id=new_id(rng),
        chat_id=chat_id,
        timezone=entry.timezone,
        created_ms=(now_ms - entry.created_hours_ago * HOUR) // 1000 * 1000,
        sender=USER,
        creator=USER,
        time_ms=time_ms,
        status=status,
        type="file" if entry.file else "text",
        text=entry.text,
        file_name=entry.file[0] if entry.file else None,
        file_size=entry.file[1] if entry.file else None,
    )
