"""A real-sized account: 25 scheduled messages in 12 of 300 chats.

Zoho caps a user at 25 scheduled messages, so a real queue is small, while the user belongs to
hundreds of chats. The 12 chats that hold messages (5 DMs, 4 groups, 3 channels) sit spread
through the recency order, from the most recent chat to one quiet for two months. The texts are
written the way people write: most name the person or the topic of the chat ("Marta, can
you...", "Offsite hotel block..."), some do not, and some name a word that other chats share.
The other 288 chats are drawn from name pools (first names repeat, as in any organisation),
deterministic for the random seed.
"""

from __future__ import annotations

import random

from cliq_tui.fake.model import FakeChat, Person
from cliq_tui.fake.seeds.common import MINUTE, USER, Seed
from cliq_tui.fake.seeds.demo import At, DemoMessage, In, Status, _message

CHAT_COUNT = 300

# (recency rank, key, name, type, participants): the chats that hold scheduled messages.
MESSAGE_CHATS = [
    (0, "roadmap", "Q3 Roadmap Review", "group_chat", 6),
    (3, "marta", "Marta Kowalski", "direct_message", 2),
    (9, "tom", "Tom Becker", "direct_message", 2),
    (17, "release", "Mobile Release Squad", "group_chat", 9),
    (28, "finance", "Finance Team", "channel", 14),
    (44, "daniel", "Daniel Osei", "direct_message", 2),
    (66, "offsite", "Berlin Offsite 2026", "group_chat", 7),
    (95, "support", "Support Escalations", "channel", 31),
    (133, "hiroshi", "Hiroshi Watanabe", "direct_message", 2),
    (180, "vendors", "Vendor Onboarding", "group_chat", 6),
    (232, "aisha", "Aisha Rahman", "direct_message", 2),
    (287, "announce", "Company Announcements", "channel", 212),
]

MESSAGES = [
    DemoMessage(
        "roadmap",
        "Asia/Kolkata",
        At(days=1, hour=10),
        20,
        "Roadmap review moves to 3 PM, the updated deck is in the shared drive.",
    ),
    DemoMessage(
        "roadmap",
        "Asia/Kolkata",
        Status("check_in"),
        30,
        "Morning all! Please add your Q3 estimates to the planning sheet before standup.",
    ),
    DemoMessage(
        "roadmap",
        "Asia/Kolkata",
        At(days=2, hour=9, minute=30),
        26,
        "Draft v4 for Thursday, comments inline please.",
        file=("Roadmap-Q3-draft-v4.pdf", "1.4 MB"),
    ),
    DemoMessage(
        "marta",
        "Europe/Warsaw",
        In(minutes=120),
        3,
        "Marta, can you send me the signed NDA before the vendor call?",
    ),
    DemoMessage(
        "marta",
        "Asia/Kolkata",
        At(days=1, hour=8, minute=30),
        11,
        "Reminder: I'm at the dentist from 4, offline after 3:30.",
    ),
    DemoMessage(
        "tom",
        "Europe/Berlin",
        At(days=3, hour=9),
        7,
        "Can we push our 1:1 to Thursday? The budget call overlaps.",
    ),
    DemoMessage(
        "tom",
        "Asia/Kolkata",
        Status("call_end"),
        9,
        "When you're off the call, ping me about the contract redlines.",
    ),
    DemoMessage(
        "release",
        "America/Los_Angeles",
        In(minutes=330),
        2,
        "Go/no-go for the 4.2 release in 30 minutes. Crash-free rate must be above 99.5%.",
    ),
    DemoMessage(
        "release",
        "Australia/Sydney",
        At(days=1, hour=7),
        9,
        "App store review status: any rejections overnight?",
    ),
    DemoMessage(
        "finance",
        "Asia/Kolkata",
        At(days=1, hour=9),
        28,
        "Expense claims close Friday. Invoices above $500 need manager approval, ping "
        "@financeTeam.",
    ),
    DemoMessage(
        "finance",
        "Asia/Kolkata",
        Status("check_in"),
        33,
        "Good morning! Please update pending claims before the daily finance standup.",
    ),
    DemoMessage(
        "daniel",
        "Europe/London",
        At(days=4, hour=10),
        40,
        "Happy work anniversary Daniel! Five years, amazing run.",
    ),
    DemoMessage(
        "daniel",
        "Asia/Kolkata",
        Status("user_available"),
        14,
        "When you're free: the offer letter draft needs your initials.",
    ),
    DemoMessage(
        "offsite",
        "Europe/Berlin",
        At(days=6, hour=9, minute=30),
        70,
        "Offsite hotel block closes Friday, book your room if you haven't.",
    ),
    DemoMessage(
        "offsite",
        "Asia/Kolkata",
        Status("user_available"),
        45,
        "Confirm your dietary preferences for the team dinner when you get a minute.",
    ),
    DemoMessage(
        "support",
        "Asia/Kolkata",
        In(minutes=15),
        1,
        "Shift handover: 3 P1 tickets open, details on the escalation board.",
    ),
    DemoMessage(
        "support",
        "America/Los_Angeles",
        Status("check_out"),
        15,
        "End-of-day summary: tag every ticket still waiting on engineering.",
    ),
    DemoMessage(
        "hiroshi",
        "Asia/Tokyo",
        At(days=1, hour=8, minute=45),
        12,
        "Watanabe-san, the Kyoto venue confirmed our booking for the 14th.",
    ),
    DemoMessage(
        "hiroshi",
        "Asia/Kolkata",
        In(minutes=40),
        1,
        "The API keys for the staging tenant rotate tonight.",
    ),
    DemoMessage(
        "vendors",
        "Asia/Kolkata",
        At(days=5, hour=11),
        50,
        "Hi all, the security questionnaire for new vendors is due Monday.",
    ),
    DemoMessage(
        "vendors",
        "Asia/Kolkata",
        At(days=5, hour=11),
        50,
        "Template attached.",
        file=("Vendor-Security-Questionnaire.xlsx", "88.2 KB"),
    ),
    DemoMessage(
        "aisha",
        "Asia/Dubai",
        At(days=2, hour=10, minute=30),
        22,
        "Aisha, your visa invitation letter is ready, I left it at reception.",
    ),
    DemoMessage(
        "aisha",
        "Asia/Kolkata",
        Status("check_out"),
        19,
        "Before you log off: please drop the signed travel form in the HR folder.",
    ),
    DemoMessage(
        "announce",
        "America/New_York",
        At(days=4, hour=11),
        72,
        "Announcement: all-hands Friday 11 AM ET, roadmap, hiring plan and a surprise guest.",
    ),
    DemoMessage(
        "announce",
        "Europe/London",
        At(days=13, hour=9),
        100,
        "Updated holiday calendar for the second half of the year.",
        file=("Holiday-Calendar-H2.pdf", "312.7 KB"),
    ),
]


def _pool(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST = _pool(
    "Aarav Abdul Adaeze Ahmed Aiko Alan Alejandro Amara Ana Anders Anika Arjun Beatriz Ben "
    "Carlos Chen Chloe Daniel David Deepa Elena Emeka Emma Erik Fatima Felix Grace Hana "
    "Hugo Ines Ivan Jamal Jin Joao Julia Kenji Kofi Lars Lea Leila Liam Lucas Mai Maria "
    "Mateo Maya Mei Nadia Nikhil Noah Olga Omar Pablo Priyanka Rahul Rosa Sara Sofia Tom "
    "Wei Yusuf Zara"
)
_LAST = _pool(
    "Adeyemi Andersen Bauer Brown Costa Dubois Eriksen Fernandes Garcia Gupta Haddad "
    "Ivanova Jensen Kapoor Kim Larsen Lopez Meyer Mensah Nakamura Novak Okafor Park Patel "
    "Rossi Santos Schmidt Silva Singh Suzuki Tan Weber Yilmaz Zhang"
)
_PROJECTS = _pool(
    "Atlas Phoenix Orion Nimbus Helix Quartz Falcon Juniper Sequoia Cobalt Aurora Zephyr "
    "Mercury Polaris Titan Vega Lumen Summit Harbor Ember"
)
_GROUP_KINDS = (
    "Core Team",
    "Standup",
    "Design Sync",
    "Launch",
    "Weekly",
    "Retro",
    "Leads",
    "QA",
    "Planning",
    "Hiring Panel",
    "Review",
    "Migration",
)
_DEPARTMENTS = (
    "Sales",
    "Marketing",
    "Engineering",
    "Product",
    "Design",
    "Legal",
    "People",
    "IT Helpdesk",
    "Security",
    "Data",
    "Partners",
    "Customer Success",
    "Platform",
    "Recruiting",
    "Facilities",
    "Procurement",
    "Pune Office",
    "Austin Office",
    "Dublin Office",
    "Random",
)
# One announcements channel per company, as usual; departments have their own kinds.
_CHANNEL_KINDS = ("", " Updates", " Team", " Watercooler", " Alerts")
_BOTS = ("Taskbot", "Zia", "Standup Bot", "Polls", "Reminders", "Jira Bot", "Deploy Bot")
_TYPES = ("direct_message", "group_chat", "channel", "bot")
_TYPE_WEIGHTS = (45, 30, 22, 3)


def _minutes_ago(rank: int) -> int:
    """The most recent chat was active 4 minutes ago; the 300th about two months ago."""
    return round(4 * 1.034**rank) + rank


def _filler_name(chat_type: str, rng: random.Random, taken: set[str]) -> str:
    for _ in range(1000):
        if chat_type == "direct_message":
            name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        elif chat_type == "group_chat":
            name = f"{rng.choice(_PROJECTS)} {rng.choice(_GROUP_KINDS)}"
        elif chat_type == "channel":
            name = f"{rng.choice(_DEPARTMENTS)}{rng.choice(_CHANNEL_KINDS)}"
        else:
            name = rng.choice(_BOTS) if len(taken) % 2 else f"{rng.choice(_PROJECTS)} Bot"
        if name not in taken:
            return name
    return f"Chat {len(taken)}"


def _chat_id(chat_type: str, rng: random.Random) -> str:
    number = rng.randrange(10**18, 10**19)
    return f"CT_{number}_631836344" if chat_type == "channel" else str(number)


def realistic_seed(now_ms: int, rng: random.Random) -> Seed:
    """The real-sized account as of ``now_ms``: 300 chats, 25 messages in 12 of them."""
    fixed = {rank: (key, name, kind, count) for rank, key, name, kind, count in MESSAGE_CHATS}
    taken = {name for _, _, name, _, _ in MESSAGE_CHATS}
    creators = {
        "group_chat": Person("70027934", "Tim Harrison"),
        "channel": Person("70031125", "Lena Fischer"),
        "bot": Person("70000001", "Zylker Admin"),
    }
    chats: list[FakeChat] = []
    by_key: dict[str, FakeChat] = {}
    for rank in range(CHAT_COUNT):
        if rank in fixed:
            key, name, chat_type, count = fixed[rank]
        else:
            key = ""
            chat_type = rng.choices(_TYPES, _TYPE_WEIGHTS)[0]
            name = _filler_name(chat_type, rng, taken)
            count = 2 if chat_type in ("direct_message", "bot") else rng.randint(3, 60)
        taken.add(name)
        modified = now_ms - _minutes_ago(rank) * MINUTE
        chat = FakeChat(
            chat_id=_chat_id(chat_type, rng),
            name=name,
            chat_type=chat_type,
            participant_count=count,
            created_ms=modified - rng.randint(30, 900) * 24 * 60 * MINUTE,
            last_modified_ms=modified,
            creator=creators.get(chat_type, USER),
            pinned=rank in (3, 28),
        )
        chats.append(chat)
        if key:
            by_key[key] = chat
    messages = [_message(entry, by_key[entry.chat].chat_id, now_ms, rng) for entry in MESSAGES]
    # The server sorts by recency itself: the order chats are stored in must not hint at it.
    rng.shuffle(chats)
    return Seed(chats, messages)
